package dev.konflux.ecosystem.bom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SbomConverterTest {
  private final SbomConverter converter = new SbomConverter();
  private final SbomReader reader = SbomReader.create();

  /** What a conversion must keep of a package, ids aside. */
  record Kept(
      String name,
      String version,
      List<String> purls,
      Set<SbomChecksum> checksums,
      String declared,
      String concluded,
      String supplier) {
    static Kept of(SbomPackage p) {
      return new Kept(
          p.name(),
          p.version(),
          p.purls(),
          new HashSet<>(p.checksums()),
          p.licenseDeclared(),
          p.licenseConcluded(),
          p.supplier());
    }
  }

  static Set<Kept> kept(Sbom sbom) {
    return sbom.packages().stream().map(Kept::of).collect(Collectors.toSet());
  }

  /** Dependency-graph edges by package name@version, so that ids may change. */
  static Set<String> graph(Sbom sbom) {
    Map<String, SbomPackage> byId = sbom.packagesById();
    Set<String> out = new TreeSet<>();
    for (SbomRelationship r : sbom.relationships()) {
      if (r.isGraphEdge() && byId.containsKey(r.from()) && byId.containsKey(r.to())) {
        out.add(label(byId.get(r.from())) + " -> " + label(byId.get(r.to())));
      }
    }
    return out;
  }

  private static String label(SbomPackage p) {
    return p.name() + "@" + p.version();
  }

  private Sbom reread(byte[] bytes, String mediaType) throws SbomException {
    return reader.read(bytes, TestSboms.source(bytes, mediaType));
  }

  @Test
  void konfluxSpdxToCycloneDxAndBack() throws Exception {
    Sbom spdx = TestSboms.read("konflux-mobster-image.spdx.json");
    byte[] json = converter.toCycloneDx(spdx, SbomEncoding.JSON);
    assertEquals(List.of(), CycloneDxValidation.json16(json));
    byte[] xml = converter.toCycloneDx(spdx, SbomEncoding.XML);
    assertEquals(List.of(), CycloneDxValidation.xml16(xml));

    for (byte[] cdxBytes : List.of(json, xml)) {
      Sbom cdx =
          reread(
              cdxBytes,
              cdxBytes == json ? SbomEncoding.JSON.mediaType() : SbomEncoding.XML.mediaType());
      assertEquals(SbomFormat.CYCLONEDX_1_6, cdx.format());
      assertEquals(kept(spdx), kept(cdx));
      assertEquals(spdx.primary().orElseThrow().purl(), cdx.primary().orElseThrow().purl());
      assertEquals(graph(spdx), graph(cdx));
      assertEquals(spdx.name(), cdx.name());

      byte[] back = converter.toSpdx(cdx);
      assertEquals(List.of(), SpdxVerification.verify(back));
      Sbom again = reread(back, "text/spdx+json");
      assertEquals(kept(spdx), kept(again));
      assertEquals(graph(spdx), graph(again));
      assertEquals(spdx.primary().orElseThrow().purls(), again.primary().orElseThrow().purls());
      assertEquals(new TreeSet<>(spdx.creators()), new TreeSet<>(again.creators()));
    }
  }

  @Test
  void cycloneDxMavenPluginToSpdxAndBack() throws Exception {
    for (String name :
        List.of(
            "cyclonedx-maven-plugin.cdx.json",
            "cyclonedx-maven-plugin.cdx.xml",
            "cyclonedx-maven-plugin-1.4.cdx.json")) {
      Sbom cdx = TestSboms.read(name);
      byte[] spdxBytes = converter.toSpdx(cdx);
      assertEquals(List.of(), SpdxVerification.verify(spdxBytes), name);
      Sbom spdx = reread(spdxBytes, "text/spdx+json");
      assertEquals(kept(cdx), kept(spdx), name);
      assertEquals(graph(cdx), graph(spdx), name);
      assertEquals(cdx.primary().orElseThrow().purl(), spdx.primary().orElseThrow().purl());

      byte[] cdxAgain = converter.toCycloneDx(spdx, SbomEncoding.JSON);
      assertEquals(List.of(), CycloneDxValidation.json16(cdxAgain));
      Sbom again = reread(cdxAgain, SbomEncoding.JSON.mediaType());
      assertEquals(kept(cdx), kept(again), name);
      assertEquals(graph(cdx), graph(again), name);
    }
  }

  @Test
  void outputIsReproducible() throws Exception {
    Sbom spdx = TestSboms.read("konflux-mobster-image.spdx.json");
    assertArrayEquals(
        converter.toCycloneDx(spdx, SbomEncoding.JSON),
        converter.toCycloneDx(spdx, SbomEncoding.JSON));
    Sbom cdx = TestSboms.read("cyclonedx-maven-plugin.cdx.json");
    byte[] a = converter.toSpdx(cdx);
    byte[] b = converter.toSpdx(cdx);
    assertTrue(java.util.Arrays.equals(a, b), "SPDX output differs between two runs");
  }
}
