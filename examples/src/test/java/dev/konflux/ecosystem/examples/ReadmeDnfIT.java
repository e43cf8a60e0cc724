package dev.konflux.ecosystem.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.examples.cli.KonfluxNativeCli;
import dev.konflux.ecosystem.testkit.OpenPgpTestKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "next steps" {@code .repo} file, as written, makes dnf read the quick start's output
 * with {@code repo_gpgcheck} against the published key; with any other key dnf refuses the
 * repository. Needs {@code dnf} (installed by {@code scripts/test-all}); a missing dnf fails.
 */
class ReadmeDnfIT {
  private static final String README_OUT = "/tmp/konflux-out";

  @TempDir Path tmp;

  private static String repoFile() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("(?s)\n```\n(\\[konflux-example].*?)\n```").matcher(readme);
    assertTrue(m.find(), "README has no [konflux-example] repo file");
    return m.group(1) + "\n";
  }

  private Process dnf(Path repos, String name, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "dnf",
                "-y",
                "--installroot",
                tmp.resolve("root-" + name).toString(),
                "--releasever",
                "12",
                "--setopt=reposdir=" + repos,
                "--setopt=cachedir=" + tmp.resolve("cache-" + name),
                "--disablerepo=*",
                "--enablerepo=konflux-example",
                // dnf would otherwise ignore a repository it cannot verify and exit 0.
                "--setopt=skip_if_unavailable=False"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("dnf-" + name + ".log").toFile())
        .start();
  }

  @Test
  void readmeRepoFileVerifiesTheExampleOutput() throws Exception {
    Path out = tmp.resolve("konflux-out");
    assertEquals(0, KonfluxNativeCli.execute("translate", "--example", "--out", out.toString()));
    String repo = repoFile();
    assertTrue(repo.contains("gpgcheck=1") && repo.contains("repo_gpgcheck=1"), repo);

    Path good = Files.createDirectories(tmp.resolve("repos-good"));
    Files.writeString(
        good.resolve("konflux-example.repo"), repo.replace(README_OUT, out.toString()));
    Process ok = dnf(good, "good", "repoquery", "konflux-hello");
    int exit = ok.waitFor();
    String log = Files.readString(tmp.resolve("dnf-good.log"));
    assertEquals(0, exit, log);
    assertTrue(log.contains("konflux-hello-0:1.0-1.noarch"), log);

    // Another key: the signed repomd.xml must not verify, so dnf refuses the repository.
    Path otherKey =
        Files.writeString(
            tmp.resolve("RPM-GPG-KEY-other"),
            OpenPgpTestKey.ed25519("other <other@test.invalid>").publicKeyArmored());
    Path bad = Files.createDirectories(tmp.resolve("repos-bad"));
    Files.writeString(
        bad.resolve("konflux-example.repo"),
        repo.replace(README_OUT, out.toString())
            .replaceAll("gpgkey=.*", "gpgkey=file://" + otherKey));
    Process refused = dnf(bad, "bad", "repoquery", "konflux-hello");
    int badExit = refused.waitFor();
    String badLog = Files.readString(tmp.resolve("dnf-bad.log"));
    assertNotEquals(0, badExit, badLog);
    assertTrue(badLog.contains("GPG signature verification error"), badLog);
  }
}
