package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import dev.konflux.ecosystem.testkit.OpenPgpTestKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Snapshot comes from a cluster: through the CLI, its {@code oci-layout:} components are refused
 * (exit 4, nothing written) unless {@code --allow-local-layouts} is given.
 */
class SnapshotLocalLayoutsCliTest {
  @TempDir Path tmp;

  @Test
  void aSnapshotNamingALocalLayoutNeedsAllowLocalLayouts() throws Exception {
    ExampleArtifacts.ExampleBuild build = ExampleArtifacts.sampleRpmBuild(tmp.resolve("layout"));
    Path snapshot =
        Files.writeString(
            tmp.resolve("snapshot.json"),
            "{\"application\":\"app\",\"components\":["
                + "{\"name\":\"hello\",\"containerImage\":\""
                + build.reference()
                + "\"}]}");
    Path gpg =
        Files.writeString(
            tmp.resolve("key.asc"),
            OpenPgpTestKey.ed25519("T <t@test.invalid>").secretKeyArmored());
    Path out = tmp.resolve("out");
    String[] args = {
      "translate",
      "--snapshot",
      snapshot.toString(),
      "--cosign-key",
      build.publicKey().toString(),
      "--gpg-key",
      gpg.toString(),
      "--out",
      out.toString()
    };

    assertEquals(ExitCodes.INVALID_INPUT, KonfluxNativeCli.execute(args));
    assertFalse(Files.exists(out));

    String[] allowed = java.util.Arrays.copyOf(args, args.length + 1);
    allowed[args.length] = "--allow-local-layouts";
    assertEquals(ExitCodes.OK, KonfluxNativeCli.execute(allowed));
    assertTrue(Files.exists(out.resolve("release.json")));
  }
}
