package dev.konflux.ecosystem.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.internal.verify.PublicKeyBundleVerifier;
import dev.konflux.ecosystem.internal.verify.SigstoreBundle;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Key-based bundles from {@link SigstoreKeySigner} pass our own public-key bundle verifier. */
class SigstoreKeySignerTest {

  private static KeyPair p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static String pem(KeyPair k) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(k.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  @Test
  void messageSignatureBundlesVerifyWithOurVerifierAndOnlyWithTheirKey() throws Exception {
    KeyPair key = p256();
    SigstoreKeySigner signer = SigstoreKeySigner.of(key.getPublic(), key.getPrivate());
    byte[] artifact = "some manifest".getBytes(StandardCharsets.UTF_8);
    Digest subject = Digest.sha256Of(artifact);
    dev.konflux.ecosystem.spi.SigstoreBundle made = signer.signMessage(subject);
    assertEquals(signer.hint(), made.publicKeyHint().orElseThrow());
    SigstoreBundle parsed = SigstoreBundle.parse(made.json());
    assertTrue(parsed.isPublicKey());

    VerificationDecision ok =
        new PublicKeyBundleVerifier()
            .verify(
                "c",
                subject,
                null,
                parsed,
                List.of(CosignPublicKey.fromPem(pem(key))),
                () -> artifact);
    assertTrue(ok.passed(), ok.reason());
    VerificationDecision other =
        new PublicKeyBundleVerifier()
            .verify(
                "c",
                subject,
                null,
                parsed,
                List.of(CosignPublicKey.fromPem(pem(p256()))),
                () -> artifact);
    assertFalse(other.passed());
    VerificationDecision wrongSubject =
        new PublicKeyBundleVerifier()
            .verify(
                "c",
                Digest.sha256Of(new byte[1]),
                null,
                parsed,
                List.of(CosignPublicKey.fromPem(pem(key))),
                () -> artifact);
    assertFalse(wrongSubject.passed());
  }

  @Test
  void dsseBundlesOverAnInTotoStatementVerifyWithOurVerifier() throws Exception {
    KeyPair key = p256();
    SigstoreKeySigner signer =
        SigstoreKeySigner.of(key.getPublic(), DigestSigner.of(key.getPrivate()));
    Digest subject = Digest.sha256Of("wheel".getBytes(StandardCharsets.UTF_8));
    String statement =
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"app\",\"digest\":"
            + "{\"sha256\":\""
            + subject.hex()
            + "\"}}],\"predicateType\":\"https://docs.pypi.org/attestations/publish/v1\","
            + "\"predicate\":{}}";
    dev.konflux.ecosystem.spi.SigstoreBundle made =
        signer.signDsse("application/vnd.in-toto+json", statement.getBytes(StandardCharsets.UTF_8));
    SigstoreBundle parsed = SigstoreBundle.parse(made.json());
    assertTrue(parsed.isDsse());
    VerificationDecision ok =
        new PublicKeyBundleVerifier()
            .verify(
                "c", subject, null, parsed, List.of(CosignPublicKey.fromPem(pem(key))), () -> null);
    assertTrue(ok.passed(), ok.reason());
  }

  @Test
  void onlyP256KeysAreAccepted() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair k = rsa.generateKeyPair();
    assertThrows(
        InvalidInputException.class, () -> SigstoreKeySigner.of(k.getPublic(), k.getPrivate()));
  }
}
