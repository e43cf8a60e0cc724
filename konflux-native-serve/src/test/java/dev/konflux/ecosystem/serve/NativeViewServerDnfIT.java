package dev.konflux.ecosystem.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.spi.OpenPgpArmor;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dnf installs from the server with {@code gpgcheck} and {@code repo_gpgcheck} on, trusting only
 * the ephemeral key the server publishes; with another key it refuses the repository. Needs {@code
 * dnf} and {@code rpmbuild} (installed by {@code scripts/test-all}); a missing one fails.
 */
class NativeViewServerDnfIT {
  @TempDir Path tmp;

  private int dnf(String name, String repoUrl, String keyUrl, String... args) throws Exception {
    Path root = tmp.resolve("root-" + name);
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "dnf",
                "-y",
                "--installroot",
                root.toString(),
                "--releasever",
                "12",
                "--setopt=reposdir=" + tmp.resolve("no-repos"),
                "--setopt=cachedir=" + tmp.resolve("cache-" + name),
                "--repofrompath=k," + repoUrl,
                "--repo=k",
                "--setopt=k.gpgcheck=1",
                "--setopt=k.repo_gpgcheck=1",
                "--setopt=k.gpgkey=" + keyUrl,
                // dnf would otherwise ignore a repository it cannot verify and exit 0.
                "--setopt=skip_if_unavailable=False",
                "--setopt=install_weak_deps=False"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("dnf-" + name + ".log").toFile())
            .start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "dnf " + name + " timed out");
    return p.exitValue();
  }

  @Test
  void dnfInstallsFromTheServerWithGpgcheckAndRepoGpgcheck() throws Exception {
    Files.createDirectories(tmp.resolve("no-repos"));
    ServeFixture fixture = ServeFixture.build(tmp.resolve("fixture"), 3, 1);
    OpenPgpSigner key = EphemeralSigningKey.generate("serve dnf test <serve@test.invalid>");
    try (NativeViewServer server =
        NativeViewServer.builder().plan(fixture.plan(tmp, key, null)).publicKey(key).start()) {
      String repo = server.uri().resolve("rpm/x86_64/").toString();
      String keyUrl = server.keyUrls().get(0).toString();
      int exit = dnf("good", repo, keyUrl, "install", "demo-sub-2");
      String log = Files.readString(tmp.resolve("dnf-good.log"), StandardCharsets.UTF_8);
      assertEquals(0, exit, log);
      assertTrue(
          Files.readString(tmp.resolve("root-good/usr/share/demo/sub-2"), StandardCharsets.UTF_8)
              .startsWith("sub 2"),
          log);

      // Another key: repomd.xml.asc does not verify, so dnf refuses the repository.
      OpenPgpSigner other = EphemeralSigningKey.generate("other <other@test.invalid>");
      Path otherKey =
          Files.writeString(
              tmp.resolve("other.asc"),
              OpenPgpArmor.armorPublicKey(other.publicKey()),
              StandardCharsets.US_ASCII);
      int refused = dnf("bad", repo, otherKey.toUri().toString(), "install", "demo-sub-3");
      String badLog = Files.readString(tmp.resolve("dnf-bad.log"), StandardCharsets.UTF_8);
      assertTrue(refused != 0, badLog);
      assertTrue(Files.notExists(tmp.resolve("root-bad/usr/share/demo/sub-3")), badLog);
    }
  }
}
