package dev.konflux.ecosystem.pypi;

import static org.junit.jupiter.api.Assertions.fail;

import dev.konflux.ecosystem.testkit.PipInstaller;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs real tools for the integration tests and starts {@code python3 -m http.server}. */
final class Processes {
  private Processes() {}

  record Result(int exit, String output) {}

  static Result run(Path dir, List<String> command, Map<String, String> env, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("pypi-it", ".log");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(command + " did not finish in " + timeoutSeconds + " s: " + Files.readString(out));
      }
      return new Result(p.exitValue(), Files.readString(out));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A {@code python3 -m http.server} serving a directory on 127.0.0.1, stopped by pid on close. */
  static final class FileServer implements AutoCloseable {
    final Process process;
    final int port;
    final Path log;

    FileServer(Path root) throws Exception {
      this.port = freePort();
      this.log = Files.createTempFile("http-server", ".log");
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  PipInstaller.DEBIAN_PYTHON,
                  "-u",
                  "-m",
                  "http.server",
                  String.valueOf(port),
                  "--bind",
                  "127.0.0.1",
                  "--directory",
                  root.toString()));
      this.process =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
          return;
        } catch (IOException e) {
          Thread.sleep(100);
        }
      }
      close();
      fail("http.server did not start: " + Files.readString(log));
    }

    String url() {
      return "http://127.0.0.1:" + port;
    }

    String log() throws IOException {
      return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(log);
    }
  }
}
