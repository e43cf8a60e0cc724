package dev.konflux.ecosystem.bom.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.bom.Sbom;
import dev.konflux.ecosystem.bom.SbomConverter;
import dev.konflux.ecosystem.bom.SbomEncoding;
import dev.konflux.ecosystem.bom.SbomPackage;
import dev.konflux.ecosystem.bom.SbomReader;
import dev.konflux.ecosystem.bom.SbomSource;
import dev.konflux.ecosystem.bom.TestSboms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlacementTest {
  @TempDir Path dir;

  @Test
  void mavenAttachmentWritesCycloneDxJsonAndXmlFromSpdx() throws Exception {
    Sbom spdx = TestSboms.read("konflux-mobster-image.spdx.json");
    List<PlacedSbom> placed =
        new MavenSbomAttachment(new SbomConverter())
            .write(spdx, dir.resolve("dev/konflux/demo/1.0"), "demo", "1.0");
    assertEquals(2, placed.size());
    assertEquals("demo-1.0-cyclonedx.json", placed.get(0).file().getFileName().toString());
    assertEquals("demo-1.0-cyclonedx.xml", placed.get(1).file().getFileName().toString());
    byte[] json = Files.readAllBytes(placed.get(0).file());
    byte[] xml = Files.readAllBytes(placed.get(1).file());
    assertEquals(List.of(), new JsonParser().validate(json, Version.VERSION_16));
    assertEquals(List.of(), new XmlParser().validate(xml, Version.VERSION_16));
    assertEquals(Digest.sha256Of(json), placed.get(0).sha256());
    assertEquals(json.length, placed.get(0).size());
    assertEquals(
        spdx.source(), placed.get(0).source(), "the placed file names the SBOM it came from");
    SbomReader reader = SbomReader.create();
    Set<String> purls = purls(spdx);
    assertEquals(
        purls,
        purls(
            reader.read(
                json, SbomSource.of(Digest.sha256Of(json), SbomEncoding.JSON.mediaType()))));
    assertEquals(
        purls,
        purls(reader.read(xml, SbomSource.of(Digest.sha256Of(xml), SbomEncoding.XML.mediaType()))));
    try (var files = Files.list(placed.get(0).file().getParent())) {
      assertEquals(2, files.count(), "no temporary file left behind");
    }
  }

  private static Set<String> purls(Sbom sbom) {
    return sbom.packages().stream().flatMap(p -> p.purls().stream()).collect(Collectors.toSet());
  }

  @Test
  void rpmSidecarNamesAndRecordTypes() {
    Digest manifest = Digest.sha256Of("m".getBytes(StandardCharsets.UTF_8));
    Digest sbom = Digest.sha256Of("s".getBytes(StandardCharsets.UTF_8));
    String href = RpmSbomSidecars.href("my component/../x", manifest, sbom, "text/spdx+json");
    assertEquals(
        "sboms/my_component_.._x-"
            + manifest.hex().substring(0, 12)
            + "-"
            + sbom.hex().substring(0, 12)
            + ".spdx.json",
        href);
    assertEquals(Map.of(href, "sbom"), RpmSbomSidecars.recordTypes(List.of(href), Set.of()));
    Map<String, String> several =
        RpmSbomSidecars.recordTypes(
            List.of("sboms/b.cdx.json", "sboms/a.spdx.json"), Set.of("sbom-a.spdx.json"));
    assertEquals(List.of("sboms/a.spdx.json", "sboms/b.cdx.json"), List.copyOf(several.keySet()));
    assertEquals("sbom-a.spdx.json-2", several.get("sboms/a.spdx.json"));
    assertEquals("sbom-b.cdx.json", several.get("sboms/b.cdx.json"));
    assertTrue(RpmSbomSidecars.isSbomType("sbom-x") && !RpmSbomSidecars.isSbomType("primary"));
    assertThrows(
        IllegalArgumentException.class, () -> RpmSbomSidecars.extension("application/json"));
  }

  @Test
  void wheelInjectionAddsTheSbomAndItsRecordLine() throws Exception {
    Path wheel = TestWheels.write(dir.resolve("demo-1.0-py3-none-any.whl"), true);
    assertEquals(List.of(), WheelSboms.list(wheel));
    byte[] sbom = TestSboms.bytes("konflux-mobster-image.spdx.json");
    SbomSource source = SbomSource.of(Digest.sha256Of(sbom), "text/spdx+json");
    Path out = dir.resolve("out/demo-1.0-py3-none-any.whl");
    InjectedWheel injected = WheelSboms.inject(wheel, out, "konflux.spdx.json", sbom, source);
    assertEquals("demo-1.0.dist-info/sboms/konflux.spdx.json", injected.entry());
    assertEquals(Digest.sha256Of(Files.readAllBytes(out)), injected.sha256());
    List<WheelSbom> listed = WheelSboms.list(out);
    assertEquals(1, listed.size());
    assertEquals(Digest.sha256Of(sbom), listed.get(0).sha256());
    assertTrue(listed.get(0).recorded(), "RECORD lists it with its hash and size");

    InvalidInputException twice =
        assertThrows(
            InvalidInputException.class,
            () ->
                WheelSboms.inject(
                    out, dir.resolve("again.whl"), "konflux.spdx.json", sbom, source));
    assertTrue(twice.getMessage().contains("already has"));
    assertThrows(
        InvalidInputException.class,
        () -> WheelSboms.inject(wheel, dir.resolve("bad.whl"), "../evil.json", sbom, source));
  }

  @Test
  void sbomPackageListsAreCopies() {
    SbomPackage p =
        new SbomPackage(
            "a",
            "a",
            null,
            new java.util.ArrayList<>(List.of("pkg:pypi/a@1")),
            List.of(),
            null,
            null,
            null,
            null);
    assertThrows(UnsupportedOperationException.class, () -> p.purls().add("x"));
  }
}
