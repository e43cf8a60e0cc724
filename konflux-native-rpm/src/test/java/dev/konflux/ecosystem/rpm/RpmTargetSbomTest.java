package dev.konflux.ecosystem.rpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.LayoutReference;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.rpm.internal.repodata.ExistingRepodataReader;
import dev.konflux.ecosystem.rpm.internal.repodata.MetadataFile;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import dev.konflux.ecosystem.testkit.SbomDocuments;
import dev.konflux.ecosystem.util.ArtifactSources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SBOM referrers published as sidecars next to the packages and listed in {@code repomd.xml}. */
class RpmTargetSbomTest {
  private static final Map<String, String> X86_AARCH =
      Map.of(RpmTarget.OPTION_ARCHITECTURES, "x86_64,aarch64");

  @TempDir Path tmp;

  /** An artifact as a real source gives it: built by the testkit into an OCI layout, read back. */
  private record Resolved(ComponentArtifact artifact, ArtifactSource source) {}

  private Resolved exampleBuild(String component, List<Path> rpms) throws Exception {
    Path layout = tmp.resolve("layout-" + component);
    ExampleArtifacts.ExampleBuild build =
        ExampleArtifacts.rpmBuild(layout, rpms, tmp.resolve(component + ".pub"));
    LayoutReference ref = (LayoutReference) ArtifactReference.parse(build.reference());
    ArtifactSource source = ArtifactSources.open(ref, SourceOptions.defaults());
    Manifest m = (Manifest) source.resolve(ref);
    List<Referrer> referrers = source.referrers(m.digest());
    return new Resolved(new ComponentArtifact(component, ref, m.digest(), m, referrers), source);
  }

  @Test
  void theSbomFoundTwiceIsPublishedOnceInEveryRepositoryOfTheArtifact() throws Exception {
    Path staging = Files.createDirectories(tmp.resolve("staging"));
    TestTargetContext ctx =
        new TestTargetContext(staging, RpmTargetTest.key("rpm.org-rsa-2048-test"), X86_AARCH);
    Resolved r = exampleBuild("demo", List.of(Fixtures.rpm("foo-1.0-1.noarch.rpm")));
    // The testkit attaches the same SPDX document as a cosign .sbom tag and as an SBOM referrer.
    List<Referrer> sbomReferrers =
        r.artifact().referrers().stream()
            .filter(x -> x.kind() == Referrer.Kind.SBOM || x.kind() == Referrer.Kind.COSIGN_SBOM)
            .toList();
    assertEquals(2, sbomReferrers.size(), r.artifact().referrers().toString());
    Digest layer = sbomReferrers.get(0).manifest().layers().get(0).digest();
    assertEquals(layer, sbomReferrers.get(1).manifest().layers().get(0).digest());
    byte[] expected = SbomDocuments.spdx("example", r.artifact().layers());
    assertEquals(Digest.sha256Of(expected), layer);

    try (ArtifactSource source = r.source()) {
      TestSession session = TestSession.open(ctx);
      session.add(r.artifact(), source);
      session.finish();
    }

    String name =
        "sboms/demo-"
            + r.artifact().manifest().digest().hex().substring(0, 12)
            + "-"
            + layer.hex().substring(0, 12)
            + ".spdx.json";
    for (String repo : List.of("x86_64", "aarch64")) {
      Path root = staging.resolve(repo);
      assertEquals(Set.of(name), sidecars(root), repo);
      assertArrayEquals(expected, Files.readAllBytes(root.resolve(name)), repo);
      MetadataFile record = sbomRecords(root).get("sbom");
      assertEquals(name, record.locationHref(), repo);
      assertEquals(Digest.sha256Of(expected), record.checksum(), repo);
      assertEquals(expected.length, record.size(), repo);
      String repomd = Files.readString(root.resolve("repodata/repomd.xml"));
      assertTrue(repomd.contains("<data type=\"sbom\">"), repomd);
      assertTrue(repomd.contains("<location href=\"" + name + "\"/>"), repomd);
      assertTrue(repomd.contains(Digest.sha256Of(expected).hex()), repomd);

      List<ProducedFile> reported =
          ctx.produced().stream().filter(f -> f.path().equals(repo + "/" + name)).toList();
      assertEquals(1, reported.size(), repo);
      assertEquals(Digest.sha256Of(expected), reported.get(0).sha256());
      assertEquals(expected.length, reported.get(0).size());
      // The origin names the SBOM referrer the document came from (either of the two carrying
      // it) and the document's digest.
      assertEquals(1, reported.get(0).origins().size(), repo);
      FileOrigin origin = reported.get(0).origins().get(0);
      assertEquals(layer, origin.layerDigest(), repo);
      assertTrue(
          sbomReferrers.stream()
              .anyMatch(x -> x.manifest().digest().equals(origin.manifestDigest())),
          origin + " names one of " + sbomReferrers);
    }
    assertFalse(Files.exists(staging.resolve(".incoming")));
  }

