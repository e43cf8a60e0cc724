package dev.konflux.ecosystem.rpm.internal.repodata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real tool (rpm, createrepo_c, dnf, gpg) for the integration tests. */
final class ExternalCommand {
  record Result(int exitCode, String stdout, String stderr) {
    Result requireSuccess(String what) {
      if (exitCode != 0) {
        throw new AssertionError(
            what
                + " failed with exit code "
                + exitCode
                + "\nstdout:\n"
                + stdout
                + "\nstderr:\n"
                + stderr);
      }
      return this;
    }
  }

  private ExternalCommand() {}

  static Result run(Path workDir, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "cmd", ".out");
    Path err = Files.createTempFile(workDir, "cmd", ".err");
    ProcessBuilder pb =
        new ProcessBuilder(List.of(command))
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    Result r =
        new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  /**
   * Stops the processes (gpg-agent, left behind by gpg, rpmsign and dnf) whose command line names a
   * directory under {@code dir}, by pid.
   */
  static void stopProcessesUnder(Path dir) throws IOException {
    String marker = dir.toAbsolutePath().toString();
    List<ProcessHandle> found = new ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String cmdline =
              new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                  .replace('\0', ' ');
          if (cmdline.contains(marker)) {
            ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
          }
        } catch (IOException gone) {
          // the process ended meanwhile
        }
      }
    }
    long self = ProcessHandle.current().pid();
    for (ProcessHandle h : found) {
      if (h.pid() != self) {
        h.destroy();
      }
    }
  }
}
