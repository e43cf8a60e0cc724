package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.konflux.ecosystem.testkit.CosignKeyPair;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} runs the verification gate before it opens a socket: a Snapshot (or artifact) whose
 * signature does not verify exits 3 at start and serves nothing (the command returns instead of
 * running until interrupted).
 */
class ServeCommandTest {
  @TempDir Path tmp;

  private String exampleReference() throws Exception {
    Path rpm = tmp.resolve("konflux-hello-1.0-1.noarch.rpm");
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "/dev/konflux/ecosystem/examples/rpms/konflux-hello-1.0-1.noarch.rpm")) {
      Files.copy(in, rpm, StandardCopyOption.REPLACE_EXISTING);
    }
    return ExampleArtifacts.rpmBuild(tmp.resolve("layout"), List.of(rpm), tmp.resolve("cosign.pub"))
        .reference();
  }

  @Test
  void aSnapshotWhoseSignatureFailsIsNotServed() throws Exception {
    String ref = exampleReference();
    Path otherKey = CosignKeyPair.generate().writePublicKey(tmp.resolve("other.pub"));
    Path snapshot =
        Files.writeString(
            tmp.resolve("snapshot.json"),
            """
        {"apiVersion": "appstudio.redhat.com/v1alpha1", "kind": "Snapshot",
         "metadata": {"name": "s"},
         "spec": {"application": "demo", "components": [{"name": "hello", "containerImage": "%s"}]}}
        """
                .formatted(ref),
            StandardCharsets.UTF_8);
    assertEquals(
        ExitCodes.VERIFICATION_FAILED,
        KonfluxNativeCli.execute(
            "serve",
            "--snapshot",
            snapshot.toString(),
            "--allow-local-layouts",
            "--cosign-key",
            otherKey.toString(),
            "--port",
            "0"));
    assertEquals(
        ExitCodes.VERIFICATION_FAILED,
        KonfluxNativeCli.execute("serve", "--artifact", ref, "--port", "0"));
  }

  @Test
  void watchWithoutASnapshotIsAUsageError() {
    assertEquals(
        ExitCodes.USAGE,
        KonfluxNativeCli.execute("serve", "--artifact", "oci-layout:x", "--watch", "2"));
  }
}