  @Test
  void severalSbomsGetUniqueTypesAndOnlyTheArtifactsRepositories() throws Exception {
    Path staging = Files.createDirectories(tmp.resolve("staging"));
    TestTargetContext ctx =
        new TestTargetContext(staging, RpmTargetTest.key("rpm.org-rsa-2048-test"), X86_AARCH);
    byte[] spdx = "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8);
    byte[] cdx =
        "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"/>".getBytes(StandardCharsets.UTF_8);
    TestArtifacts a =
        new TestArtifacts()
            .rpm("x86_64/hello-2.0-1.x86_64.rpm", Fixtures.rpm("hello-2.0-1.x86_64.rpm"))
            .sbom(Referrer.Kind.SBOM, MediaTypes.SPDX_JSON, spdx)
            .sbom(Referrer.Kind.SBOM, MediaTypes.CYCLONEDX_XML, cdx)
            .sbom(Referrer.Kind.COSIGN_SBOM, MediaTypes.SPDX_JSON, spdx);
    TestArtifacts b =
        new TestArtifacts()
            .rpm("noarch/foo-1.0-1.noarch.rpm", Fixtures.rpm("foo-1.0-1.noarch.rpm"));
    TestSession session = TestSession.open(ctx);
    ComponentArtifact hello = a.artifact("hello/x86", MediaTypes.ARTIFACT_RPM_BUILD);
    session.add(hello, a);
    session.add(b.artifact("foo", MediaTypes.ARTIFACT_RPM_BUILD), b);
    session.finish();

    String prefix = "sboms/hello_x86-" + hello.manifest().digest().hex().substring(0, 12) + "-";
    String spdxName = prefix + Digest.sha256Of(spdx).hex().substring(0, 12) + ".spdx.json";
    String cdxName = prefix + Digest.sha256Of(cdx).hex().substring(0, 12) + ".cdx.xml";
    Path x86 = staging.resolve("x86_64");
    assertEquals(Set.of(spdxName, cdxName), sidecars(x86));
    assertArrayEquals(spdx, Files.readAllBytes(x86.resolve(spdxName)));
    assertArrayEquals(cdx, Files.readAllBytes(x86.resolve(cdxName)));
    Map<String, MetadataFile> records = sbomRecords(x86);
    assertEquals(
        Set.of("sbom-" + spdxName.substring(6), "sbom-" + cdxName.substring(6)), records.keySet());
    assertEquals(cdxName, records.get("sbom-" + cdxName.substring(6)).locationHref());
    assertEquals(cdx.length, records.get("sbom-" + cdxName.substring(6)).size());
    // foo has no SBOM; aarch64 received nothing from hello.
    assertEquals(Set.of(), sidecars(staging.resolve("aarch64")));
    assertEquals(Map.of(), sbomRecords(staging.resolve("aarch64")));
  }

  @Test
  void aCorruptedSbomFailsVerificationNamingItsDigest() throws Exception {
    Path staging = Files.createDirectories(tmp.resolve("staging"));
    byte[] spdx = "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8);
    Digest claimed = Digest.sha256Of("another document".getBytes(StandardCharsets.UTF_8));
    TestArtifacts a =
        new TestArtifacts()
            .rpm("noarch/foo-1.0-1.noarch.rpm", Fixtures.rpm("foo-1.0-1.noarch.rpm"))
            .sbomClaiming(MediaTypes.SPDX_JSON, claimed, spdx.length, spdx);
    TestSession session =
        TestSession.open(
            new TestTargetContext(staging, RpmTargetTest.key("rpm.org-rsa-2048-test"), X86_AARCH));
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () -> session.add(a.artifact("foo", MediaTypes.ARTIFACT_RPM_BUILD), a));
    assertTrue(e.getMessage().contains(claimed.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("foo"), e.getMessage());
    // The documents are checked before any package of the artifact is placed.
    assertEquals(Set.of(), sidecars(staging.resolve("x86_64")));
    assertEquals(Set.of(), RpmTargetTest.packages(staging));
  }

  @Test
  void anOversizedSbomIsRejectedBeforeItIsRead() throws Exception {
    Path staging = Files.createDirectories(tmp.resolve("staging"));
    byte[] small = "{}".getBytes(StandardCharsets.UTF_8);
    Digest claimed = Digest.sha256Of("big".getBytes(StandardCharsets.UTF_8));
    TestArtifacts a =
        new TestArtifacts()
            .rpm("noarch/foo-1.0-1.noarch.rpm", Fixtures.rpm("foo-1.0-1.noarch.rpm"))
            .sbomClaiming(MediaTypes.CYCLONEDX_JSON, claimed, (64L << 20) + 1, small);
    TestSession session =
        TestSession.open(
            new TestTargetContext(staging, RpmTargetTest.key("rpm.org-rsa-2048-test"), X86_AARCH));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> session.add(a.artifact("foo", MediaTypes.ARTIFACT_RPM_BUILD), a));
    assertTrue(e.getMessage().contains(claimed.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("referrer sha256:"), e.getMessage());
    assertEquals(Set.of(), RpmTargetTest.packages(staging));
  }

