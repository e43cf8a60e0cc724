package dev.konflux.ecosystem.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.examples.cli.KonfluxNativeCli;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start's Maven component: the README's {@code mvn -C …dependency…:get} line, exactly as
 * written (only {@code /tmp/konflux-out} replaced by this test's output, {@code mvn} by the build's
 * Maven 3.9 wrapper), resolves {@code com.example:demo:1.0} with strict checksums from the
 * example's output. The run gets a fresh local repository, the build's own local repository as a
 * read-only tail (for the plugin; there is no network), and every other repository mirrored to a
 * closed loopback port, so the artifact can only come from the output.
 */
class ReadmeMavenIT {
  private static final String README_OUT = "/tmp/konflux-out";

  @TempDir Path tmp;

  private static String readmeLine() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile("\n```\n(mvn -C [^\n]*com\\.example:demo[^\n]*)\n```").matcher(readme);
    assertTrue(m.find(), "README has no mvn -C … com.example:demo line");
    return m.group(1);
  }

  @Test
  void readmeMvnLineResolvesTheExampleOutputWithStrictChecksums() throws Exception {
    Path out = tmp.resolve("konflux-out");
    assertEquals(0, KonfluxNativeCli.execute("translate", "--example", "--out", out.toString()));
    Path jar = out.resolve("maven/com/example/demo/1.0/demo-1.0.jar");
    assertTrue(Files.isRegularFile(jar), "the example has a Maven component");
    assertTrue(Files.isRegularFile(out.resolve("maven/com/example/demo/1.0/demo-1.0.jar.asc")));

    String line = readmeLine();
    assertTrue(line.contains(README_OUT + "/maven"), line);
    List<String> words =
        new ArrayList<>(Arrays.asList(line.replace(README_OUT, out.toString()).split(" ")));
    assertEquals("mvn", words.get(0));
    words.set(0, Path.of("..", "mvnw").toAbsolutePath().normalize().toString());
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Path settings =
        Files.writeString(
            tmp.resolve("settings.xml"),
            """
            <settings>
              <mirrors>
                <mirror><id>nowhere</id><mirrorOf>*,!konflux-example</mirrorOf>
                  <url>http://127.0.0.1:%d/</url></mirror>
              </mirrors>
            </settings>
            """
                .formatted(closedPort));
    words.addAll(
        1,
        List.of(
            "-B",
            "-ntp",
            "-s",
            settings.toString(),
            "-Dmaven.repo.local=" + tmp.resolve("m2"),
            "-Dmaven.repo.local.tail="
                + Path.of(System.getProperty("user.home"), ".m2", "repository")));
    Path log = tmp.resolve("mvn.log");
    Process p =
        new ProcessBuilder(words)
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "mvn did not finish");
    assertEquals(0, p.exitValue(), words + "\n" + Files.readString(log));
    assertArrayEquals(
        Files.readAllBytes(jar),
        Files.readAllBytes(tmp.resolve("m2/com/example/demo/1.0/demo-1.0.jar")));

    // Strict: the same line fails when a checksum in the output is wrong.
    Files.writeString(out.resolve("maven/com/example/demo/1.0/demo-1.0.jar.sha1"), "0".repeat(40));
    Files.writeString(out.resolve("maven/com/example/demo/1.0/demo-1.0.jar.md5"), "0".repeat(32));
    List<String> again = new ArrayList<>(words);
    again.replaceAll(
        w ->
            w.startsWith("-Dmaven.repo.local=")
                ? "-Dmaven.repo.local=" + tmp.resolve("m2-bad")
                : w);
    Process bad =
        new ProcessBuilder(again)
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("mvn-bad.log").toFile())
            .start();
    assertTrue(bad.waitFor(10, TimeUnit.MINUTES), "mvn did not finish");
    assertTrue(bad.exitValue() != 0, Files.readString(tmp.resolve("mvn-bad.log")));
  }
}
