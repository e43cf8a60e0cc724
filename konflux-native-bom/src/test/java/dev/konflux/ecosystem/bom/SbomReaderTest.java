package dev.konflux.ecosystem.bom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SbomReaderTest {

  @Test
  void readsKonfluxMobsterSpdx() throws Exception {
    Sbom sbom = TestSboms.read("konflux-mobster-image.spdx.json");
    assertEquals(SbomFormat.SPDX_2_3, sbom.format());
    assertEquals(7, sbom.packages().size());
    SbomPackage primary = sbom.primary().orElseThrow();
    assertEquals("SPDXRef-image-index", primary.id());
    assertTrue(primary.purl().startsWith("pkg:oci/konflux-demo@sha256%3A"), primary.purl());
    assertEquals("Red Hat", primary.supplier());
    assertEquals("CONTAINER", primary.purpose());
    SbomPackage glibc = sbom.packagesById().get("SPDXRef-Package-rpm-glibc-2.34-100.el9");
    assertEquals("2.34-100.el9", glibc.version());
    assertEquals(
        Set.of("SHA256", "SHA1"),
        glibc.checksums().stream().map(SbomChecksum::algorithm).collect(Collectors.toSet()));
    // java-spdx-library normalises expressions (sorted, parenthesised).
    assertEquals("(GPL-2.0-or-later AND LGPL-2.1-or-later)", glibc.licenseDeclared());
    SbomPackage jackson = sbom.packagesById().get("SPDXRef-Package-maven-jackson-databind-2.17.1");
    assertEquals("Apache-2.0", jackson.licenseConcluded());
    // DEPENDENCY_OF is read in its forward direction.
    assertTrue(
        sbom.relationships()
            .contains(
                new SbomRelationship(
                    "SPDXRef-Package-rpm-bash-5.1.8-9.el9",
                    "DEPENDS_ON",
                    "SPDXRef-Package-rpm-glibc-2.34-100.el9")),
        sbom.relationships().toString());
    assertTrue(
        sbom.relationships()
            .contains(
                new SbomRelationship(
                    "SPDXRef-Package-pypi-requests-2.32.3",
                    "DEPENDS_ON",
                    "SPDXRef-Package-pypi-urllib3-2.2.2")));
    assertTrue(
        sbom.relationships()
            .contains(
                new SbomRelationship(
                    "SPDXRef-image-amd64", "CONTAINS", "SPDXRef-Package-pypi-requests-2.32.3")));
    assertEquals(
        List.of(
            "Organization: Red Hat",
            "Tool: Konflux CI",
            "Tool: mobster-0.5.0",
            "Tool: syft-v1.19.0"),
        sbom.creators().stream().sorted().toList());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cyclonedx-maven-plugin.cdx.json",
        "cyclonedx-maven-plugin-1.5.cdx.json",
        "cyclonedx-maven-plugin-1.4.cdx.json"
      })
  void readsCycloneDxMavenPluginJson(String name) throws Exception {
    Sbom sbom = TestSboms.read(name);
    assertTrue(sbom.format().isCycloneDx());
    assertEquals(6, sbom.packages().size());
    SbomPackage primary = sbom.primary().orElseThrow();
    assertEquals("pkg:maven/dev.konflux.demo/demo-app@1.0.0?type=jar", primary.purl());
    assertEquals("Apache-2.0", primary.licenseDeclared());
    SbomPackage databind =
        sbom.packagesById()
            .get("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.1?type=jar");
    assertEquals(8, databind.checksums().size());
    assertEquals(1, databind.sha256().size());
    SbomPackage bc =
        sbom.packagesById().get("pkg:maven/org.bouncycastle/bcprov-jdk18on@1.78.1?type=jar");
    assertEquals("LicenseRef-Bouncy-Castle-Licence", bc.licenseDeclared());
    assertEquals(5, sbom.relationships().size());
    assertEquals("demo-app", sbom.name());
  }

  @Test
  void readsCycloneDxMavenPluginXml() throws Exception {
    Sbom sbom = TestSboms.read("cyclonedx-maven-plugin.cdx.xml");
    assertEquals(SbomFormat.CYCLONEDX_1_6, sbom.format());
    assertEquals(3, sbom.packages().size());
    assertEquals(
        "pkg:maven/dev.konflux.demo/demo-app@1.0.0?type=jar", sbom.primary().orElseThrow().purl());
    assertEquals(2, sbom.relationships().size());
    assertTrue(
        sbom.creators().contains("Tool: cyclonedx-maven-plugin-2.9.1"), sbom.creators().toString());
  }

  @Test
  void externalEntityIsRefusedAndNamesTheSbom() {
    byte[] b = TestSboms.bytes("external-entity.cdx.xml");
    SbomSource source = TestSboms.source(b, "application/vnd.cyclonedx+xml");
    SbomException e = assertThrows(SbomException.class, () -> SbomReader.create().read(b, source));
    assertEquals(SbomException.Reason.EXTERNAL_ENTITY, e.reason());
    assertTrue(e.getMessage().contains(source.digest().toString()), e.getMessage());
    assertTrue(e.getMessage().contains(source.referrer().toString()), e.getMessage());
    assertTrue(!e.getMessage().contains("root:"), "no file content leaks: " + e.getMessage());
  }

  @Test
  void schemaInvalidCycloneDx() {
    SbomException e =
        assertThrows(SbomException.class, () -> TestSboms.read("schema-invalid.cdx.json"));
    assertEquals(SbomException.Reason.SCHEMA_INVALID, e.reason());
    assertTrue(!e.details().isEmpty());
  }

  @Test
  void spdxWithoutDescribes() {
    SbomException e =
        assertThrows(SbomException.class, () -> TestSboms.read("no-describes.spdx.json"));
    assertEquals(SbomException.Reason.NO_DESCRIBES, e.reason());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"spdxVersion\": \"SPDX-2.3\", ",
        "{\"bomFormat\":\"CycloneDX\"}}",
        "[1,2]",
        "<bom><x></bom>",
        "not json",
        "",
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.3\"}",
        "{\"spdxVersion\":\"SPDX-2.2\"}",
        "<?xml version=\"1.0\"?><other xmlns=\"urn:x\"/>"
      })
  void malformedOrUnsupportedDocuments(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    SbomException e =
        assertThrows(
            SbomException.class,
            () -> SbomReader.create().read(b, TestSboms.source(b, "application/json")));
    assertTrue(e.getMessage().startsWith("SBOM sha256:"), e.getMessage());
  }

  @Test
  void spdxTagValueIsUnsupported() {
    byte[] b = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n".getBytes(StandardCharsets.UTF_8);
    SbomException e =
        assertThrows(
            SbomException.class,
            () -> SbomReader.create().read(b, TestSboms.source(b, "text/spdx")));
    assertEquals(SbomException.Reason.UNSUPPORTED, e.reason());
  }

  @Test
  void twoHundredMegabyteSbomFailsFastAtTheLimit() {
    long size = 200L << 20;
    CountingZeros in = new CountingZeros(size);
    SbomSource unknownSize =
        new SbomSource(Digest.sha256Of(new byte[0]), null, "text/spdx+json", -1);
    SbomException e =
        assertThrows(SbomException.class, () -> SbomReader.create().read(in, unknownSize));
    assertEquals(SbomException.Reason.TOO_LARGE, e.reason());
    assertTrue(
        e.getMessage().contains(String.valueOf(SbomReader.DEFAULT_MAX_BYTES)), e.getMessage());
    assertTrue(
        in.read <= SbomReader.DEFAULT_MAX_BYTES + (1 << 16),
        "stopped at the limit, read " + in.read);

    SbomSource declared =
        new SbomSource(Digest.sha256Of(new byte[0]), null, "text/spdx+json", size);
    CountingZeros untouched = new CountingZeros(size);
    SbomException d =
        assertThrows(
            SbomException.class,
            () -> SbomReader.builder().maxBytes(1 << 20).build().read(untouched, declared));
    assertEquals(SbomException.Reason.TOO_LARGE, d.reason());
    assertEquals(0, untouched.read, "a declared size over the limit fails before reading");
  }

  /** A stream of {@code size} spaces that never holds them. */
  static final class CountingZeros extends InputStream {
    private final long size;
    long read;

    CountingZeros(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      if (read >= size) {
        return -1;
      }
      read++;
      return ' ';
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (read >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - read);
      java.util.Arrays.fill(b, off, off + n, (byte) ' ');
      read += n;
      return n;
    }
  }
}
