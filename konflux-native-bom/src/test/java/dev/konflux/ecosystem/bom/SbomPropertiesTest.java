package dev.konflux.ecosystem.bom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.konflux.ecosystem.api.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property tests: conversions keep every purl and checksum; arbitrary bytes give only the typed
 * error.
 */
class SbomPropertiesTest {
  private static final Map<String, Integer> HEX_LENGTHS =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("MD5", 32),
              Map.entry("SHA1", 40),
              Map.entry("SHA224", 56),
              Map.entry("SHA256", 64),
              Map.entry("SHA384", 96),
              Map.entry("SHA512", 128),
              Map.entry("SHA3-256", 64),
              Map.entry("SHA3-384", 96),
              Map.entry("SHA3-512", 128),
              Map.entry("BLAKE2b-256", 64),
              Map.entry("BLAKE2b-384", 96),
              Map.entry("BLAKE2b-512", 128),
              Map.entry("BLAKE3", 64),
              Map.entry("MD2", 32),
              Map.entry("MD4", 32),
              Map.entry("MD6", 64),
              Map.entry("ADLER32", 8)));

  private final SbomReader reader = SbomReader.create();
  private final SbomConverter converter = new SbomConverter();

  @Provide
  Arbitrary<String> purls() {
    Arbitrary<String> name =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .numeric()
            .withChars('-')
            .ofMinLength(1)
            .ofMaxLength(12)
            .filter(s -> Character.isLetter(s.charAt(0)));
    Arbitrary<String> version =
        Arbitraries.integers()
            .between(0, 40)
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(l -> String.join(".", l.stream().map(String::valueOf).toList()));
    Arbitrary<String> type =
        Arbitraries.of(
            "pypi", "maven/org.example", "rpm/redhat", "npm", "golang/github.com/x", "generic");
    return Combinators.combine(type, name, version, Arbitraries.of("", "?arch=x86_64", "?type=jar"))
        .as((t, n, v, q) -> "pkg:" + t + "/" + n + "@" + v + q);
  }

  @Provide
  Arbitrary<List<SbomChecksum>> checksums() {
    return Arbitraries.of(List.copyOf(HEX_LENGTHS.keySet()))
        .set()
        .ofMaxSize(5)
        .flatMap(
            algs -> {
              List<Arbitrary<SbomChecksum>> each = new ArrayList<>();
              for (String alg : algs) {
                each.add(
                    Arbitraries.strings()
                        .withChars("0123456789abcdef")
                        .ofLength(HEX_LENGTHS.get(alg))
                        .map(hex -> new SbomChecksum(alg, hex)));
              }
              return Combinators.combine(each).as(List::copyOf);
            });
  }

  @Provide
  Arbitrary<Sbom> sboms() {
    Arbitrary<String> text =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars(' ', '.', '_', '-')
            .ofMinLength(1)
            .ofMaxLength(20)
            .map(String::strip)
            .filter(s -> !s.isEmpty());
    Arbitrary<SbomPackage> pkg =
        Combinators.combine(
                text,
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(5).injectNull(0.2),
                purls().list().ofMaxSize(3).uniqueElements(),
                checksums(),
                Arbitraries.of("MIT", "Apache-2.0", "GPL-2.0-or-later", "LicenseRef-Custom-1")
                    .injectNull(0.3),
                Arbitraries.of("Red Hat", "Example Org").injectNull(0.5))
            .as((n, v, p, c, l, s) -> new SbomPackage("x", n, v, p, c, l, null, s, null));
    return pkg.list()
        .ofMinSize(1)
        .ofMaxSize(12)
        .flatMap(
            list -> {
              List<SbomPackage> packages = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                SbomPackage p = list.get(i);
                packages.add(
                    new SbomPackage(
                        "SPDXRef-p" + i,
                        p.name(),
                        p.version(),
                        p.purls(),
                        p.checksums(),
                        p.licenseDeclared(),
                        p.licenseConcluded(),
                        p.supplier(),
                        p.purpose()));
              }
              int n = packages.size();
              Arbitrary<SbomRelationship> edge =
                  Combinators.combine(
                          Arbitraries.integers().between(0, n - 1),
                          Arbitraries.integers().between(0, n - 1))
                      .as(
                          (a, b) ->
                              new SbomRelationship(
                                  "SPDXRef-p" + a, SbomRelationship.DEPENDS_ON, "SPDXRef-p" + b));
              return edge.list()
                  .ofMaxSize(2 * n)
                  .uniqueElements()
                  .map(
                      edges ->
                          new Sbom(
                              SbomSource.of(
                                  Digest.sha256Of("generated".getBytes(StandardCharsets.UTF_8)),
                                  "text/spdx+json"),
                              SbomFormat.SPDX_2_3,
                              "generated",
                              "https://example.invalid/spdx/generated",
                              "2025-01-01T00:00:00Z",
                              List.of("Tool: jqwik"),
                              List.of("SPDXRef-p0"),
                              packages,
                              edges));
            });
  }

  private static Set<String> purlsById(Sbom s) {
    Set<String> out = new HashSet<>();
    s.packages().forEach(p -> p.purls().forEach(u -> out.add(p.id() + " " + u)));
    return out;
  }

  private static Set<String> checksumsById(Sbom s) {
    Set<String> out = new HashSet<>();
    s.packages()
        .forEach(
            p ->
                p.checksums()
                    .forEach(c -> out.add(p.id() + " " + c.algorithm() + " " + c.value())));
    return out;
  }

  private Sbom reread(byte[] bytes, String mediaType) throws SbomException {
    return reader.read(bytes, SbomSource.of(Digest.sha256Of(bytes), mediaType));
  }

  @Property(tries = 60)
  void conversionNeverLosesAPurlOrChecksum(@ForAll("sboms") Sbom sbom) throws Exception {
    for (SbomEncoding encoding : SbomEncoding.values()) {
      byte[] cdx = converter.toCycloneDx(sbom, encoding);
      assertEquals(
          List.of(),
          encoding == SbomEncoding.JSON
              ? CycloneDxValidation.json16(cdx)
              : CycloneDxValidation.xml16(cdx));
      Sbom fromCdx = reread(cdx, encoding.mediaType());
      assertEquals(purlsById(sbom), purlsById(fromCdx));
      assertEquals(checksumsById(sbom), checksumsById(fromCdx));

      byte[] spdx = converter.toSpdx(fromCdx);
      assertEquals(List.of(), SpdxVerification.verify(spdx));
      Sbom fromSpdx = reread(spdx, "text/spdx+json");
      assertEquals(purlsById(sbom), purlsById(fromSpdx));
      assertEquals(checksumsById(sbom), checksumsById(fromSpdx));
    }
  }

  @Provide
  Arbitrary<byte[]> untrusted() {
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
    Arbitrary<byte[]> jsonish =
        Arbitraries.strings()
            .withChars("{}[]\":,0123456789 abcdefnulltrue-.\\<>/=?")
            .ofMaxLength(300)
            .map(s -> ("{" + s).getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> xmlish =
        Arbitraries.strings()
            .withChars("<>/=\"' abcdefbom!DOCTYPE&;:?xml")
            .ofMaxLength(300)
            .map(
                s ->
                    ("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">" + s)
                        .getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> mutated =
        Combinators.combine(
                Arbitraries.of(
                    "konflux-mobster-image.spdx.json",
                    "cyclonedx-maven-plugin.cdx.json",
                    "cyclonedx-maven-plugin.cdx.xml",
                    "cyclonedx-maven-plugin-1.4.cdx.json"),
                Arbitraries.integers()
                    .between(0, Integer.MAX_VALUE)
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(4),
                Arbitraries.bytes().list().ofMinSize(4).ofMaxSize(4),
                Arbitraries.integers().between(0, 100))
            .as(
                (name, positions, values, truncatePercent) -> {
                  byte[] b = TestSboms.bytes(name).clone();
                  for (int i = 0; i < positions.size(); i++) {
                    b[positions.get(i) % b.length] = values.get(i);
                  }
                  return truncatePercent > 80
                      ? java.util.Arrays.copyOf(b, b.length * (truncatePercent - 80) / 20)
                      : b;
                });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, raw),
        net.jqwik.api.Tuple.of(2, jsonish),
        net.jqwik.api.Tuple.of(2, xmlish),
        net.jqwik.api.Tuple.of(3, mutated));
  }

  @Property(tries = 400)
  void arbitraryBytesGiveTheTypedErrorAndNothingElse(@ForAll("untrusted") byte[] bytes) {
    SbomSource source = SbomSource.of(Digest.sha256Of(bytes), "application/json");
    try {
      Sbom sbom = reader.read(bytes, source);
      assertEquals(source, sbom.source());
    } catch (SbomException e) {
      assertEquals(source, e.source());
      assertEquals(true, e.getMessage().contains(source.digest().toString()));
    }
  }
}
