package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.testkit.CosignKeyPair;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import dev.konflux.ecosystem.testkit.OciLayoutStore;
import dev.konflux.ecosystem.testkit.PythonWheelsArtifact;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and outputs of the CLI, run in-process. */
class KonfluxNativeCliTest {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  @TempDir Path tmp;

  private Path exampleLayout() throws Exception {
    Path rpm = tmp.resolve("konflux-hello-1.0-1.noarch.rpm");
    try (InputStream in = getClass().getResourceAsStream("/dev/konflux/ecosystem/examples/rpms/konflux-hello-1.0-1.noarch.rpm")) {
      Files.copy(in, rpm, StandardCopyOption.REPLACE_EXISTING);
    }
    ExampleArtifacts.rpmBuild(tmp.resolve("layout"), List.of(rpm), tmp.resolve("cosign.pub"));
    return tmp.resolve("layout");
  }

  @Test
  void usageErrorsExitWith2() {
    assertEquals(ExitCodes.USAGE, KonfluxNativeCli.execute("translate"));
    assertEquals(ExitCodes.USAGE, KonfluxNativeCli.execute("translate", "--out", tmp.toString()));
    assertEquals(ExitCodes.USAGE, KonfluxNativeCli.execute("bogus"));
  }

  @Test
  void missingOrConflictingSignerKeysExitWith4() throws Exception {
    Path layout = exampleLayout();
    String ref = "oci-layout:" + layout + ":" + ExampleArtifacts.TAG;
    String key = tmp.resolve("cosign.pub").toString();
    String out = tmp.resolve("o").toString();
    assertEquals(ExitCodes.INVALID_INPUT, KonfluxNativeCli.execute("translate", "--artifact", ref, "--cosign-key", key,
        "--out", out, "--gpg-key", tmp.resolve("absent.asc").toString()));
    assertEquals(ExitCodes.INVALID_INPUT, KonfluxNativeCli.execute("translate", "--artifact", ref, "--cosign-key", key,
        "--out", out, "--sigstore-key", tmp.resolve("absent.key").toString()));
    assertEquals(ExitCodes.INVALID_INPUT, KonfluxNativeCli.execute("translate", "--artifact", ref, "--cosign-key", key,
        "--out", out, "--sigstore-key", key, "--sigstore-identity-token-env", "PATH"));
    // a public key is not a private key: named, exit 4
    assertEquals(ExitCodes.INVALID_INPUT, KonfluxNativeCli.execute("translate", "--artifact", ref, "--cosign-key", key,
        "--out", out, "--sigstore-key", key));
    assertFalse(Files.exists(tmp.resolve("o")));
  }

  @Test
  void malformedReferenceExitsWith4() {
    assertEquals(ExitCodes.INVALID_INPUT,
        KonfluxNativeCli.execute("translate", "--artifact", "no-host-or-repo", "--out", tmp.resolve("o").toString()));
  }

  @Test
  void missingLayoutExitsWith5() {
    assertEquals(ExitCodes.SOURCE_UNAVAILABLE, KonfluxNativeCli.execute("translate", "--artifact",
        "oci-layout:" + tmp.resolve("absent"), "--out", tmp.resolve("o").toString(), "--insecure-skip-verify"));
  }

  @Test
  void wrongCosignKeyExitsWith3AndWritesNothing() throws Exception {
    Path layout = exampleLayout();
    Path otherKey = CosignKeyPair.generate().writePublicKey(tmp.resolve("other.pub"));
    Path out = tmp.resolve("out");
    assertEquals(ExitCodes.VERIFICATION_FAILED, KonfluxNativeCli.execute("translate", "--artifact",
        "oci-layout:" + layout + ":" + ExampleArtifacts.TAG, "--cosign-key", otherKey.toString(), "--out", out.toString()));
    assertFalse(Files.exists(out));
  }

  @Test
  void noKeyAtAllFailsClosedWith3() throws Exception {
    Path layout = exampleLayout();
    assertEquals(ExitCodes.VERIFICATION_FAILED, KonfluxNativeCli.execute("translate", "--artifact",
        "oci-layout:" + layout + ":" + ExampleArtifacts.TAG, "--out", tmp.resolve("out").toString()));
  }

  @Test
  void dockerReferenceMustMatchTheSignedIdentity() throws Exception {
    Path layout = exampleLayout();
    String ref = "oci-layout:" + layout + ":" + ExampleArtifacts.TAG;
    String key = tmp.resolve("cosign.pub").toString();
    assertEquals(ExitCodes.OK, KonfluxNativeCli.execute("translate", "--artifact", ref, "--cosign-key", key,
        "--docker-reference", ExampleArtifacts.DOCKER_REFERENCE, "--out", tmp.resolve("a").toString(), "--dry-run"));
    assertEquals(ExitCodes.VERIFICATION_FAILED, KonfluxNativeCli.execute("translate", "--artifact", ref,
        "--cosign-key", key, "--docker-reference", "quay.io/someone/else", "--out", tmp.resolve("b").toString(),
        "--dry-run"));
  }

