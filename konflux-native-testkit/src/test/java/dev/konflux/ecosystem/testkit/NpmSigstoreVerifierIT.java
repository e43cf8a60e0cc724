package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NpmSigstoreVerifier} installs the pinned npm verifier (npm is required, never skipped) and
 * tells a good key-based bundle from a bad one: the testkit's own signature bundle verifies with
 * its key and not with another key, and a bundle signed with a throwaway key is rejected.
 */
class NpmSigstoreVerifierIT {
  @TempDir Path dir;

  @Test
  void acceptsAGoodBundleAndRejectsAnotherKeyOrAFault() throws Exception {
    NpmSigstoreVerifier npm = NpmSigstoreVerifier.install(Path.of("target", "npm-sigstore"));
    assertEquals(
        NpmSigstoreVerifier.VERIFY_VERSION,
        Files.readString(
                npm.directory().resolve("node_modules/@sigstore/verify/package.json"),
                StandardCharsets.UTF_8)
            .replaceAll("(?s).*\"version\"\\s*:\\s*\"([^\"]+)\".*", "$1"));

    CosignKeyPair key = CosignKeyPair.generate();
    Path pem = key.writePublicKey(dir.resolve("cosign.pub"));
    Path otherPem = CosignKeyPair.generate().writePublicKey(dir.resolve("other.pub"));
    OciLayoutStore store = OciLayoutStore.open(dir.resolve("layout"));
    Descriptor blob = store.putBlob(MediaTypes.RPM, "rpm bytes".getBytes(StandardCharsets.UTF_8));
    StoredArtifact artifact =
        ArtifactManifest.of(MediaTypes.ARTIFACT_RPM_BUILD).layer(blob).storeIn(store, "build");
    Path manifest = store.blobPath(artifact.digest());

    Path good =
        bundle(store, ReferrerSigner.with(key).signatureBundle(store, artifact.descriptor()));
    NpmSigstoreVerifier.Verdict ok = npm.verify(good, manifest, pem);
    assertTrue(ok.verified(), ok.output());
    assertEquals(0, ok.exitCode(), ok.output());

    NpmSigstoreVerifier.Verdict wrongKey = npm.verify(good, manifest, otherPem);
    assertFalse(wrongKey.verified(), wrongKey.output());
    assertEquals(1, wrongKey.exitCode(), wrongKey.output());
    assertTrue(wrongKey.output().startsWith("FAILED"), wrongKey.output());

    Path faulty =
        bundle(
            store,
            ReferrerSigner.with(key)
                .withFault(SignatureFault.OTHER_KEY)
                .signatureBundle(store, artifact.descriptor()));
    NpmSigstoreVerifier.Verdict bad = npm.verify(faulty, manifest, pem);
    assertFalse(bad.verified(), bad.output());

    assertEquals(
        npm.directory(),
        NpmSigstoreVerifier.install(Path.of("target", "npm-sigstore")).directory(),
        "a second install in the same JVM reuses the directory");
  }

  private static Path bundle(OciLayoutStore store, StoredArtifact referrer) {
    return store.blobPath(referrer.contents().get(0).digest());
  }
}