  @Test
  void sbomFalseSkipsThem() throws Exception {
    Path staging = Files.createDirectories(tmp.resolve("staging"));
    TestArtifacts a =
        new TestArtifacts()
            .rpm("noarch/foo-1.0-1.noarch.rpm", Fixtures.rpm("foo-1.0-1.noarch.rpm"))
            .sbom(Referrer.Kind.SBOM, MediaTypes.SPDX_JSON, "{}".getBytes(StandardCharsets.UTF_8));
    TestSession session =
        TestSession.open(
            new TestTargetContext(
                staging,
                RpmTargetTest.key("rpm.org-rsa-2048-test"),
                Map.of(RpmTarget.OPTION_ARCHITECTURES, "x86_64", RpmTarget.OPTION_SBOM, "false")));
    session.add(a.artifact("foo", MediaTypes.ARTIFACT_RPM_BUILD), a);
    session.finish();
    assertEquals(Set.of(), sidecars(staging.resolve("x86_64")));
    assertEquals(Map.of(), sbomRecords(staging.resolve("x86_64")));
    assertThrows(
        InvalidInputException.class,
        () ->
            new RpmTarget()
                .open(
                    new TestTargetContext(
                        staging,
                        RpmTargetTest.key("rpm.org-rsa-2048-test"),
                        Map.of(RpmTarget.OPTION_SBOM, "sometimes"))));
  }

  @Test
  void aLaterReleaseKeepsTheSbomRecordAndAddsItsOwn() throws Exception {
    Path first = Files.createDirectories(tmp.resolve("first"));
    byte[] one = "{\"name\":\"one\"}".getBytes(StandardCharsets.UTF_8);
    TestArtifacts a =
        new TestArtifacts()
            .rpm("noarch/foo-1.0-1.noarch.rpm", Fixtures.rpm("foo-1.0-1.noarch.rpm"))
            .sbom(Referrer.Kind.SBOM, MediaTypes.SPDX_JSON, one);
    TestSession s1 =
        TestSession.open(
            new TestTargetContext(first, RpmTargetTest.key("rpm.org-rsa-2048-test"), X86_AARCH));
    s1.add(a.artifact("foo", MediaTypes.ARTIFACT_RPM_BUILD), a);
    s1.finish();
    String oneName = sidecars(first.resolve("x86_64")).iterator().next();

    // A new package without SBOM: the SBOM and its single "sbom" record stay.
    Path second = Files.createDirectories(tmp.resolve("second"));
    TestArtifacts b =
        new TestArtifacts()
            .rpm("x86_64/hello-2.0-1.x86_64.rpm", Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    TestSession s2 =
        TestSession.open(
            new TestTargetContext(second, RpmTargetTest.key("rpm.org-rsa-2048-test"), X86_AARCH)
                .withCurrentOutput(first));
    s2.add(b.artifact("hello", MediaTypes.ARTIFACT_RPM_BUILD), b);
    s2.finish();
    for (String repo : List.of("x86_64", "aarch64")) {
      assertArrayEquals(one, Files.readAllBytes(second.resolve(repo).resolve(oneName)), repo);
      MetadataFile record = sbomRecords(second.resolve(repo)).get("sbom");
      assertEquals(oneName, record.locationHref(), repo);
      assertEquals(Digest.sha256Of(one), record.checksum(), repo);
    }
    assertTrue(RpmTargetTest.packages(second).contains("x86_64/Packages/hello-2.0-1.x86_64.rpm"));

    // Another release with an SBOM of its own: both listed, with distinct types.
    Path third = Files.createDirectories(tmp.resolve("third"));
    byte[] two = "{\"name\":\"two\"}".getBytes(StandardCharsets.UTF_8);
    TestArtifacts c =
        new TestArtifacts()
            .rpm("i686/hello-2.0-1.i686.rpm", Fixtures.rpm("hello-2.0-1.i686.rpm"))
            .sbom(Referrer.Kind.SBOM, MediaTypes.SPDX_JSON, two);
    TestSession s3 =
        TestSession.open(
            new TestTargetContext(third, RpmTargetTest.key("rpm.org-rsa-2048-test"), X86_AARCH)
                .withCurrentOutput(second));
    s3.add(c.artifact("hello32", MediaTypes.ARTIFACT_RPM_BUILD), c);
    s3.finish();
    Map<String, MetadataFile> x86 = sbomRecords(third.resolve("x86_64"));
    assertEquals(2, x86.size(), x86.toString());
    Set<String> hrefs =
        x86.values().stream().map(MetadataFile::locationHref).collect(Collectors.toSet());
    assertEquals(sidecars(third.resolve("x86_64")), hrefs);
    assertTrue(hrefs.contains(oneName), hrefs.toString());
    assertEquals(Set.of("sbom"), sbomRecords(third.resolve("aarch64")).keySet());
  }

  private static Set<String> sidecars(Path repo) throws Exception {
    Path dir = repo.resolve("sboms");
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> "sboms/" + f.getFileName()).collect(Collectors.toSet());
    }
  }

  private static Map<String, MetadataFile> sbomRecords(Path repo) throws Exception {
    return new ExistingRepodataReader()
        .read(repo).records().stream()
            .filter(r -> r.type().startsWith("sbom"))
            .collect(Collectors.toMap(MetadataFile::type, r -> r));
  }
}
