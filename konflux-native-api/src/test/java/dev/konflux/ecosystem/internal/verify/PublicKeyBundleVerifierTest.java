package dev.konflux.ecosystem.internal.verify;

import static dev.konflux.ecosystem.internal.verify.TestSigning.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.ProvenanceView;
import dev.konflux.ecosystem.api.VerificationDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicKeyBundleVerifierTest {
  private final PublicKeyBundleVerifier verifier = new PublicKeyBundleVerifier();
  private final byte[] manifestBytes = utf8("{\"schemaVersion\":2,\"the\":\"manifest\"}");
  private final Digest manifest = Digest.sha256Of(manifestBytes);
  private final Digest referrer = Digest.sha256Of(utf8("bundle referrer"));

  static byte[] messageBundle(Digest digest, byte[] signature) {
    return utf8(
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":"
            + "{\"publicKey\":{\"hint\":\"k\"},\"tlogEntries\":[]},\"messageSignature\":{\"messageDigest\":"
            + "{\"algorithm\":\"SHA2_256\",\"digest\":\""
            + b64(digest.bytes())
            + "\"},\"signature\":\""
            + b64(signature)
            + "\"}}");
  }

  static byte[] dsseBundle(byte[] envelopeJson) {
    return utf8(
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":"
            + "{\"publicKey\":{\"hint\":\"k\"},\"tlogEntries\":[]},\"dsseEnvelope\":"
            + new String(envelopeJson, java.nio.charset.StandardCharsets.UTF_8)
            + "}");
  }

  private VerificationDecision check(byte[] bundle, Key... keys) throws InvalidInputException {
    return verifier.verify(
        "app",
        manifest,
        referrer,
        SigstoreBundle.parse(bundle),
        java.util.Arrays.stream(keys).map(Key::publicKey).toList(),
        () -> manifestBytes);
  }

  @Test
  void messageSignatureVerifiesForEveryKeyType() throws InvalidInputException {
    for (Key key : List.of(p256(), ecdsa("secp384r1"), rsa(), ed25519())) {
      // P-384 keys sign SHA-256 message digests in Sigstore; sign the way the bundle says.
      Key signer =
          key.algorithm().equals("SHA384withECDSA")
              ? new Key(key.pair(), key.publicKey(), "SHA256withECDSA")
              : key;
      VerificationDecision d = check(messageBundle(manifest, signer.sign(manifestBytes)), key);
      assertTrue(d.passed(), key.algorithm() + ": " + d.reason());
      assertEquals(key.publicKey().fingerprint(), d.signer());
    }
  }

  @Test
  void wrongKeyFails() throws InvalidInputException {
    Key key = p256();
    Key other = p256();
    VerificationDecision d = check(messageBundle(manifest, key.sign(manifestBytes)), other);
    assertFalse(d.passed());
    assertEquals(
        "bundle signature does not verify with key " + other.publicKey().fingerprint(), d.reason());
  }

  @Test
  void digestOfAnotherArtifactFails() throws InvalidInputException {
    Key key = p256();
    byte[] otherBytes = utf8("other");
    VerificationDecision d =
        check(messageBundle(Digest.sha256Of(otherBytes), key.sign(otherBytes)), key);
    assertFalse(d.passed());
    assertEquals(
        "bundle message digest "
            + Digest.sha256Of(otherBytes)
            + " does not match manifest "
            + manifest,
        d.reason());
  }

  @Test
  void dsseBundleIsCheckedLikeAnAttestation() throws InvalidInputException {
    Key key = p256();
    VerificationDecision ok =
        check(dsseBundle(envelope(statement(manifest, ProvenanceView.SLSA_V1, SLSA_V1), key)), key);
    assertTrue(ok.passed(), ok.reason());
    assertEquals(ProvenanceView.SLSA_V1, ok.predicateType());
    Digest other = Digest.sha256Of(utf8("x"));
    VerificationDecision wrong =
        check(dsseBundle(envelope(statement(other, ProvenanceView.SLSA_V1, SLSA_V1), key)), key);
    assertFalse(wrong.passed());
    assertEquals(
        "attestation subject " + other + " does not match manifest " + manifest, wrong.reason());
  }

  @Test
  void unknownBundleMediaTypeIsRejectedByTheParser() {
    byte[] bad =
        utf8(
            new String(
                    messageBundle(manifest, new byte[8]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("bundle.v0.3+json", "bundle.v9+json"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SigstoreBundle.parse(bad));
    assertTrue(e.getMessage().contains("unsupported mediaType"), e.getMessage());
  }
}
