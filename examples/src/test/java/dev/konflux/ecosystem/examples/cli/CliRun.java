package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One in-process run of the CLI ({@link KonfluxNativeCli#execute}) with standard output and
 * standard error captured: its exit code and what it printed on each. The CLI tests share it.
 *
 * @param exit the exit code
 * @param out what went to standard output
 * @param err what went to standard error
 */
record CliRun(int exit, String out, String err) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Runs the CLI in this JVM, standard output and error redirected for the run.
   *
   * @param args the command line
   * @return what it did
   */
  static CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    int exit;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      exit = KonfluxNativeCli.execute(args);
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    return new CliRun(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Runs the CLI in a new JVM with this one's class path: for what is set once per process
   * (logging) or read from the environment.
   *
   * @param dir where its standard output and error are staged
   * @param environment changes the child's environment (a copy of this one's)
   * @param args the command line
   * @return what it did
   * @throws IOException if it cannot be started or does not finish in ten minutes
   * @throws InterruptedException if interrupted while waiting for it
   */
  static CliRun inNewJvm(Path dir, Consumer<Map<String, String>> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KonfluxNativeCli.class.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "cli-", ".out");
    Path err = Files.createTempFile(dir, "cli-", ".err");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      environment.accept(pb.environment());
      Process p = pb.start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("the CLI did not finish in 10 minutes: " + Files.readString(err));
      }
      return new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * @return the lines of standard output, then those of standard error
   */
  List<String> lines() {
    List<String> all = new ArrayList<>(out.lines().toList());
    all.addAll(err.lines().toList());
    return all;
  }

  /**
   * @return standard output read as exactly one JSON object, and nothing else (not even a second
   *     object or stray text)
   * @throws IOException if it is not JSON
   */
  JsonNode json() throws IOException {
    try (JsonParser parser = JSON.getFactory().createParser(out)) {
      JsonNode node = JSON.readTree(parser);
      assertTrue(node != null && node.isObject(), out);
      assertNull(parser.nextToken(), "more than one JSON value on stdout: " + out);
      return node;
    }
  }
}
