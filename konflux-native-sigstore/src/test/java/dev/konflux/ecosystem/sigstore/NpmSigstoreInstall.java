package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The keyless npm {@code @sigstore/verify} (4.x, default thresholds) that {@link
 * NpmBundleVerdictAgreementIT} compares with: the pinned package.json and the node script are
 * copied from {@code src/test/node/keyless} into {@code target/<name>}, and {@code npm install}
 * runs there when the package is missing (npm is required, never skipped). Key-based bundles are
 * checked with the testkit's {@code NpmSigstoreVerifier} instead.
 */
final class NpmSigstoreInstall {
  /** What a command printed and how it exited. */
  record Result(int exit, String output) {}

  private final Path dir;

  private NpmSigstoreInstall(Path dir) {
    this.dir = dir;
  }

  /**
   * @param targetName the directory under {@code target/} to install into
   * @param source the directory holding the files
   * @param files package.json and the verifier script
   * @return the installation
   */
  static NpmSigstoreInstall install(String targetName, Path source, List<String> files)
      throws Exception {
    Path dir = Files.createDirectories(Path.of("target", targetName).toAbsolutePath());
    for (String f : files) {
      Files.copy(source.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    NpmSigstoreInstall npm = new NpmSigstoreInstall(dir);
    // Test classes of one fork may install into the same directory at once.
    synchronized (NpmSigstoreInstall.class) {
      if (!Files.isDirectory(dir.resolve("node_modules/@sigstore/verify"))) {
        Result r =
            npm.run(
                List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", dir.toString()),
                600);
        assertEquals(0, r.exit(), "npm install failed: " + r.output());
      }
    }
    return npm;
  }

  /**
   * @return the installation directory
   */
  Path dir() {
    return dir;
  }

  /**
   * Runs a command in the installation directory.
   *
   * @param command the command
   * @param timeoutSeconds how long it may take
   * @return its exit code and output (stdout and stderr)
   */
  Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
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
