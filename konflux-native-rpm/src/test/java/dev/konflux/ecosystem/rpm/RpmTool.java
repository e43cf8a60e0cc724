package dev.konflux.ecosystem.rpm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code rpm} client against a scratch rpmdb; a missing client fails the test. */
public final class RpmTool {
  private final Path dbPath;

  /** Result of one run. */
  public record Result(int exitCode, String output) {}

  /**
   * @param dbPath a scratch rpmdb directory (created)
   * @throws IOException if it cannot be created
   */
  public RpmTool(Path dbPath) throws IOException {
    this.dbPath = Files.createDirectories(dbPath);
    if (!Files.isExecutable(Path.of("/usr/bin/rpm"))) {
      throw new IllegalStateException("/usr/bin/rpm is missing: install the rpm package");
    }
  }

  /**
   * @param publicKey an armored public key file
   * @return the result of {@code rpm --import}
   * @throws Exception on failure to run
   */
  public Result importKey(Path publicKey) throws Exception {
    return run(List.of("--import", publicKey.toString()));
  }

  /**
   * @param packages packages to check
   * @return the result of {@code rpm -K} at signature level
   * @throws Exception on failure to run
   */
  public Result checkSignatures(List<Path> packages) throws Exception {
    List<String> args = new ArrayList<>(List.of("-Kv", "--define", "_pkgverify_level signature"));
    packages.forEach(p -> args.add(p.toString()));
    return run(args);
  }

  /**
   * @param packages packages to check
   * @return the result of {@code rpm -K} at digest level (unsigned packages pass when intact)
   * @throws Exception on failure to run
   */
  public Result checkDigests(List<Path> packages) throws Exception {
    List<String> args = new ArrayList<>(List.of("-Kv", "--define", "_pkgverify_level digest"));
    packages.forEach(p -> args.add(p.toString()));
    return run(args);
  }

  private Result run(List<String> args) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of("/usr/bin/rpm", "--dbpath", dbPath.toAbsolutePath().toString()));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("rpm did not finish: " + cmd);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
