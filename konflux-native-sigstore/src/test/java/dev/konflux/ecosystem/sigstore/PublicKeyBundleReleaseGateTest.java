package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.testkit.SigstoreTestInstance;
import dev.konflux.ecosystem.testkit.SigstoreTestInstance.Spec;
import dev.konflux.ecosystem.testkit.StoredArtifact;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key-signed (public-key) Sigstore bundles in the release gate go through the strict {@link
 * SigstoreBundleVerifier}, like {@code verify-bundle --key}: the transparency log entries they
 * carry are checked (signed entry timestamp, inclusion proof and checkpoint), not only the
 * signature. Run through a Translator dry run, so the decisions are the ones an embedder sees.
 */
class PublicKeyBundleReleaseGateTest {
  private static SigstoreTestInstance sigstore;

  @TempDir Path tmp;

  @BeforeAll
  static void instance() throws Exception {
    sigstore = SigstoreTestInstance.create();
  }

  private record Run(
      GateLayout layout, StoredArtifact referrer, VerificationPolicy policy, String fingerprint) {}

  private Run keySigned(Spec spec, java.util.function.Consumer<ObjectNode> tamper)
      throws Exception {
    GateLayout layout = GateLayout.create(tmp);
    SigstoreTestInstance.Signed signed = sigstore.sign(layout.manifestBytes, spec.asKeyed());
    tamper.accept(signed.bundle());
    StoredArtifact referrer = layout.attach(signed.bundle());
    CosignPublicKey key = CosignPublicKey.fromPem(signed.publicKeyPem());
    VerificationPolicy policy =
        VerificationPolicy.builder()
            .addPublicKey(key)
            .trustedRoot(layout.writeTrustedRoot(sigstore.trustedRoot()))
            .build();
    return new Run(layout, referrer, policy, key.fingerprint());
  }

  private static ObjectNode firstEntry(ObjectNode bundle) {
    return (ObjectNode) bundle.path("verificationMaterial").path("tlogEntries").get(0);
  }

  private static VerificationDecision bundleDecision(List<VerificationDecision> ds) {
    return ds.stream()
        .filter(d -> d.kind() == VerificationDecision.Kind.BUNDLE)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void keySignedBundleWithAGoodLogEntryPasses() throws Exception {
    Run run = keySigned(Spec.keylessRekorV1(), b -> {});
    VerificationDecision d = bundleDecision(run.layout().verify(run.policy()));
    assertTrue(d.passed(), d.reason());
    assertEquals(run.fingerprint(), d.signer());
    assertTrue(d.reason().contains("logged at index 5"), d.reason());
    assertEquals(run.referrer().digest(), d.referrer());
    assertEquals(run.referrer().contents().get(0).digest(), d.layer());
  }

  @Test
  void keySignedBundleOnARekorV2LogPasses() throws Exception {
    Run run = keySigned(Spec.keylessRekorV2(), b -> {});
    VerificationDecision d = bundleDecision(run.layout().verify(run.policy()));
    assertTrue(d.passed(), d.reason());
  }

  @Test
  void keySignedBundleWithATamperedLogIndexFailsInTheGate() throws Exception {
    // The signature still verifies with the key; only the log entry's promise no longer does.
    Run run = keySigned(Spec.keylessRekorV1(), b -> firstEntry(b).put("logIndex", "6"));
    VerificationException e =
        assertThrows(VerificationException.class, () -> run.layout().verify(run.policy()));
    VerificationDecision d = bundleDecision(e.decisions());
    assertFalse(d.passed());
    assertTrue(
        d.reason().contains("signed entry timestamp of transparency log entry 6 does not verify"),
        d.reason());
    assertTrue(d.reason().contains(run.fingerprint()), d.reason());
    assertEquals(run.referrer().digest(), d.referrer());
    assertEquals(run.referrer().contents().get(0).digest(), d.layer());
    assertTrue(e.details().contains("component app"), e.details());
  }

  @Test
  void keySignedBundleWithATamperedInclusionProofFailsInTheGate() throws Exception {
    Run run =
        keySigned(
            Spec.keylessRekorV2(),
            b -> {
              ObjectNode proof = (ObjectNode) firstEntry(b).path("inclusionProof");
              proof.putArray("hashes").add(proof.path("rootHash").asText());
            });
    VerificationException e =
        assertThrows(VerificationException.class, () -> run.layout().verify(run.policy()));
    VerificationDecision d = bundleDecision(e.decisions());
    assertFalse(d.passed());
    assertTrue(
        d.reason()
            .contains("inclusion proof of transparency log entry 5 does not lead to its root hash"),
        d.reason());
  }

  @Test
  void ed25519KeyedMessageSignatureWithoutLogEntriesStillVerifiesOverTheManifestBytes()
      throws Exception {
    // Ed25519 signs bytes, not a digest: the gate checks it over the manifest it read.
    GateLayout layout = GateLayout.create(tmp);
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(ed.getPrivate());
    signer.update(layout.manifestBytes);
    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode bundle = new ObjectMapper().createObjectNode();
    bundle.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    ObjectNode material = bundle.putObject("verificationMaterial");
    material.putObject("publicKey").put("hint", "ed");
    material.putArray("tlogEntries");
    ObjectNode ms = bundle.putObject("messageSignature");
    ms.putObject("messageDigest")
        .put("algorithm", "SHA2_256")
        .put(
            "digest",
            b64.encodeToString(MessageDigest.getInstance("SHA-256").digest(layout.manifestBytes)));
    ms.put("signature", b64.encodeToString(signer.sign()));
    StoredArtifact referrer = layout.attach(bundle);
    CosignPublicKey key =
        CosignPublicKey.fromPem(
            "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ed.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    VerificationDecision d =
        bundleDecision(layout.verify(VerificationPolicy.builder().addPublicKey(key).build()));
    assertTrue(d.passed(), d.reason());
    assertEquals(key.fingerprint(), d.signer());
    assertEquals(referrer.digest(), d.referrer());
  }
}
