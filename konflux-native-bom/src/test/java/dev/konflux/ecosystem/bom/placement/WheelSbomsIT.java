package dev.konflux.ecosystem.bom.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.bom.SbomSource;
import dev.konflux.ecosystem.bom.TestSboms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks injected wheels with a real client: Debian's {@code python3 -m wheel unpack} (package
 * python3-wheel, installed by scripts/test-all), which verifies every entry against RECORD.
 */
class WheelSbomsIT {
  @TempDir Path dir;

  private static Process unpack(Path wheel, Path dest) throws Exception {
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-m",
                "wheel",
                "unpack",
                "--dest",
                dest.toString(),
                wheel.toString())
            .redirectErrorStream(true)
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "wheel unpack finished");
    return p;
  }

  @Test
  void pythonWheelToolAcceptsTheInjectedWheel() throws Exception {
    Path wheel = TestWheels.write(dir.resolve("demo-1.0-py3-none-any.whl"), true);
    byte[] sbom = TestSboms.bytes("cyclonedx-maven-plugin.cdx.json");
    Path out = dir.resolve("out/demo-1.0-py3-none-any.whl");
    WheelSboms.inject(
        wheel,
        out,
        "demo.cdx.json",
        sbom,
        SbomSource.of(Digest.sha256Of(sbom), "application/vnd.cyclonedx+json"));
    Process p = unpack(out, dir.resolve("unpacked"));
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), log);
    Path unpacked = dir.resolve("unpacked/demo-1.0/demo-1.0.dist-info/sboms/demo.cdx.json");
    assertTrue(Files.exists(unpacked), log);
    assertTrue(java.util.Arrays.equals(sbom, Files.readAllBytes(unpacked)));
  }

  @Test
  void theClientReallyChecksRecord() throws Exception {
    // Control: a wheel with an entry RECORD does not list fails, so the passing test means
    // something.
    Path bad = TestWheels.write(dir.resolve("demo-1.0-py3-none-any.whl"), false);
    Process p = unpack(bad, dir.resolve("bad"));
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertNotEquals(0, p.exitValue(), log);
  }
}
