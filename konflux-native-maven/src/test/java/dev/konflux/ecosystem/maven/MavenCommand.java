package dev.konflux.ecosystem.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the build's Maven wrapper (Maven 3.9) as a real client. */
final class MavenCommand {
  /** The exit code and the combined output of one run. */
  record Result(int exitCode, String output) {}

  private MavenCommand() {}

  static Path wrapper() {
    String p = System.getProperty("konflux.mvnw");
    Path w = p != null ? Path.of(p) : Path.of("..", "mvnw").toAbsolutePath().normalize();
    if (!Files.isExecutable(w)) {
      throw new IllegalStateException("the Maven wrapper is missing at " + w);
    }
    return w;
  }

  static Result run(Path workDir, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(wrapper().toString());
    command.addAll(args);
    Path log = Files.createTempFile(workDir, "mvn-", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("mvn did not finish: " + command);
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /**
   * A settings file that sends every repository request to the loopback server. The repository
   * named {@code konflux} is left out of the mirror: a mirror takes the snapshot policy of what it
   * stands for (Central: no snapshots), and {@code konflux} is the loopback server already.
   */
  static Path mirrorSettings(Path dir, String url) throws IOException {
    Path settings = dir.resolve("settings.xml");
    Files.writeString(
        settings,
        """
        <settings>
          <mirrors>
            <mirror><id>loopback</id><mirrorOf>*,!konflux</mirrorOf><url>%s</url></mirror>
          </mirrors>
        </settings>
        """
            .formatted(url));
    return settings;
  }
}
