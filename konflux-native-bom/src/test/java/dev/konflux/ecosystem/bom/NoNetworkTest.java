package dev.konflux.ecosystem.bom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Proves that parsing, validating and converting SBOMs never touches the network (the SPDX licence
 * list comes from the library's jar, the CycloneDX schemas from its jar), in a fresh JVM so no
 * earlier test has warmed any cache. The control run shows the detectors do fire.
 */
class NoNetworkTest {

  private static Process probe(String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String[] command = new String[4 + args.length];
    command[0] = java;
    command[1] = "-cp";
    command[2] = System.getProperty("java.class.path");
    command[3] = NoNetworkProbe.class.getName();
    System.arraycopy(args, 0, command, 4, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "probe finished");
    return p;
  }

  @Test
  void readingAndConvertingUsesNoNetwork() throws Exception {
    Process p = probe();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), log);
  }

  @Test
  void controlTheDetectorsFire() throws Exception {
    Process p = probe("control");
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(3, p.exitValue(), log);
    assertTrue(log.contains("spdx.org"), log);
  }
}
