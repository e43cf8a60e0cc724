package dev.konflux.ecosystem.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.examples.cli.KonfluxNativeCli;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's "Install from the output with pip" lines, as written, install the quick start's
 * wheel from its output: the {@code python3 -m http.server} line is started by the test (and
 * stopped by its pid), the other lines run in bash with {@code python3} being Debian's interpreter
 * (pip 23.0.1) or pyenv's 3.11.7 (pip 23.2.1), and the installed {@code konflux-hello} command
 * prints its greeting. Only the port and the {@code /tmp/…} paths are replaced.
 */
class ReadmePipIT {
  private static final String README_OUT = "/tmp/konflux-out";
  private static final String README_VENV = "/tmp/konflux-venv";

  @TempDir static Path tmp;

  static Path out;

  @BeforeAll
  static void example() {
    out = tmp.resolve("konflux-out");
    assertEquals(0, KonfluxNativeCli.execute("translate", "--example", "--out", out.toString()));
  }

  private static List<String> readmeLines() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile("(?s)\\*\\*Install from the output with pip\\.\\*\\*.*?\n```\n(.*?)\n```")
            .matcher(readme);
    assertTrue(m.find(), "README has no pip install snippet");
    return m.group(1).lines().toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/usr/bin/python3", "pyenv 3.11.7"})
  void readmeLinesInstallTheExampleWheel(String which) throws Exception {
    Path python =
        which.startsWith("pyenv")
            ? Path.of(System.getProperty("user.home"), ".pyenv/versions/3.11.7/bin/python3")
            : Path.of(which);
    // Both pips are peers this test needs; a machine without one fails here, it is not skipped.
    assertTrue(
        Files.isExecutable(python),
        python
            + " is not installed: Debian's python3 comes from scripts/test-all, pip 23.2.1 from"
            + " pyenv's Python 3.11.7 (~/.pyenv/versions/3.11.7)");
    String expectedPip = which.startsWith("pyenv") ? "pip 23.2.1" : "pip 23.0.1";
    String name = which.startsWith("pyenv") ? "pyenv" : "debian";

    List<String> lines = readmeLines();
    assertEquals(4, lines.size(), lines.toString());
    assertTrue(
        lines
            .get(2)
            .contains("pip install --index-url http://127.0.0.1:8000/simple/ konflux-hello"),
        lines.get(2));
    int port = freePort();
    Path venv = tmp.resolve("venv-" + name);
    List<String> replaced = new ArrayList<>();
    for (String line : lines) {
      replaced.add(
          line.replace(README_OUT, out.toString())
              .replace(README_VENV, venv.toString())
              .replace("8000", String.valueOf(port)));
    }
    // "python3" on PATH is the interpreter under test: its own directory comes first.
    String path = python.getParent() + ":" + System.getenv("PATH");

    String serverLine = replaced.get(0);
    assertTrue(serverLine.endsWith(" &"), serverLine);
    List<String> serverCommand =
        List.of(serverLine.substring(0, serverLine.length() - 2).trim().split("\\s+"));
    Path serverLog = tmp.resolve("http-" + name + ".log");
    ProcessBuilder server =
        new ProcessBuilder(serverCommand)
            .redirectErrorStream(true)
            .redirectOutput(serverLog.toFile());
    server.environment().put("PATH", path);
    Process http = server.start();
    try {
      awaitPort(port, http, serverLog);
      Path script = tmp.resolve("readme-" + name + ".sh");
      Files.writeString(
          script,
          "set -euo pipefail\n"
              + String.join("\n", replaced.subList(1, replaced.size()))
              + "\npython3 -m pip --version\n");
      Path log = tmp.resolve("readme-" + name + ".log");
      ProcessBuilder pb =
          new ProcessBuilder("bash", script.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().put("PATH", path);
      pb.environment().remove("VIRTUAL_ENV");
      // Only our index: no pip configuration of this machine (extra indexes, find-links).
      pb.environment().keySet().removeIf(k -> k.startsWith("PIP_"));
      pb.environment().put("PIP_CONFIG_FILE", "/dev/null");
      Process p = pb.start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      String output = Files.readString(log);
      assertEquals(0, p.exitValue(), output);
      assertTrue(
          output.contains("Successfully installed konflux-hello-1.0"), "pip installed: " + output);
      assertTrue(
          output.contains("Hello from a Konflux wheel, verified and re-signed by konflux-native."),
          output);
      assertTrue(
          output.contains(expectedPip + " from " + venv), "the pip under test ran: " + output);
      String served = Files.readString(serverLog);
      assertTrue(served.contains("GET /simple/konflux-hello/"), served);
      assertTrue(served.contains("GET /files/konflux_hello-1.0-py3-none-any.whl "), served);
    } finally {
      http.destroy();
      if (!http.waitFor(10, TimeUnit.SECONDS)) {
        http.destroyForcibly();
      }
    }
  }

  private static void awaitPort(int port, Process server, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline && server.isAlive()) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("http.server did not start: " + Files.readString(log));
  }
}
