package dev.konflux.ecosystem.rpm.internal.repodata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.rpm.Fixtures;
import dev.konflux.ecosystem.signing.OpenPgpKeyFile;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dnf installs from our signed repository with {@code gpgcheck=1} and {@code repo_gpgcheck=1} when
 * given our published key, and refuses when given another key. The package is signed with {@code
 * rpmsign} (the rpm.org RSA test key); {@code repomd.xml.asc} and {@code RPM-GPG-KEY-*} come from
 * {@link RepodataWriter}. {@code foo-1.0-1.noarch} has no requirements, so it installs into an
 * empty root.
 */
class RepodataDnfInstallIT {
  private static final Instant TIME = Instant.ofEpochSecond(1_760_000_000L);
  private static final String KEY_NAME = "konflux-test";

  @TempDir Path tmp;
  private Path repo;

  @BeforeEach
  void signedRepository() throws Exception {
    repo = tmp.resolve("repo");
    RepoFixtures.copyPackages(repo, List.of("foo-1.0-1.noarch.rpm"), TIME);
    Path gnupg = tmp.resolve("gnupg");
    Files.createDirectory(
        gnupg, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Map<String, String> env = Map.of("GNUPGHOME", gnupg.toString());
    ExternalCommand.run(
            tmp,
            env,
            "gpg",
            "--batch",
            "--import",
            Fixtures.key("rpm.org-rsa-2048-test.secret").toString())
        .requireSuccess("gpg --import");
    ExternalCommand.run(
            tmp,
            env,
            "rpmsign",
            "--define",
            "__gpg /usr/bin/gpg",
            "--define",
            "_gpg_name rpm.org RSA testkey",
            "--addsign",
            repo.resolve("foo-1.0-1.noarch.rpm").toString())
        .requireSuccess("rpmsign");
    Files.setLastModifiedTime(
        repo.resolve("foo-1.0-1.noarch.rpm"), java.nio.file.attribute.FileTime.from(TIME));

    OpenPgpSigner key =
        OpenPgpKeyFile.load(Fixtures.key("rpm.org-rsa-2048-test.secret"), null, null);
    // the artifact's SBOM as a sidecar, listed as an extra record dnf does not know
    Files.writeString(
        repo.resolve("foo-1.0-1.noarch.rpm.spdx.json"),
        "{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"foo\"}");
    RepodataResult result =
        RepodataWriter.builder()
            .signingKey(key, KEY_NAME)
            .build()
            .write(
                repo,
                RepoFixtures.entries(repo),
                List.of(new ExtraMetadata("sbom", "foo-1.0-1.noarch.rpm.spdx.json")),
                TIME);
    assertTrue(
        Files.readString(repo.resolve("repodata/repomd.xml")).contains("<data type=\"sbom\">"));
    assertTrue(result.files().stream().anyMatch(f -> f.path().equals("repodata/repomd.xml.asc")));
    assertTrue(Files.isRegularFile(repo.resolve("RPM-GPG-KEY-" + KEY_NAME)));
  }

  @AfterEach
  void stopAgents() throws Exception {
    ExternalCommand.stopProcessesUnder(tmp);
  }

  @Test
  void installsWithOurKey() throws Exception {
    ExternalCommand.Result r = install("good", repo.resolve("RPM-GPG-KEY-" + KEY_NAME));
    r.requireSuccess("dnf install with the repository's key");
    ExternalCommand.Result q =
        ExternalCommand.run(
            tmp, Map.of(), "rpm", "--root", tmp.resolve("root-good").toString(), "-q", "foo");
    assertEquals("foo-1.0-1.noarch", q.stdout().trim());
  }

  @Test
  void gpgVerifiesTheRepomdSignatureWithThePublishedKey() throws Exception {
    Path home = tmp.resolve("verify-gnupg");
    Files.createDirectory(
        home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Map<String, String> env = Map.of("GNUPGHOME", home.toString());
    ExternalCommand.run(
            tmp,
            env,
            "gpg",
            "--batch",
            "--import",
            repo.resolve("RPM-GPG-KEY-" + KEY_NAME).toString())
        .requireSuccess("gpg --import");
    ExternalCommand.run(
            tmp,
            env,
            "gpg",
            "--batch",
            "--verify",
            repo.resolve("repodata/repomd.xml.asc").toString(),
            repo.resolve("repodata/repomd.xml").toString())
        .requireSuccess("gpg --verify");
  }

  @Test
  void refusesAnotherKey() throws Exception {
    ExternalCommand.Result r = install("wrong", Fixtures.key("rpm.org-ed25519-test.pub"));
    assertNotEquals(0, r.exitCode(), "dnf installed with a wrong key:\n" + r.stdout());
    assertTrue(
        (r.stdout() + r.stderr()).toLowerCase(java.util.Locale.ROOT).contains("gpg"),
        "dnf failed for another reason than the key:\n" + r.stdout() + r.stderr());
    ExternalCommand.Result q =
        ExternalCommand.run(
            tmp, Map.of(), "rpm", "--root", tmp.resolve("root-wrong").toString(), "-q", "foo");
    assertNotEquals(0, q.exitCode());
  }

  @Test
  void refusesATamperedRepomd() throws Exception {
    Path repomd = repo.resolve("repodata/repomd.xml");
    Files.writeString(repomd, Files.readString(repomd).replace("<revision>", "<revision>1"));
    ExternalCommand.Result r = install("tampered", repo.resolve("RPM-GPG-KEY-" + KEY_NAME));
    assertNotEquals(0, r.exitCode(), "dnf accepted a changed repomd.xml:\n" + r.stdout());
    assertTrue(
        (r.stdout() + r.stderr()).toLowerCase(java.util.Locale.ROOT).contains("gpg"),
        "dnf failed for another reason than the signature:\n" + r.stdout() + r.stderr());
  }

  private ExternalCommand.Result install(String name, Path gpgKey) throws Exception {
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
            "name=konflux test",
            "baseurl=file://" + repo.toAbsolutePath(),
            "enabled=1",
            "gpgcheck=1",
            "repo_gpgcheck=1",
            "gpgkey=file://" + gpgKey.toAbsolutePath(),
            ""));
    return ExternalCommand.run(
        tmp,
        Map.of(),
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
        "install",
        "foo");
  }
}
