package dev.konflux.ecosystem.rpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackageReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source package and a debuginfo package built here with the real {@code rpmbuild}: they land in
 * {@code source} and {@code x86_64-debug}, each with repodata, and {@code rpm -K} accepts them.
 */
class SourceAndDebugPackagesIT {
  @TempDir Path tmp;

  private static final String SPEC =
      """
      Name: demo
      Version: 1.0
      Release: 1
      Summary: demo
      License: MIT
      %description
      demo
      %package debuginfo
      Summary: demo debug
      %description debuginfo
      demo debug
      %install
      mkdir -p %{buildroot}/usr/share/demo %{buildroot}/usr/lib/debug
      echo demo > %{buildroot}/usr/share/demo/file
      echo debug > %{buildroot}/usr/lib/debug/demo.debug
      %files
      /usr/share/demo/file
      %files debuginfo
      /usr/lib/debug/demo.debug
      """;

  @Test
  void sourceAndDebugPackagesGoToTheirRepositories() throws Exception {
    Path top = Files.createDirectories(tmp.resolve("build"));
    Path spec = top.resolve("demo.spec");
    Files.writeString(spec, SPEC, StandardCharsets.UTF_8);
    run(
        top,
        "rpmbuild",
        "--define",
        "_topdir " + top,
        "--define",
        "debug_package %{nil}",
        "--define",
        "__os_install_post %{nil}",
        "--target",
        "x86_64",
        "-ba",
        spec.toString());
    Path srpm = top.resolve("SRPMS/demo-1.0-1.src.rpm");
    Path debug = top.resolve("RPMS/x86_64/demo-debuginfo-1.0-1.x86_64.rpm");
    Path main = top.resolve("RPMS/x86_64/demo-1.0-1.x86_64.rpm");
    assertTrue(new RpmPackageReader().read(srpm).isSource());

    Path staging = Files.createDirectories(tmp.resolve("staging"));
    TestSession session =
        TestSession.open(
            new TestTargetContext(
                staging,
                RpmTargetTest.key("rpm.org-ed25519-test"),
                Map.of(RpmTarget.OPTION_ARCHITECTURES, "x86_64,aarch64")));
    TestArtifacts a =
        new TestArtifacts()
            .rpm("src/demo-1.0-1.src.rpm", srpm)
            .rpm("x86_64/demo-debuginfo-1.0-1.x86_64.rpm", debug)
            .rpm("x86_64/demo-1.0-1.x86_64.rpm", main);
    session.add(a.artifact("demo", MediaTypes.ARTIFACT_RPM_BUILD), a);
    session.finish();

    assertEquals(
        java.util.Set.of(
            "source/Packages/demo-1.0-1.src.rpm",
            "x86_64-debug/Packages/demo-debuginfo-1.0-1.x86_64.rpm",
            "x86_64/Packages/demo-1.0-1.x86_64.rpm"),
        RpmTargetTest.packages(staging));
    for (String repo : List.of("source", "x86_64-debug", "x86_64")) {
      assertTrue(Files.exists(staging.resolve(repo).resolve("repodata/repomd.xml.asc")), repo);
    }
    List<Path> packages;
    try (Stream<Path> walk = Files.walk(staging)) {
      packages = walk.filter(p -> p.toString().endsWith(".rpm")).toList();
    }
    RpmTool rpm = new RpmTool(tmp.resolve("db"));
    assertEquals(0, rpm.importKey(Fixtures.key("rpm.org-ed25519-test.pub")).exitCode());
    RpmTool.Result r = rpm.checkSignatures(packages);
    assertEquals(0, r.exitCode(), r.output());
    assertEquals(
        3,
        r.output()
            .lines()
            .filter(l -> l.contains("Header V4 EdDSA/SHA256 Signature") && l.endsWith(": OK"))
            .count(),
        r.output());
  }

  private static void run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", cmd));
    }
    assertEquals(0, p.exitValue(), out);
  }
}
