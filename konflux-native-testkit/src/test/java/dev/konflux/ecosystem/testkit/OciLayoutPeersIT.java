package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks testkit output with real, independent clients: skopeo (containers/image) reads the OCI
 * layout and the tar archive; openssl verifies cosign signatures with the PEM public key. Both
 * tools must be installed; a missing tool fails the test.
 */
class OciLayoutPeersIT {

  @TempDir Path tmp;

  @Test
  void skopeoReadsTheLayoutDirectoryAndTheTar() throws Exception {
    Path rpm = Files.writeString(tmp.resolve("hello-2.0-1.x86_64.rpm"), "bin");
    Path dir = tmp.resolve("layout");
    ExampleArtifacts.ExampleBuild build =
        ExampleArtifacts.rpmBuild(dir, List.of(rpm), tmp.resolve("cosign.pub"));
    byte[] manifest = LayoutAssertions.blob(dir, build.artifact().descriptor());

    assertArrayEquals(manifest, run("skopeo", "inspect", "--raw", "oci:" + dir + ":build"));
    String sigTag = "sha256-" + build.artifact().digest().hex() + ".sig";
    assertArrayEquals(
        LayoutAssertions.blob(dir, LayoutAssertions.tagged(dir, sigTag)),
        run("skopeo", "inspect", "--raw", "oci:" + dir + ":" + sigTag));

    Path tar = tmp.resolve("layout.tar");
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      store.writeTar(tar);
    }
    assertArrayEquals(manifest, run("skopeo", "inspect", "--raw", "oci-archive:" + tar + ":build"));

    // A full copy makes skopeo fetch and digest-check every blob of the artifact.
    Path copy = tmp.resolve("copy");
    run("skopeo", "copy", "--preserve-digests", "oci:" + dir + ":build", "oci:" + copy + ":build");
    assertArrayEquals(manifest, run("skopeo", "inspect", "--raw", "oci:" + copy + ":build"));
  }

  @Test
  void opensslVerifiesTheCosignSignatureWithThePemKey() throws Exception {
    Path rpm = Files.writeString(tmp.resolve("hello-2.0-1.noarch.rpm"), "bin");
    Path dir = tmp.resolve("layout");
    Path pub = tmp.resolve("cosign.pub");
    ExampleArtifacts.ExampleBuild build = ExampleArtifacts.rpmBuild(dir, List.of(rpm), pub);
    Manifest sig =
        LayoutAssertions.readArtifactManifest(
            dir,
            LayoutAssertions.tagged(dir, "sha256-" + build.artifact().digest().hex() + ".sig"));
    Descriptor layer = sig.layers().get(0);
    Path payload = Files.write(tmp.resolve("payload.json"), LayoutAssertions.blob(dir, layer));
    Path signature =
        Files.write(
            tmp.resolve("payload.sig"),
            Base64.getDecoder()
                .decode(layer.annotations().get(MediaTypes.ANNOTATION_COSIGN_SIGNATURE)));
    String out =
        new String(
            run(
                "openssl",
                "dgst",
                "-sha256",
                "-verify",
                pub.toString(),
                "-signature",
                signature.toString(),
                payload.toString()),
            StandardCharsets.UTF_8);
    assertEquals("Verified OK", out.strip());

    // And it refuses a signature by another key.
    Path other = CosignKeyPair.generate().writePublicKey(tmp.resolve("other.pub"));
    assertNotEquals(
        0,
        exitCode(
            "openssl",
            "dgst",
            "-sha256",
            "-verify",
            other.toString(),
            "-signature",
            signature.toString(),
            payload.toString()));
  }

  private byte[] run(String... command) throws IOException, InterruptedException {
    Process p = start(command);
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish");
    }
    assertEquals(0, p.exitValue(), String.join(" ", command) + " failed: " + err);
    return out;
  }

  private int exitCode(String... command) throws IOException, InterruptedException {
    Process p = start(command);
    p.getInputStream().readAllBytes();
    p.getErrorStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish");
    }
    return p.exitValue();
  }

  private Process start(String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    // skopeo reads policy.json; give it an accept-anything policy for local layouts.
    if (command[0].equals("skopeo")) {
      Path policy = tmp.resolve("policy.json");
      if (!Files.exists(policy)) {
        Files.writeString(policy, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
      }
      cmd.add(1, "--policy=" + policy);
      pb = new ProcessBuilder(cmd);
      pb.environment().put("CONTAINERS_REGISTRIES_CONF", tmp.resolve("registries.conf").toString());
    }
    return pb.start();
  }
}
