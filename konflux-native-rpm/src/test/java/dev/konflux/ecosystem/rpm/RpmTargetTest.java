package dev.konflux.ecosystem.rpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.rpm.internal.header.MalformedRpmException;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackage;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackageReader;
import dev.konflux.ecosystem.rpm.internal.header.RpmTags;
import dev.konflux.ecosystem.signing.OpenPgpKeyFile;
import dev.konflux.ecosystem.spi.EcosystemTarget;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.spi.ProducedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpmTargetTest {
  @TempDir Path staging;

  static OpenPgpSigner key(String name) throws Exception {
    return OpenPgpKeyFile.load(Fixtures.key(name + ".secret"), null, null);
  }

  static TestArtifacts fixtures() {
    return new TestArtifacts()
        .rpm("x86_64/hello-2.0-1.x86_64.rpm", Fixtures.rpm("hello-2.0-1.x86_64.rpm"))
        .rpm("i686/hello-2.0-1.i686.rpm", Fixtures.rpm("hello-2.0-1.i686.rpm"))
        .rpm("noarch/foo-1.0-1.noarch.rpm", Fixtures.rpm("foo-1.0-1.noarch.rpm"))
        .blob("text/plain", "x86_64/build.log", "log".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void isFoundByServiceLoaderAndSupportsRpmArtifacts() throws Exception {
    EcosystemTarget target =
        ServiceLoader.load(EcosystemTarget.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(t -> t.ecosystem().equals("rpm"))
            .findFirst()
            .orElseThrow();
    assertInstanceOf(RpmTarget.class, target);
    assertTrue(target.supports(new TestArtifacts().artifact("c", MediaTypes.ARTIFACT_RPM_BUILD)));
    assertTrue(target.supports(fixtures().artifact("c", "application/vnd.other")));
    assertFalse(
        target.supports(
            new TestArtifacts()
                .blob("text/plain", "a.txt", new byte[1])
                .artifact("c", MediaTypes.ARTIFACT_PYTHON_WHEELS)));
  }

  @Test
  void buildsSignedRepositoriesPerArchitecture() throws Exception {
    TestTargetContext ctx = new TestTargetContext(staging, key("rpm.org-rsa-2048-test"), Map.of());
    TestSession session = TestSession.open(ctx);
    TestArtifacts a = fixtures();
    session.add(a.artifact("hello", MediaTypes.ARTIFACT_RPM_BUILD), a);
    // A second artifact carries the already-signed build of the same package: re-signing it gives
    // the same bytes, so it joins the first instead of clashing.
    TestArtifacts b =
        new TestArtifacts()
            .rpm("x86_64/hello-2.0-1.x86_64.rpm", Fixtures.rpm("hello-2.0-1.x86_64-signed.rpm"));
    session.add(b.artifact("hello-signed", MediaTypes.ARTIFACT_RPM_BUILD), b);
    session.finish();

    assertEquals(
        Set.of(
            "x86_64/Packages/hello-2.0-1.x86_64.rpm",
            "x86_64/Packages/hello-2.0-1.i686.rpm",
            "x86_64/Packages/foo-1.0-1.noarch.rpm",
            "aarch64/Packages/foo-1.0-1.noarch.rpm",
            "s390x/Packages/foo-1.0-1.noarch.rpm",
            "ppc64le/Packages/foo-1.0-1.noarch.rpm"),
        packages(staging));
    for (String repo : List.of("x86_64", "aarch64", "s390x", "ppc64le")) {
      assertTrue(Files.exists(staging.resolve(repo).resolve("repodata/repomd.xml")), repo);
      assertTrue(Files.exists(staging.resolve(repo).resolve("repodata/repomd.xml.asc")), repo);
    }
    assertFalse(Files.exists(staging.resolve(".incoming")));
    // Every package file is reported with its real digest and size, and packages with their layer.
    Map<String, ProducedFile> byPath =
        ctx.produced().stream().collect(Collectors.toMap(ProducedFile::path, f -> f, (x, y) -> x));
    try (Stream<Path> walk = Files.walk(staging)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String rel = staging.relativize(p).toString();
        ProducedFile f = byPath.get(rel);
        assertTrue(f != null, "not reported: " + rel);
        assertEquals(Digest.sha256Of(Files.readAllBytes(p)), f.sha256(), rel);
        assertEquals(Files.size(p), f.size(), rel);
        if (rel.endsWith(".rpm")) {
          assertEquals(1, f.origins().size());
          RpmPackage pkg = new RpmPackageReader().read(p);
          assertTrue(pkg.signature().has(RpmTags.SIG_RSA), rel);
        }
      }
    }
    // The header is the input's: same SHA-256 before and after.
    assertEquals(
        new RpmPackageReader().read(Fixtures.rpm("hello-2.0-1.x86_64.rpm")).header().sha256Hex(),
        new RpmPackageReader()
            .read(staging.resolve("x86_64/Packages/hello-2.0-1.x86_64.rpm"))
            .header()
            .sha256Hex());
    String primary = repodataText(staging.resolve("aarch64"));
    assertTrue(primary.contains("foo-1.0-1.noarch.rpm"), primary);
  }

  @Test
  void aSecondReleaseAddsToTheCommittedRepositories() throws Exception {
    Path first = Files.createDirectories(staging.resolve("first"));
    TestTargetContext ctx1 =
        new TestTargetContext(
            first,
            key("rpm.org-rsa-2048-test"),
            Map.of(RpmTarget.OPTION_ARCHITECTURES, "x86_64,aarch64"));
    TestSession s1 = TestSession.open(ctx1);
    TestArtifacts a =
        new TestArtifacts()
            .rpm("noarch/foo-1.0-1.noarch.rpm", Fixtures.rpm("foo-1.0-1.noarch.rpm"))
            .rpm("x86_64/hello-2.0-1.x86_64.rpm", Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    s1.add(a.artifact("one", MediaTypes.ARTIFACT_RPM_BUILD), a);
    s1.finish();

    Path second = Files.createDirectories(staging.resolve("second"));
    TestTargetContext ctx2 =
        new TestTargetContext(
                second,
                key("rpm.org-rsa-2048-test"),
                Map.of(RpmTarget.OPTION_ARCHITECTURES, "x86_64,aarch64"))
            .withCurrentOutput(first);
    TestSession s2 = TestSession.open(ctx2);
    TestArtifacts b =
        new TestArtifacts().rpm("i686/hello-2.0-1.i686.rpm", Fixtures.rpm("hello-2.0-1.i686.rpm"));
    s2.add(b.artifact("two", MediaTypes.ARTIFACT_RPM_BUILD), b);
    s2.finish();

    assertEquals(
        Set.of(
            "x86_64/Packages/hello-2.0-1.x86_64.rpm",
            "x86_64/Packages/hello-2.0-1.i686.rpm",
            "x86_64/Packages/foo-1.0-1.noarch.rpm",
            "aarch64/Packages/foo-1.0-1.noarch.rpm"),
        packages(second));
    String primary = repodataText(second.resolve("x86_64"));
    for (String p :
        List.of("hello-2.0-1.x86_64.rpm", "hello-2.0-1.i686.rpm", "foo-1.0-1.noarch.rpm")) {
      assertTrue(primary.contains("Packages/" + p), p + " in " + primary);
    }
    // The aarch64 repository had no new package and is carried over with fresh metadata.
    assertTrue(repodataText(second.resolve("aarch64")).contains("foo-1.0-1.noarch.rpm"));
    assertTrue(Files.exists(second.resolve("aarch64/repodata/repomd.xml.asc")));
    // The first release's output is untouched.
    assertEquals(
        Set.of(
            "x86_64/Packages/hello-2.0-1.x86_64.rpm",
            "x86_64/Packages/foo-1.0-1.noarch.rpm",
            "aarch64/Packages/foo-1.0-1.noarch.rpm"),
        packages(first));
  }

  private static String repodataText(Path repo) throws Exception {
    try (Stream<Path> files = Files.list(repo.resolve("repodata"))) {
      Path primary =
          files
              .filter(f -> f.getFileName().toString().endsWith("-primary.xml.gz"))
              .findFirst()
              .orElseThrow();
      try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(primary))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  @Test
  void withoutKeyTheSessionFailsUnlessUnsignedIsSet() throws Exception {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> new RpmTarget().open(new TestTargetContext(staging, null, Map.of())));
    assertTrue(e.getMessage().contains("rpm.unsigned"), e.getMessage());

    TestTargetContext ctx =
        new TestTargetContext(
            staging,
            null,
            Map.of(RpmTarget.OPTION_UNSIGNED, "true", RpmTarget.OPTION_ARCHITECTURES, "x86_64"));
    TestSession session = TestSession.open(ctx);
    TestArtifacts a = fixtures();
    session.add(a.artifact("hello", MediaTypes.ARTIFACT_RPM_BUILD), a);
    session.finish();
    assertArrayEquals(
        Files.readAllBytes(Fixtures.rpm("hello-2.0-1.x86_64.rpm")),
        Files.readAllBytes(staging.resolve("x86_64/Packages/hello-2.0-1.x86_64.rpm")));
    assertFalse(Files.exists(staging.resolve("x86_64/repodata/repomd.xml.asc")));
  }

  @Test
  void unsafeTitlesAreRejected() throws Exception {
    for (String title :
        List.of(
            "../x.rpm",
            "/etc/passwd",
            "a/../../b.rpm",
            "a\\b.rpm",
            "a\u0000.rpm",
            "x86_64/notes.txt")) {
      TestSession session =
          TestSession.open(new TestTargetContext(staging, key("rpm.org-rsa-2048-test"), Map.of()));
      TestArtifacts a = new TestArtifacts().rpm(title, Fixtures.rpm("foo-1.0-1.noarch.rpm"));
      assertThrows(
          InvalidInputException.class,
          () -> session.add(a.artifact("c", MediaTypes.ARTIFACT_RPM_BUILD), a),
          title);
    }
    try (Stream<Path> walk = Files.walk(staging)) {
      assertEquals(0, walk.filter(Files::isRegularFile).count());
    }
  }

  @Test
  void corruptedPackageIsAMalformedRpmAndLeavesNothing() throws Exception {
    TestSession session =
        TestSession.open(new TestTargetContext(staging, key("rpm.org-rsa-2048-test"), Map.of()));
    TestArtifacts a =
        new TestArtifacts()
            .rpm("x86_64/hello-2.0-1.x86_64.rpm", Fixtures.rpm("hello-2.0-1.x86_64-corrupted.rpm"));
    MalformedRpmException e =
        assertThrows(
            MalformedRpmException.class,
            () -> session.add(a.artifact("c", MediaTypes.ARTIFACT_RPM_BUILD), a));
    assertTrue(e.getMessage().contains("x86_64/hello-2.0-1.x86_64.rpm"), e.getMessage());
    assertEquals(Set.of(), packages(staging));
  }

  @Test
  void aLayerThatDoesNotMatchItsDigestFailsVerification() throws Exception {
    TestSession session =
        TestSession.open(new TestTargetContext(staging, key("rpm.org-rsa-2048-test"), Map.of()));
    TestArtifacts a =
        new TestArtifacts()
            .rpmWithWrongDigest(
                "noarch/foo-1.0-1.noarch.rpm", Fixtures.rpm("foo-1.0-1.noarch.rpm"));
    assertThrows(
        VerificationException.class,
        () -> session.add(a.artifact("c", MediaTypes.ARTIFACT_RPM_BUILD), a));
    assertEquals(Set.of(), packages(staging));
  }

  @Test
  void cgImportChecksumsMustMatch() throws Exception {
    byte[] foo = Files.readAllBytes(Fixtures.rpm("foo-1.0-1.noarch.rpm"));
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(foo));
    String sha256 = Digest.sha256Of(foo).hex();
    String wrongMd5 = "0".repeat(32);
    // The last two: a sha512 layer digest, so a stated sha256 must be computed, not compared to it.
    for (String[] c :
        new String[][] {
          {"md5", md5, "ok"},
          {"sha256", sha256, "ok"},
          {"md5", wrongMd5, "bad"},
          {"sha256", "1".repeat(64), "bad"},
          {"sha256", sha256, "ok", "sha512"},
          {"sha256", "1".repeat(64), "bad", "sha512"}
        }) {
      Path dir = Files.createTempDirectory(staging, "s");
      String cg =
          "{\"build\":{\"name\":\"foo\",\"version\":\"1.0\",\"release\":\"1\",\"epoch\":null},"
              + "\"output\":[{\"filename\":\"foo-1.0-1.noarch.rpm\",\"arch\":\"noarch\",\"checksum_type\":\""
              + c[0]
              + "\",\"checksum\":\""
              + c[1]
              + "\",\"type\":\"rpm\"}]}";
      TestArtifacts a =
          new TestArtifacts()
              .rpm(
                  "noarch/foo-1.0-1.noarch.rpm",
                  Fixtures.rpm("foo-1.0-1.noarch.rpm"),
                  c.length > 3 ? c[3] : Digest.SHA256)
              .blob("application/json", "cg_import.json", cg.getBytes(StandardCharsets.UTF_8));
      TestSession session =
          TestSession.open(
              new TestTargetContext(
                  dir,
                  key("rpm.org-rsa-2048-test"),
                  Map.of(RpmTarget.OPTION_ARCHITECTURES, "x86_64")));
      ComponentArtifact art = a.artifact("foo", MediaTypes.ARTIFACT_RPM_BUILD);
      if (c[2].equals("ok")) {
        session.add(art, a);
        assertEquals(Set.of("x86_64/Packages/foo-1.0-1.noarch.rpm"), packages(dir), c[0]);
      } else {
        VerificationException e =
            assertThrows(VerificationException.class, () -> session.add(art, a), c[0]);
        assertTrue(e.getMessage().contains("cg_import.json"), e.getMessage());
        assertEquals(Set.of(), packages(dir));
      }
    }
  }

  @Test
  void anUnconfiguredArchitectureIsRejected() throws Exception {
    TestSession session =
        TestSession.open(
            new TestTargetContext(
                staging,
                key("rpm.org-rsa-2048-test"),
                Map.of(RpmTarget.OPTION_ARCHITECTURES, "aarch64,s390x")));
    TestArtifacts a =
        new TestArtifacts()
            .rpm("x86_64/hello-2.0-1.x86_64.rpm", Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> session.add(a.artifact("c", MediaTypes.ARTIFACT_RPM_BUILD), a));
    assertTrue(e.getMessage().contains("rpm.architectures"), e.getMessage());
  }

  @Test
  void badOptionsAreRejected() {
    for (Map<String, String> opts :
        List.of(
            Map.of(RpmTarget.OPTION_DEBUG_REPOSITORIES, "maybe"),
            Map.of(RpmTarget.OPTION_ARCHITECTURES, "x86_64,../etc"),
            Map.of(RpmTarget.OPTION_KEY_NAME, "../k"),
            Map.of(RpmTarget.OPTION_REPODATA_COMPRESSION, "lzma"))) {
      assertThrows(
          InvalidInputException.class,
          () ->
              new RpmTarget()
                  .open(new TestTargetContext(staging, key("rpm.org-rsa-2048-test"), opts)),
          opts.toString());
    }
  }

  static Set<String> packages(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(
              p -> p.toString().endsWith(".rpm") && !p.toString().contains("/.incoming/"))
          .map(p -> root.relativize(p).toString())
          .collect(Collectors.toSet());
    }
  }
}
