package dev.konflux.ecosystem.rpm.internal.repodata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.rpm.Fixtures;
import dev.konflux.ecosystem.rpm.RpmTarget;
import dev.konflux.ecosystem.rpm.TestArtifacts;
import dev.konflux.ecosystem.rpm.TestSession;
import dev.konflux.ecosystem.rpm.TestTargetContext;
import dev.konflux.ecosystem.signing.OpenPgpKeyFile;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * End to end through {@link RpmTarget}: packages signed by our signer in a repository whose
 * metadata our writer signed install with {@code dnf}, {@code gpgcheck=1} and {@code
 * repo_gpgcheck=1}, given the published key; another key is refused. The repositories carry SBOM
 * sidecars listed as extra {@code sbom} records, which dnf must accept.
 */
class RpmTargetDnfInstallIT {
  @TempDir Path tmp;

  @AfterEach
  void stopAgents() throws Exception {
    ExternalCommand.stopProcessesUnder(tmp);
  }

  @ParameterizedTest
  @CsvSource({
    "rpm.org-rsa-2048-test,rpm.org-ed25519-test",
    "rpm.org-ed25519-test,rpm.org-rsa-2048-test"
  })
  void installsFromTheTargetsRepositoryWithItsKeyOnly(String keyName, String otherKey)
      throws Exception {
    Path staging = Files.createDirectories(tmp.resolve("staging"));
    OpenPgpSigner key = OpenPgpKeyFile.load(Fixtures.key(keyName + ".secret"), null, null);
    TestSession session = TestSession.open(new TestTargetContext(staging, key, Map.of()));
    // The signed fixture carries an old signature that must be replaced by ours.
    TestArtifacts a =
        new TestArtifacts()
            .rpm("noarch/foo-1.0-1.noarch.rpm", Fixtures.rpm("foo-1.0-1.noarch.rpm"))
            .rpm("x86_64/hello-2.0-1.x86_64.rpm", Fixtures.rpm("hello-2.0-1.x86_64-signed.rpm"))
            .sbom(Referrer.Kind.SBOM, MediaTypes.SPDX_JSON, SPDX)
            .sbom(Referrer.Kind.COSIGN_SBOM, MediaTypes.CYCLONEDX_JSON, CYCLONEDX);
    session.add(a.artifact("demo", MediaTypes.ARTIFACT_RPM_BUILD), a);
    session.finish();
    Path repo = staging.resolve("x86_64");
    String repomd = Files.readString(repo.resolve("repodata/repomd.xml"));
    assertTrue(
        repomd.contains("<data type=\"sbom-demo-")
            && repomd.contains(".spdx.json\">")
            && repomd.contains(".cdx.json\">"),
        repomd);

    ExternalCommand.Result ok = install(repo, "good", repo.resolve("RPM-GPG-KEY-konflux"));
    ok.requireSuccess("dnf install with the published key");
    ExternalCommand.Result q =
        ExternalCommand.run(
            tmp, Map.of(), "rpm", "--root", tmp.resolve("root-good").toString(), "-q", "foo");
    assertEquals("foo-1.0-1.noarch", q.stdout().trim());

    ExternalCommand.Result bad = install(repo, "wrong", Fixtures.key(otherKey + ".pub"));
    assertNotEquals(0, bad.exitCode(), "dnf installed with another key:\n" + bad.stdout());
  }

  @Test
  void installsFromAnUpdatedRepositoryThatKeptItsSbom() throws Exception {
    OpenPgpSigner key =
        OpenPgpKeyFile.load(Fixtures.key("rpm.org-rsa-2048-test.secret"), null, null);
    Path first = Files.createDirectories(tmp.resolve("first"));
    TestSession s1 =
        TestSession.open(
            new TestTargetContext(first, key, Map.of(RpmTarget.OPTION_ARCHITECTURES, "x86_64")));
    // The first release: hello (which needs glibc, not installable into an empty root) and its
    // SBOM.
    TestArtifacts a =
        new TestArtifacts()
            .rpm("x86_64/hello-2.0-1.x86_64.rpm", Fixtures.rpm("hello-2.0-1.x86_64.rpm"))
            .sbom(Referrer.Kind.SBOM, MediaTypes.SPDX_JSON, SPDX);
    s1.add(a.artifact("hello", MediaTypes.ARTIFACT_RPM_BUILD), a);
    s1.finish();

    // The second release adds foo to that repository.
    Path second = Files.createDirectories(tmp.resolve("second"));
    TestSession s2 =
        TestSession.open(
            new TestTargetContext(second, key, Map.of(RpmTarget.OPTION_ARCHITECTURES, "x86_64"))
                .withCurrentOutput(first));
    TestArtifacts b =
        new TestArtifacts()
            .rpm("noarch/foo-1.0-1.noarch.rpm", Fixtures.rpm("foo-1.0-1.noarch.rpm"));
    s2.add(b.artifact("foo", MediaTypes.ARTIFACT_RPM_BUILD), b);
    s2.finish();
    Path repo = second.resolve("x86_64");
    String repomd = Files.readString(repo.resolve("repodata/repomd.xml"));
    assertTrue(
        repomd.contains("<data type=\"sbom\">") && repomd.contains("<location href=\"sboms/hello-"),
        repomd);
    assertTrue(Files.exists(repo.resolve("Packages/hello-2.0-1.x86_64.rpm")));

    install(repo, "updated", repo.resolve("RPM-GPG-KEY-konflux"), "foo")
        .requireSuccess("dnf install from the updated repository");
    ExternalCommand.Result q =
        ExternalCommand.run(
            tmp, Map.of(), "rpm", "--root", tmp.resolve("root-updated").toString(), "-q", "foo");
    assertEquals("foo-1.0-1.noarch", q.stdout().trim());
  }

  private static final byte[] SPDX =
      ("{\"spdxVersion\":\"SPDX-2.3\",\"dataLicense\":\"CC0-1.0\","
              + "\"SPDXID\":\"SPDXRef-DOCUMENT\",\"name\":\"demo\"}")
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] CYCLONEDX =
      "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1}"
          .getBytes(StandardCharsets.UTF_8);

  private ExternalCommand.Result install(Path repo, String name, Path gpgKey) throws Exception {
    return install(repo, name, gpgKey, "foo");
  }

  private ExternalCommand.Result install(Path repo, String name, Path gpgKey, String... packages)
      throws Exception {
    Path conf = tmp.resolve("dnf-" + name + ".conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "[main]",
            "gpgcheck=1",
            "repo_gpgcheck=1",
            "reposdir=" + tmp.resolve("no-repos-" + name),
            "cachedir=" + tmp.resolve("cache-" + name),
            "install_weak_deps=False",
            "",
            "[konflux]",
            "name=konflux target test",
            "baseurl=file://" + repo.toAbsolutePath(),
            "enabled=1",
            "gpgcheck=1",
            "repo_gpgcheck=1",
            "gpgkey=file://" + gpgKey.toAbsolutePath(),
            ""));
    java.util.List<String> command =
        new java.util.ArrayList<>(
            java.util.List.of(
                "dnf",
                "-y",
                "--config",
                conf.toString(),
                "--installroot",
                tmp.resolve("root-" + name).toString(),
                "--releasever",
                "12",
                "--setopt=cachedir=" + tmp.resolve("cache-" + name),
                "--disablerepo=*",
                "--enablerepo=konflux",
                "install"));
    command.addAll(java.util.List.of(packages));
    return ExternalCommand.run(tmp, Map.of(), command.toArray(String[]::new));
  }
}
