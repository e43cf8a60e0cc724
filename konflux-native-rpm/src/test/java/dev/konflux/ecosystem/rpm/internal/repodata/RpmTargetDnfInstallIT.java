package dev.konflux.ecosystem.rpm.internal.repodata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.OpenPgpSigningKey;
import dev.konflux.ecosystem.rpm.Fixtures;
import dev.konflux.ecosystem.rpm.RpmTarget;
import dev.konflux.ecosystem.rpm.TestArtifacts;
import dev.konflux.ecosystem.rpm.TestTargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * End to end through {@link RpmTarget}: packages signed by our signer in a repository whose
 * metadata our writer signed install with {@code dnf}, {@code gpgcheck=1} and
 * {@code repo_gpgcheck=1}, given the published key; another key is refused.
 */
class RpmTargetDnfInstallIT {
  @TempDir Path tmp;

  @AfterEach
  void stopAgents() throws Exception {
    ExternalCommand.stopProcessesUnder(tmp);
  }

  @ParameterizedTest
  @CsvSource({"rpm.org-rsa-2048-test,rpm.org-ed25519-test", "rpm.org-ed25519-test,rpm.org-rsa-2048-test"})
  void installsFromTheTargetsRepositoryWithItsKeyOnly(String keyName, String otherKey) throws Exception {
    Path staging = Files.createDirectories(tmp.resolve("staging"));
    OpenPgpSigningKey key = OpenPgpSigningKey.load(Fixtures.key(keyName + ".secret"), null, null);
    TargetSession session = new RpmTarget().open(new TestTargetContext(staging, key, Map.of()));
    // The signed fixture carries an old signature that must be replaced by ours.
    TestArtifacts a = new TestArtifacts()
        .rpm("noarch/foo-1.0-1.noarch.rpm", Fixtures.rpm("foo-1.0-1.noarch.rpm"))
        .rpm("x86_64/hello-2.0-1.x86_64.rpm", Fixtures.rpm("hello-2.0-1.x86_64-signed.rpm"));
    session.add(a.artifact("demo", MediaTypes.ARTIFACT_RPM_BUILD), a);
    session.finish();
    Path repo = staging.resolve("x86_64");

    ExternalCommand.Result ok = install(repo, "good", repo.resolve("RPM-GPG-KEY-konflux"));
    ok.requireSuccess("dnf install with the published key");
    ExternalCommand.Result q = ExternalCommand.run(tmp, Map.of(), "rpm", "--root",
        tmp.resolve("root-good").toString(), "-q", "foo");
    assertEquals("foo-1.0-1.noarch", q.stdout().trim());

    ExternalCommand.Result bad = install(repo, "wrong", Fixtures.key(otherKey + ".pub"));
    assertNotEquals(0, bad.exitCode(), "dnf installed with another key:\n" + bad.stdout());
  }

  private ExternalCommand.Result install(Path repo, String name, Path gpgKey) throws Exception {
    Path conf = tmp.resolve("dnf-" + name + ".conf");
    Files.writeString(conf, String.join("\n",
        "[main]", "gpgcheck=1", "repo_gpgcheck=1", "reposdir=" + tmp.resolve("no-repos-" + name),
        "cachedir=" + tmp.resolve("cache-" + name), "install_weak_deps=False", "",
        "[konflux]", "name=konflux target test", "baseurl=file://" + repo.toAbsolutePath(), "enabled=1",
        "gpgcheck=1", "repo_gpgcheck=1", "gpgkey=file://" + gpgKey.toAbsolutePath(), ""));
    return ExternalCommand.run(tmp, Map.of(), "dnf", "-y", "--config", conf.toString(),
        "--installroot", tmp.resolve("root-" + name).toString(), "--releasever", "12",
        "--setopt=cachedir=" + tmp.resolve("cache-" + name), "--disablerepo=*",
        "--enablerepo=konflux", "install", "foo");
  }
}
