package dev.konflux.ecosystem.bom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.SbomDocument;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.spi.SbomInspection;
import dev.konflux.ecosystem.spi.SbomInspectionRequest;
import dev.konflux.ecosystem.spi.SbomInspectionRequest.ExpectedArtifact;
import dev.konflux.ecosystem.spi.SbomInspector;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SbomMatcherTest {
  private final SbomMatcher matcher = new SbomMatcher();

  private static Digest digest(String label) {
    return Digest.sha256Of(label.getBytes(StandardCharsets.UTF_8));
  }

  private static Digest indexDigest() throws Exception {
    String line =
        new String(TestSboms.bytes("image-digests.txt"), StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.startsWith("index "))
            .findFirst()
            .orElseThrow();
    return Digest.parse(line.substring("index ".length()));
  }

  private static Sbom single(String purl, List<SbomChecksum> checksums) {
    SbomPackage p =
        new SbomPackage(
            "SPDXRef-p",
            "p",
            "1",
            purl == null ? List.of() : List.of(purl),
            checksums,
            null,
            null,
            null,
            null);
    return new Sbom(
        SbomSource.of(digest("sbom"), "text/spdx+json"),
        SbomFormat.SPDX_2_3,
        "p",
        null,
        null,
        List.of(),
        List.of("SPDXRef-p"),
        List.of(p),
        List.of());
  }

  @Test
  void konfluxImageSbomDescribesItsIndexByOciPurl() throws Exception {
    Sbom sbom = TestSboms.read("konflux-mobster-image.spdx.json");
    SbomMatch match = matcher.match(sbom, ExpectedArtifact.ofManifest(indexDigest()));
    assertTrue(match.describes(), match.reason());
    assertEquals("SPDXRef-image-index", match.matched().id());

    SbomMatch other = matcher.match(sbom, ExpectedArtifact.ofManifest(digest("another image")));
    assertFalse(other.describes());
    assertTrue(other.reason().contains("no released file or manifest"), other.reason());
    assertTrue(other.reason().contains(sbom.source().digest().toString()), other.reason());
  }

  @Test
  void mavenSbomDescribesItsPrimaryArtifactByPurl() throws Exception {
    Sbom sbom = TestSboms.read("cyclonedx-maven-plugin.cdx.json");
    ExpectedArtifact right =
        new ExpectedArtifact(
            List.of(digest("m")),
            List.of(),
            List.of("pkg:maven/dev.konflux.demo/demo-app@1.0.0?type=jar"));
    assertTrue(matcher.match(sbom, right).describes());
    ExpectedArtifact noType =
        new ExpectedArtifact(
            List.of(), List.of(), List.of("pkg:maven/dev.konflux.demo/demo-app@1.0.0"));
    assertTrue(matcher.match(sbom, noType).describes(), "qualifiers only on one side are ignored");
    ExpectedArtifact wrongVersion =
        new ExpectedArtifact(
            List.of(), List.of(), List.of("pkg:maven/dev.konflux.demo/demo-app@1.0.1?type=jar"));
    SbomMatch miss = matcher.match(sbom, wrongVersion);
    assertFalse(miss.describes());
    assertTrue(miss.reason().contains("demo-app@1.0.1"), miss.reason());
  }

  @Test
  void pypiNamesAreNormalisedAndRpmArchMustAgree() {
    assertTrue(
        matcher
            .match(
                single("pkg:pypi/Foo_Bar@1.0", List.of()),
                new ExpectedArtifact(List.of(), List.of(), List.of("pkg:pypi/foo-bar@1.0")))
            .describes());
    String rpm = "pkg:rpm/redhat/bash@5.1.8-9.el9?arch=x86_64&distro=rhel-9.4";
    assertTrue(
        matcher
            .match(
                single(rpm, List.of()),
                new ExpectedArtifact(
                    List.of(), List.of(), List.of("pkg:rpm/redhat/bash@5.1.8-9.el9?arch=x86_64")))
            .describes());
    assertFalse(
        matcher
            .match(
                single(rpm, List.of()),
                new ExpectedArtifact(
                    List.of(), List.of(), List.of("pkg:rpm/redhat/bash@5.1.8-9.el9?arch=aarch64")))
            .describes());
  }

  @Test
  void checksumOfAReleasedFileMatchesAndAForeignOneContradicts() {
    Digest wheel = digest("wheel");
    ExpectedArtifact expected =
        new ExpectedArtifact(List.of(digest("manifest")), List.of(wheel), List.of("pkg:pypi/p@1"));
    assertTrue(
        matcher
            .match(single(null, List.of(SbomChecksum.sha256(wheel.hex()))), expected)
            .describes());
    SbomMatch contradicted =
        matcher.match(
            single("pkg:pypi/p@1", List.of(SbomChecksum.sha256(digest("x").hex()))), expected);
    assertFalse(contradicted.describes(), "a purl match does not outweigh a foreign SHA-256");
    assertFalse(matcher.match(single("not a purl", List.of()), expected).describes());
  }

  private static SbomInspectionRequest request(
      byte[] bytes, boolean signed, ExpectedArtifact expected) {
    return new SbomInspectionRequest(
        "demo",
        digest("subject"),
        Digest.sha256Of(bytes),
        bytes.length,
        "text/spdx+json",
        digest("referrer"),
        signed,
        expected,
        () -> new ByteArrayInputStream(bytes));
  }

  @Test
  void inspectorIsFoundByServiceLoaderAndDecides() throws Exception {
    SbomInspector inspector = SbomInspector.installed().orElseThrow();
    assertInstanceOf(SbomDocumentInspector.class, inspector);
    byte[] spdx = TestSboms.bytes("konflux-mobster-image.spdx.json");
    ExpectedArtifact image = ExpectedArtifact.ofManifest(indexDigest());

    SbomInspection signed = inspector.inspect(request(spdx, true, image));
    assertTrue(signed.satisfiesRequirement(), signed.decision().reason());
    assertTrue(signed.decision().passed());
    assertEquals(VerificationDecision.Kind.SBOM, signed.decision().kind());
    assertEquals(digest("referrer"), signed.decision().referrer());
    assertEquals("SPDX-2.3", signed.format());
    assertEquals(7, signed.packages());

    SbomInspection unsigned = inspector.inspect(request(spdx, false, image));
    assertTrue(unsigned.valid() && unsigned.describesArtifact());
    assertFalse(unsigned.satisfiesRequirement());
    assertFalse(unsigned.decision().passed());
    assertTrue(unsigned.decision().reason().contains("not covered by any verified signature"));

    SbomInspection mismatched =
        inspector.inspect(request(spdx, true, ExpectedArtifact.ofManifest(digest("other"))));
    assertFalse(mismatched.satisfiesRequirement());
    assertFalse(mismatched.describesArtifact());

    // The same SBOM as a verified attestation predicate, as the core's finder hands it over.
    SbomDocument predicate =
        new SbomDocument(
            Digest.sha256Of(spdx),
            spdx.length,
            "text/spdx+json",
            SbomDocument.Origin.ATTESTATION_PREDICATE,
            null,
            true,
            "https://spdx.dev/Document",
            spdx);
    SbomInspection fromFinder =
        inspector.inspect(
            SbomInspectionRequest.of(
                "demo",
                digest("subject"),
                predicate,
                d -> {
                  throw new AssertionError("a predicate is held in memory");
                },
                image));
    assertTrue(fromFinder.satisfiesRequirement(), fromFinder.decision().reason());
    assertNull(fromFinder.decision().referrer());

    byte[] broken = "{\"spdxVersion\":".getBytes(StandardCharsets.UTF_8);
    SbomInspection invalid = inspector.inspect(request(broken, true, image));
    assertFalse(invalid.valid());
    assertNull(invalid.format());
    assertTrue(
        invalid.decision().reason().contains(Digest.sha256Of(broken).toString()),
        invalid.decision().reason());
  }
}
