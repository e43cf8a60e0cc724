package dev.konflux.ecosystem.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding example that signs with its own signer (an in-memory "HSM" behind {@link
 * dev.konflux.ecosystem.spi.DigestSigner}, no key file): real {@code rpm -K} accepts every package
 * with only the published key imported, and real {@code gpg --verify} accepts {@code
 * repomd.xml.asc}.
 */
class OwnSignerExampleTest {
  @TempDir Path tmp;

  private record Run(int exit, String output) {}

  private static Run run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
    return new Run(p.exitValue(), out);
  }

  @Test
  void packagesAndRepodataSignedByAnEmbeddersOwnSignerVerifyWithRpmAndGpg() throws Exception {
    Path rpm = tmp.resolve("konflux-hello-1.0-1.noarch.rpm");
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "/dev/konflux/ecosystem/examples/rpms/konflux-hello-1.0-1.noarch.rpm")) {
      Files.copy(in, rpm, StandardCopyOption.REPLACE_EXISTING);
    }
    ExampleArtifacts.ExampleBuild build =
        ExampleArtifacts.rpmBuild(tmp.resolve("layout"), List.of(rpm), tmp.resolve("cosign.pub"));
    Path out = tmp.resolve("out");
    OwnSignerExample.release(
        ArtifactReference.parse(build.reference()),
        build.publicKey(),
        out,
        new OwnSignerExample.ExampleHsm(),
        "Example Release <release@example.invalid>");

    List<Path> packages = new ArrayList<>();
    List<Path> keys = new ArrayList<>();
    List<Path> repomds = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(out.resolve("rpm"))) {
      walk.filter(Files::isRegularFile)
          .forEach(
              f -> {
                String name = f.getFileName().toString();
                if (name.endsWith(".rpm")) {
                  packages.add(f);
                } else if (name.startsWith("RPM-GPG-KEY-")) {
                  keys.add(f);
                } else if (name.equals("repomd.xml")) {
                  repomds.add(f);
                }
              });
    }
    assertFalse(packages.isEmpty());
    assertFalse(keys.isEmpty());
    assertFalse(repomds.isEmpty());

    Path db = Files.createDirectories(tmp.resolve("rpmdb"));
    Run imported = run(tmp, "rpm", "--dbpath", db.toString(), "--import", keys.get(0).toString());
    assertEquals(0, imported.exit(), imported.output());
    for (Path pkg : packages) {
      Run k =
          run(
              tmp,
              "rpm",
              "--dbpath",
              db.toString(),
              "-Kv",
              "--define",
              "_pkgverify_level signature",
              pkg.toString());
      assertEquals(0, k.exit(), k.output());
      assertTrue(
          k.output().contains("Header V4 RSA/SHA256 Signature") && k.output().contains("OK"),
          k.output());
    }

    Path gnupg = Files.createDirectories(tmp.resolve("gnupg"));
    Files.setPosixFilePermissions(
        gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Run gpgImport =
        run(
            tmp,
            "gpg",
            "--batch",
            "--homedir",
            gnupg.toString(),
            "--import",
            keys.get(0).toString());
    assertEquals(0, gpgImport.exit(), gpgImport.output());
    for (Path repomd : repomds) {
      Run v =
          run(
              tmp,
              "gpg",
              "--batch",
              "--homedir",
              gnupg.toString(),
              "--status-fd",
              "1",
              "--verify",
              repomd + ".asc",
              repomd.toString());
      assertEquals(0, v.exit(), v.output());
      assertTrue(v.output().contains("[GNUPG:] GOODSIG"), v.output());
    }
  }
}
