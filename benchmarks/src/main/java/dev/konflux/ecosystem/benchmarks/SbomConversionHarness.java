package dev.konflux.ecosystem.benchmarks;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.bom.Sbom;
import dev.konflux.ecosystem.bom.SbomConverter;
import dev.konflux.ecosystem.bom.SbomEncoding;
import dev.konflux.ecosystem.bom.SbomReader;
import dev.konflux.ecosystem.bom.SbomSource;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.cyclonedx.parsers.JsonParser;
import org.spdx.jacksonstore.MultiFormatStore;
import org.spdx.library.SpdxModelFactory;
import org.spdx.library.model.v2.SpdxDocument;
import org.spdx.storage.simple.InMemSpdxStore;

/**
 * Whole-process harness for SBOM conversion (run one mode per JVM under {@code /usr/bin/time -v}
 * for peak RSS; see bench/sbom-convert.sh):
 *
 * <ul>
 *   <li>{@code generate FILE N}: writes a Konflux-shaped SPDX 2.3 document with N packages (rpm,
 *       pypi and maven purls, SHA-256 checksums, licences, an image that CONTAINS all of them and a
 *       DEPENDS_ON chain);
 *   <li>{@code convert FILE OUT [noverify]}: our SbomReader (validation included unless {@code
 *       noverify}) then SbomConverter to CycloneDX 1.6 JSON;
 *   <li>{@code spdx-parse FILE}: java-spdx-library's JSON store deSerialize only (its floor);
 *   <li>{@code cdx-parse FILE}: cyclonedx-core-java's JsonParser.parse only (its floor).
 * </ul>
 *
 * Prints phase times in milliseconds.
 */
public final class SbomConversionHarness {
  private SbomConversionHarness() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "generate" -> generate(Path.of(args[1]), Integer.parseInt(args[2]));
      case "convert" ->
          convert(
              Path.of(args[1]), Path.of(args[2]), args.length > 3 && args[3].equals("noverify"));
      case "spdx-parse" -> spdxParse(Path.of(args[1]));
      case "cdx-parse" -> cdxParse(Path.of(args[1]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void generate(Path file, int n) throws Exception {
    try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      w.write(
          "{\"spdxVersion\":\"SPDX-2.3\",\"dataLicense\":\"CC0-1.0\",\"SPDXID\":\"SPDXRef-DOCUMENT\","
              + "\"name\":\"quay.io/bench/image\",\"documentNamespace\":\"https://konflux-ci.dev/spdxdocs/bench-"
              + n
              + "\","
              + "\"creationInfo\":{\"created\":\"2025-05-13T10:21:07Z\",\"creators\":[\"Tool: mobster-0.5.0\"]},\n"
              + "\"packages\":[\n");
      String image = hex("image");
      w.write(
          pkg(
              "SPDXRef-image",
              "image",
              "sha256:" + image,
              "pkg:oci/image@sha256%3A" + image,
              image,
              "NOASSERTION"));
      String[] licences = {
        "MIT", "Apache-2.0", "GPL-2.0-or-later", "BSD-3-Clause", "LGPL-2.1-or-later OR MIT"
      };
      for (int i = 0; i < n; i++) {
        String purl =
            switch (i % 3) {
              case 0 -> "pkg:rpm/redhat/pkg" + i + "@1." + i + "-1.el9?arch=x86_64";
              case 1 -> "pkg:pypi/pkg" + i + "@1." + i;
              default -> "pkg:maven/org.example/pkg" + i + "@1." + i + "?type=jar";
            };
        w.write(",\n");
        w.write(
            pkg(
                "SPDXRef-p" + i,
                "pkg" + i,
                "1." + i,
                purl,
                hex("p" + i),
                licences[i % licences.length]));
      }
      w.write(
          "],\n\"relationships\":[{\"spdxElementId\":\"SPDXRef-DOCUMENT\",\"relationshipType\":\"DESCRIBES\","
              + "\"relatedSpdxElement\":\"SPDXRef-image\"}");
      for (int i = 0; i < n; i++) {
        w.write(
            ",\n{\"spdxElementId\":\"SPDXRef-image\",\"relationshipType\":\"CONTAINS\",\"relatedSpdxElement\":\"SPDXRef-p"
                + i
                + "\"}");
        if (i > 0 && i % 10 != 0) {
          w.write(
              ",\n{\"spdxElementId\":\"SPDXRef-p"
                  + (i - 1)
                  + "\",\"relationshipType\":\"DEPENDS_ON\","
                  + "\"relatedSpdxElement\":\"SPDXRef-p"
                  + i
                  + "\"}");
        }
      }
      w.write("]}\n");
    }
    System.out.printf(
        Locale.ROOT, "generated %s: %d packages, %d bytes%n", file, n, Files.size(file));
  }

  private static String pkg(
      String id, String name, String version, String purl, String sha256, String licence) {
    return "{\"SPDXID\":\""
        + id
        + "\",\"name\":\""
        + name
        + "\",\"versionInfo\":\""
        + version
        + "\",\"downloadLocation\":\"NOASSERTION\",\"filesAnalyzed\":false,\"licenseConcluded\":\"NOASSERTION\","
        + "\"licenseDeclared\":\""
        + licence
        + "\",\"supplier\":\"Organization: Red Hat\","
        + "\"externalRefs\":[{\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":\"purl\",\"referenceLocator\":\""
        + purl
        + "\"}],\"checksums\":[{\"algorithm\":\"SHA256\",\"checksumValue\":\""
        + sha256
        + "\"}]}";
  }

  private static String hex(String seed) {
    return Digest.sha256Of(seed.getBytes(StandardCharsets.UTF_8)).hex();
  }

  private static void convert(Path file, Path out, boolean noVerify) throws Exception {
    long t0 = System.nanoTime();
    SbomReader reader = SbomReader.builder().maxBytes(1L << 30).verifySpdx(!noVerify).build();
    Sbom sbom;
    try (InputStream in = Files.newInputStream(file)) {
      sbom =
          reader.read(
              in,
              new SbomSource(
                  Digest.sha256(hex("bench")), null, "text/spdx+json", Files.size(file)));
    }
    long t1 = System.nanoTime();
    byte[] cdx = new SbomConverter().toCycloneDx(sbom, SbomEncoding.JSON);
    Files.write(out, cdx);
    long t2 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "convert%s: %d packages, read+validate %d ms, write CycloneDX 1.6 %d ms (%d bytes), "
            + "total %d ms%n",
        noVerify ? " (no SPDX verify)" : "",
        sbom.packages().size(),
        (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000,
        cdx.length,
        (t2 - t0) / 1_000_000);
  }

  private static void spdxParse(Path file) throws Exception {
    long t0 = System.nanoTime();
    System.setProperty("org.spdx.useJARLicenseInfoOnly", "true");
    SpdxModelFactory.init();
    MultiFormatStore store =
        new MultiFormatStore(new InMemSpdxStore(), MultiFormatStore.Format.JSON);
    SpdxDocument doc;
    try (InputStream in = Files.newInputStream(file)) {
      doc = store.deSerialize(in, false);
    }
    long t1 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "java-spdx-library deSerialize: %s, %d ms%n",
        doc.getName().orElse("?"),
        (t1 - t0) / 1_000_000);
  }

  private static void cdxParse(Path file) throws Exception {
    long t0 = System.nanoTime();
    var bom = new JsonParser().parse(file.toFile());
    long t1 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "cyclonedx-core-java parse: %d components, %d ms%n",
        bom.getComponents().size(),
        (t1 - t0) / 1_000_000);
  }
}
