package dev.konflux.ecosystem.internal.verify;

import static dev.konflux.ecosystem.internal.verify.TestSigning.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.VerificationDecision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CosignSignatureVerifierTest {
  private final CosignSignatureVerifier verifier = new CosignSignatureVerifier();
  private final Digest manifest = Digest.sha256Of(utf8("the manifest"));
  private final Digest referrer = Digest.sha256Of(utf8("the .sig manifest"));

  private VerificationDecision check(
      Key signer,
      byte[] signedPayload,
      byte[] servedPayload,
      List<CosignPublicKey> keys,
      String dockerReference) {
    Descriptor layer =
        new Descriptor(
            MediaTypes.COSIGN_SIMPLE_SIGNING,
            Digest.sha256Of(servedPayload),
            servedPayload.length,
            null,
            Map.of(MediaTypes.ANNOTATION_COSIGN_SIGNATURE, b64(signer.sign(signedPayload))));
    return verifier.verify("app", manifest, referrer, layer, servedPayload, keys, dockerReference);
  }

  @Test
  void validSignatureWithEachKeyTypePasses() {
    for (Key key : List.of(p256(), ecdsa("secp384r1"), rsa(), ed25519())) {
      byte[] payload = simpleSigning(manifest, "quay.io/konflux/app");
      VerificationDecision d =
          check(key, payload, payload, List.of(key.publicKey()), "quay.io/konflux/app");
      assertTrue(d.passed(), d.reason());
      assertEquals(key.publicKey().fingerprint(), d.signer());
      assertEquals(referrer, d.referrer());
    }
  }

  @Test
  void tamperedPayloadFails() {
    Key key = p256();
    byte[] payload = simpleSigning(manifest, "quay.io/konflux/app");
    byte[] tampered = simpleSigning(manifest, "quay.io/evil/app");
    VerificationDecision d = check(key, payload, tampered, List.of(key.publicKey()), null);
    assertFalse(d.passed());
    assertEquals("signature does not verify with key " + key.publicKey().fingerprint(), d.reason());
  }

  @Test
  void wrongKeyFailsNamingTheKeyTried() {
    Key key = p256();
    Key other = p256();
    byte[] payload = simpleSigning(manifest, "quay.io/konflux/app");
    VerificationDecision d = check(key, payload, payload, List.of(other.publicKey()), null);
    assertFalse(d.passed());
    assertTrue(d.reason().startsWith("signature does not verify with key SHA256:"), d.reason());
    assertTrue(d.reason().contains(other.publicKey().fingerprint()));
  }

  @Test
  void signatureOverAnotherManifestFails() {
    Key key = p256();
    Digest elsewhere = Digest.sha256Of(utf8("another manifest"));
    byte[] payload = simpleSigning(elsewhere, "quay.io/konflux/app");
    VerificationDecision d = check(key, payload, payload, List.of(key.publicKey()), null);
    assertFalse(d.passed());
    assertEquals(
        "signature payload names manifest '" + elsewhere + "', not manifest " + manifest,
        d.reason());
  }

  @Test
  void dockerReferenceIsMatchedOnlyWhenAsked() {
    Key key = p256();
    byte[] payload = simpleSigning(manifest, "quay.io/konflux/app");
    assertTrue(check(key, payload, payload, List.of(key.publicKey()), null).passed());
    VerificationDecision d =
        check(key, payload, payload, List.of(key.publicKey()), "quay.io/other/app");
    assertFalse(d.passed());
    assertTrue(d.reason().contains("docker-reference 'quay.io/konflux/app'"), d.reason());
  }

  @Test
  void missingSignatureAnnotationFails() {
    Key key = p256();
    byte[] payload = simpleSigning(manifest, "quay.io/konflux/app");
    Descriptor layer =
        Descriptor.of(MediaTypes.COSIGN_SIMPLE_SIGNING, Digest.sha256Of(payload), payload.length);
    VerificationDecision d =
        verifier.verify("app", manifest, referrer, layer, payload, List.of(key.publicKey()), null);
    assertFalse(d.passed());
    assertTrue(d.reason().contains("missing signature"), d.reason());
  }

  @Test
  void publicKeyFingerprintAndPemRoundTrip() throws InvalidInputException {
    Key key = p256();
    CosignPublicKey again = CosignPublicKey.fromPem(key.publicKey().toPem());
    assertEquals(key.publicKey(), again);
    assertTrue(again.fingerprint().matches("SHA256:[A-Za-z0-9+/]{43}"), again.fingerprint());
    assertEquals(CosignPublicKey.Algorithm.ECDSA_P256, again.algorithm());
    assertEquals(CosignPublicKey.Algorithm.ED25519, ed25519().publicKey().algorithm());
    assertEquals(CosignPublicKey.Algorithm.RSA, rsa().publicKey().algorithm());
    assertThrows(
        InvalidInputException.class,
        () ->
            CosignPublicKey.fromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"));
    assertThrows(InvalidInputException.class, () -> CosignPublicKey.fromPem("not pem"));
  }
}