  @Test
  void dryRunVerifiesAndWritesNothing() throws Exception {
    Path layout = exampleLayout();
    Path out = tmp.resolve("out");
    assertEquals(ExitCodes.OK, KonfluxNativeCli.execute("translate", "--artifact",
        "oci-layout:" + layout + ":" + ExampleArtifacts.TAG, "--cosign-key", tmp.resolve("cosign.pub").toString(),
        "--out", out.toString(), "--dry-run"));
    assertFalse(Files.exists(out));
  }

  @Test
  void exampleTranslatesIntoASignedRepository() throws Exception {
    Path out = tmp.resolve("out");
    assertEquals(ExitCodes.OK, KonfluxNativeCli.execute("translate", "--example", "--out", out.toString()));
    assertTrue(Files.isRegularFile(out.resolve("release.json")));
    assertTrue(Files.isRegularFile(out.resolve("rpm/x86_64/repodata/repomd.xml")), "x86_64 repodata");
    assertTrue(Files.isRegularFile(out.resolve("rpm/x86_64/repodata/repomd.xml.asc")), "signed repomd");
  }

  @Test
  void contradictoryOrIncompleteVerificationFlagsAreUsageErrors() throws Exception {
    Path layout = exampleLayout();
    String ref = "oci-layout:" + layout + ":" + ExampleArtifacts.TAG;
    String key = tmp.resolve("cosign.pub").toString();
    String out = tmp.resolve("out").toString();
    assertEquals(ExitCodes.USAGE, KonfluxNativeCli.execute("translate", "--artifact", ref, "--out", out,
        "--insecure-skip-verify", "--cosign-key", key));
    assertEquals(ExitCodes.USAGE, KonfluxNativeCli.execute("translate", "--artifact", ref, "--out", out,
        "--certificate-identity", "me@example.com"));
    assertEquals(ExitCodes.USAGE, KonfluxNativeCli.execute("translate", "--artifact", ref, "--out", out,
        "--certificate-identity", "me@example.com", "--certificate-oidc-issuer", "https://issuer.example"));
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void jsonPrintsTheReleaseRecordThatWasWritten() throws Exception {
    Path out = tmp.resolve("out");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit = KonfluxNativeCli.execute("translate", "--example", "--out", out.toString(), "--json");
    } finally {
      System.setOut(stdout);
    }
    assertEquals(ExitCodes.OK, exit);
    JsonNode printed = JSON.readTree(captured.toByteArray());
    JsonNode written = JSON.readTree(Files.readAllBytes(out.resolve("release.json")));
    assertEquals(written.get("files"), printed.get("files"));
    assertEquals(written.get("components"), printed.get("components"));
    assertFalse(printed.path("verification").path("skipped").asBoolean(true));
    assertTrue(printed.path("verification").path("decisions").size() > 0);
    assertTrue(printed.get("files").size() > 0);
    for (JsonNode f : printed.get("files")) {
      for (String field : List.of("path", "ecosystem", "sha256", "size")) {
        assertTrue(f.hasNonNull(field), field + " in " + f);
      }
      assertTrue(Files.isRegularFile(out.resolve(f.get("path").asText())), f.toString());
      if (!f.get("path").asText().endsWith(".rpm")) {
        continue; // repodata, keys and signatures are made here, not taken from a layer
      }
      JsonNode origin = f.path("origins").path(0);
      for (String field : List.of("component", "reference", "manifestDigest", "layerDigest")) {
        assertTrue(origin.hasNonNull(field), field + " in " + f);
      }
    }
  }

  @Test
  void anArtifactTypeWithoutATargetExitsWith4AndWritesNothing() throws Exception {
    Path wheel = Files.writeString(tmp.resolve("demo_pkg-1.0-py3-none-any.whl"), "not really a wheel");
    Path layout = tmp.resolve("wheels");
    try (OciLayoutStore store = OciLayoutStore.open(layout)) {
      PythonWheelsArtifact.create().add(wheel).tag("py").writeTo(store);
    }
    Path out = tmp.resolve("out");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    int exit;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      exit = KonfluxNativeCli.execute("translate", "--artifact", "oci-layout:" + layout + ":py",
          "--insecure-skip-verify", "--out", out.toString());
    } finally {
      System.setErr(stderr);
    }
    assertEquals(ExitCodes.INVALID_INPUT, exit);
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("no target for artifactType application/vnd.python.wheels"), message);
    assertFalse(Files.exists(out));
  }
}
