package dev.konflux.ecosystem.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm {@code @sigstore/verify} verifier, as the sigstore module's agreement tests install it:
 * the pinned {@code package.json} and {@code verify.mjs} are copied from {@code src/test/node} into
 * {@code target/npm-sigstore}, and {@code npm install} runs there when the package is missing (npm
 * is required, never skipped).
 */
final class NpmSigstoreInstall {
  /** What a command printed and how it exited. */
  record Result(int exit, String output) {}

  private final Path dir;

  private NpmSigstoreInstall(Path dir) {
    this.dir = dir;
  }

  static synchronized NpmSigstoreInstall install() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "npm-sigstore").toAbsolutePath());
    for (String f : List.of("package.json", "verify.mjs")) {
      Files.copy(
          Path.of("src", "test", "node", f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    NpmSigstoreInstall npm = new NpmSigstoreInstall(dir);
    if (!Files.isDirectory(dir.resolve("node_modules/@sigstore/verify"))) {
      Result r =
          npm.run(
              List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", dir.toString()),
              600);
      assertEquals(0, r.exit(), "npm install failed: " + r.output());
    }
    return npm;
  }

  /**
   * Verifies a key-based bundle for a file.
   *
   * @return exit code and output: {@code 0 VERIFIED} or {@code 1 FAILED …}
   */
  Result verify(Path bundle, Path artifact, Path publicKeyPem) throws Exception {
    return run(
        List.of(
            "node",
            dir.resolve("verify.mjs").toString(),
            "--bundle",
            bundle.toString(),
            "--artifact",
            artifact.toString(),
            "--key",
            publicKeyPem.toString()),
        120);
  }

  private Result run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("npm-sigstore", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(command + " did not finish in " + timeoutSeconds + " s");
      }
      return new Result(p.exitValue(), Files.readString(out));
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
