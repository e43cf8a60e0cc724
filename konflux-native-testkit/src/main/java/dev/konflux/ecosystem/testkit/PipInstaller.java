package dev.konflux.ecosystem.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A real pip installing from an index, the way the integration tests check that what we serve or
 * write installs: {@code python -m pip install --isolated --no-cache-dir
 * --disable-pip-version-check --index-url URL --target DIR …}, so nothing outside the target
 * directory changes and no configuration or cache of the machine takes part. Two interpreters are
 * known: Debian's ({@link #DEBIAN_PYTHON}, pip 23.0.1) and pyenv's ({@link #pyenvPython()}, pip
 * 23.2.1).
 */
public final class PipInstaller {
  /** Debian's interpreter, with pip 23.0.1, setuptools and wheel. */
  public static final String DEBIAN_PYTHON = "/usr/bin/python3";

  private static final long TIMEOUT_SECONDS = 300;

  /**
   * What pip did.
   *
   * @param exit its exit code
   * @param output what it printed on standard output and standard error, interleaved
   */
  public record Result(int exit, String output) {}

  private final String python;
  private final Path workDir;

  private PipInstaller(String python, Path workDir) {
    this.python = Objects.requireNonNull(python, "python");
    this.workDir = Objects.requireNonNull(workDir, "workDir");
  }

  /**
   * @param python the interpreter to run pip with
   * @param workDir the directory pip runs in (its output is staged there, then removed)
   * @return an installer
   */
  public static PipInstaller of(String python, Path workDir) {
    return new PipInstaller(python, workDir);
  }

  /**
   * @param which {@code "debian"} for {@link #DEBIAN_PYTHON}, anything else for {@link
   *     #pyenvPython()}
   * @param workDir the directory pip runs in
   * @return an installer
   */
  public static PipInstaller named(String which, Path workDir) {
    return of(which.equals("debian") ? DEBIAN_PYTHON : pyenvPython(), workDir);
  }

  /**
   * @return pyenv's Python 3.11.7 (pip 23.2.1) under {@code ~/.pyenv}, else {@code python3} on the
   *     {@code PATH}
   */
  public static String pyenvPython() {
    Path p =
        Path.of(System.getProperty("user.home"), ".pyenv", "versions", "3.11.7", "bin", "python3");
    return Files.isExecutable(p) ? p.toString() : "python3";
  }

  /**
   * @return the interpreter this installer runs
   */
  public String python() {
    return python;
  }

  /**
   * @return {@code pip --version}
   * @throws IOException if the interpreter cannot be started or does not finish
   */
  public Result version() throws IOException {
    return run(List.of(python, "-m", "pip", "--version"));
  }

  /**
   * Installs into a target directory from an index.
   *
   * @param indexUrl the simple API root, e.g. {@code http://127.0.0.1:8000/simple/}
   * @param target the directory to install into ({@code --target})
   * @param args what to install and any further options, e.g. {@code demo-pkg==1.0}
   * @return what pip did
   * @throws IOException if pip cannot be started or does not finish in five minutes
   */
  public Result install(String indexUrl, Path target, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                python,
                "-m",
                "pip",
                "install",
                "--isolated",
                "--no-cache-dir",
                "--disable-pip-version-check",
                "--index-url",
                indexUrl,
                "--target",
                target.toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  /**
   * Installs the wheels a requirements file names, each checked against the {@code --hash} it
   * states ({@code --require-hashes --only-binary :all: -r FILE}).
   *
   * @param indexUrl the simple API root
   * @param target the directory to install into
   * @param requirements a requirements file with a {@code --hash=sha256:…} on every line
   * @return what pip did
   * @throws IOException if pip cannot be started or does not finish in five minutes
   */
  public Result installWithHashes(String indexUrl, Path target, Path requirements)
      throws IOException {
    return install(
        indexUrl,
        target,
        "--require-hashes",
        "--only-binary",
        ":all:",
        "-r",
        requirements.toString());
  }

  private Result run(List<String> command) throws IOException {
    Path log = Files.createTempFile(workDir, "pip-", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IOException(
              command
                  + " did not finish in "
                  + TIMEOUT_SECONDS
                  + " s: "
                  + Files.readString(log, StandardCharsets.UTF_8));
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException(command + " was interrupted", e);
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
