package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.api.BundleArtifact;
import dev.konflux.ecosystem.api.BundlePolicy;
import dev.konflux.ecosystem.api.BundleVerification;
import dev.konflux.ecosystem.api.BundleVerifier;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.testkit.ArtifactManifest;
import dev.konflux.ecosystem.testkit.CosignKeyPair;
import dev.konflux.ecosystem.testkit.NpmSigstoreVerifier;
import dev.konflux.ecosystem.testkit.OciLayoutStore;
import dev.konflux.ecosystem.testkit.ReferrerSigner;
import dev.konflux.ecosystem.testkit.SignatureFault;
import dev.konflux.ecosystem.testkit.SlsaProvenance;
import dev.konflux.ecosystem.testkit.StoredArtifact;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our strict {@link BundleVerifier} (public API, found with ServiceLoader) and the npm sigstore
 * verifier ({@code @sigstore/verify}, run by the testkit's {@link NpmSigstoreVerifier}) agree on
 * public-key bundles that the testkit makes: both accept the good ones and both reject each
 * signature fault. npm is required: the test installs the pinned packages into {@code
 * target/npm-sigstore} when they are missing.
 */
class NpmSigstoreAgreementIT {
  private static NpmSigstoreVerifier npm;

  @BeforeAll
  static void installNpmVerifier() throws Exception {
    npm = NpmSigstoreVerifier.install(Path.of("target", "npm-sigstore"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "message-signature, NONE, true",
    "message-signature, TAMPERED_PAYLOAD, false",
    "message-signature, OTHER_KEY, false",
    "message-signature, WRONG_SUBJECT_DIGEST, false",
    "message-signature, MISSING_SIGNATURE, false",
    "dsse-envelope, NONE, true",
    "dsse-envelope, TAMPERED_PAYLOAD, false",
    "dsse-envelope, OTHER_KEY, false",
    "dsse-envelope, MISSING_SIGNATURE, false"
  })
  void ourVerifierAgreesWithNpmSigstore(
      String content, SignatureFault fault, boolean valid, @TempDir Path dir) throws Exception {
    CosignKeyPair key = CosignKeyPair.generate();
    OciLayoutStore store = OciLayoutStore.open(dir.resolve("layout"));
    Descriptor rpm = store.putBlob(MediaTypes.RPM, "rpm bytes".getBytes(StandardCharsets.UTF_8));
    StoredArtifact artifact =
        ArtifactManifest.of(MediaTypes.ARTIFACT_RPM_BUILD)
            .layer(
                new Descriptor(
                    rpm.mediaType(),
                    rpm.digest(),
                    rpm.size(),
                    null,
                    Map.of(MediaTypes.ANNOTATION_TITLE, "app-1.0-1.x86_64.rpm")))
            .storeIn(store, "build");
    ReferrerSigner signer = ReferrerSigner.with(key).withFault(fault);
    StoredArtifact referrer =
        content.equals("message-signature")
            ? signer.signatureBundle(store, artifact.descriptor())
            : signer.attestationBundle(
                store, artifact.descriptor(), "quay.io/konflux-ci/app", SlsaProvenance.v1());
    Path bundleFile = store.blobPath(referrer.contents().get(0).digest());
    Path artifactFile = store.blobPath(artifact.digest());
    Path keyFile = key.writePublicKey(dir.resolve("cosign.pub"));

    boolean ours =
        ourVerdict(Files.readAllBytes(bundleFile), artifact, Files.readAllBytes(artifactFile), key);
    NpmSigstoreVerifier.Verdict said = npm.verify(bundleFile, artifactFile, keyFile);
    boolean theirs = said.verified();
    assertEquals(theirs, ours, "npm sigstore said: " + said.output());
    assertEquals(
        valid,
        ours,
        "expected " + (valid ? "a valid" : "an invalid") + " bundle; npm said: " + said.output());
  }

  /**
   * Our verdict through the public {@link BundleVerifier} (the strict verifier the gate uses for
   * such bundles).
   */
  private static boolean ourVerdict(
      byte[] bundle, StoredArtifact artifact, byte[] manifestBytes, CosignKeyPair key)
      throws Exception {
    BundleVerification v =
        BundleVerifier.load()
            .verify(
                bundle,
                BundleArtifact.ofStream(
                    new ByteArrayInputStream(manifestBytes), "manifest " + artifact.digest()),
                BundlePolicy.publicKey(CosignPublicKey.fromPem(key.publicKeyPem())));
    return v.verified();
  }
}
