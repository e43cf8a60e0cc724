package dev.konflux.ecosystem.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The npm Sigstore verifier ({@code @sigstore/verify} {@value #VERIFY_VERSION}) as a real peer for
 * tests: checks a key-based Sigstore bundle (message signature or DSSE envelope) for an artifact
 * with a public key, with no transparency log, certificate or timestamp required.
 *
 * <p>{@link #install(Path)} copies the testkit's pinned {@code package.json} (exact versions) and
 * {@code verify.mjs} into a directory and runs {@code npm install} there from the npm registry when
 * the pinned {@code @sigstore/verify} is not installed yet — once per directory per JVM, so test
 * classes may call it from their {@code @BeforeAll}. Node.js and npm must be on the {@code PATH}; a
 * missing tool fails the install with an {@link IOException}, it never skips.
 *
 * <pre>{@code
 * NpmSigstoreVerifier npm = NpmSigstoreVerifier.install(Path.of("target", "npm-sigstore"));
 * NpmSigstoreVerifier.Verdict v = npm.verify(bundleJson, artifactFile, publicKeyPem);
 * assertTrue(v.verified(), v.output());
 * }</pre>
 */
public final class NpmSigstoreVerifier {
  /** The pinned {@code @sigstore/verify} version the verifier runs. */
  public static final String VERIFY_VERSION = "3.1.1";

  private static final String RESOURCES = "/dev/konflux/ecosystem/testkit/npm-sigstore/";
  private static final List<String> FILES = List.of("package.json", "verify.mjs");
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
  private static final int INSTALL_TIMEOUT_SECONDS = 600;
  private static final int VERIFY_TIMEOUT_SECONDS = 120;

  /** Directories installed in this JVM. */
  private static final Set<Path> INSTALLED = new HashSet<>();

  private final Path directory;

  private NpmSigstoreVerifier(Path directory) {
    this.directory = directory;
  }

  /**
   * What the npm verifier said about one bundle.
   *
   * @param exitCode the exit code of {@code node verify.mjs}: 0 verified, 1 rejected
   * @param output what it printed: {@code VERIFIED}, or {@code FAILED <code>: <message>}
   */
  public record Verdict(int exitCode, String output) {
    /**
     * @return whether the verifier accepted the bundle (exit code 0 and {@code VERIFIED} printed)
     */
    public boolean verified() {
      return exitCode == 0 && output.strip().equals("VERIFIED");
    }
  }

  /**
   * Installs the pinned npm verifier into a directory (created if missing), or reuses it there. The
   * verifier files are always rewritten; {@code npm install} runs only when the installed
   * {@code @sigstore/verify} is missing or not {@value #VERIFY_VERSION}. Safe to call from several
   * test classes of one JVM: the first call for a directory installs, later ones return at once.
   *
   * @param directory where to install (e.g. {@code target/npm-sigstore})
   * @return the installed verifier
   * @throws IOException if a file cannot be written or {@code npm install} fails (its output is in
   *     the message)
   * @throws InterruptedException if interrupted while npm runs
   */
  public static synchronized NpmSigstoreVerifier install(Path directory)
      throws IOException, InterruptedException {
    Path dir = directory.toAbsolutePath().normalize();
    NpmSigstoreVerifier verifier = new NpmSigstoreVerifier(dir);
    if (INSTALLED.contains(dir)) {
      return verifier;
    }
    Files.createDirectories(dir);
    for (String name : FILES) {
      try (InputStream in = NpmSigstoreVerifier.class.getResourceAsStream(RESOURCES + name)) {
        if (in == null) {
          throw new IOException("testkit resource " + RESOURCES + name + " is missing");
        }
        Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (!VERIFY_VERSION.equals(installedVersion(dir))) {
      Verdict r =
          verifier.run(
              List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", dir.toString()),
              INSTALL_TIMEOUT_SECONDS);
      String now = installedVersion(dir);
      if (r.exitCode() != 0 || !VERIFY_VERSION.equals(now)) {
        throw new IOException(
            "npm install of @sigstore/verify "
                + VERIFY_VERSION
                + " into "
                + dir
                + " failed (exit "
                + r.exitCode()
                + ", installed "
                + now
                + "; are Node.js and npm installed and the npm registry reachable?): "
                + r.output());
      }
    }
    INSTALLED.add(dir);
    return verifier;
  }

  /**
   * @return the installation directory
   */
  public Path directory() {
    return directory;
  }

  /**
   * Verifies a key-based Sigstore bundle for an artifact with the npm verifier.
   *
   * @param bundle the bundle JSON file ({@code .sigstore.json})
   * @param artifact the signed file (for a DSSE bundle: the file the statement's subject names)
   * @param publicKeyPem the public key, PEM ({@code -----BEGIN PUBLIC KEY-----})
   * @return the verdict (a rejected bundle is a verdict, not an exception)
   * @throws IOException if node cannot run or does not finish in time
   * @throws InterruptedException if interrupted while node runs
   */
  public Verdict verify(Path bundle, Path artifact, Path publicKeyPem)
      throws IOException, InterruptedException {
    return run(
        List.of(
            "node",
            directory.resolve("verify.mjs").toString(),
            "--bundle",
            bundle.toAbsolutePath().toString(),
            "--artifact",
            artifact.toAbsolutePath().toString(),
            "--key",
            publicKeyPem.toAbsolutePath().toString()),
        VERIFY_TIMEOUT_SECONDS);
  }

  private static String installedVersion(Path dir) throws IOException {
    Path pkg = dir.resolve("node_modules/@sigstore/verify/package.json");
    if (!Files.isRegularFile(pkg)) {
      return "nothing";
    }
    Matcher m = VERSION.matcher(Files.readString(pkg, StandardCharsets.UTF_8));
    return m.find() ? m.group(1) : "an unknown version";
  }

  private Verdict run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("npm-sigstore", ".log");
    try {
      Process p;
      try {
        p =
            new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
      } catch (IOException e) {
        throw new IOException(
            "cannot run " + command.get(0) + " (are Node.js and npm installed?): " + e.getMessage(),
            e);
      }
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(command + " did not finish in " + timeoutSeconds + " s");
      }
      return new Verdict(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
