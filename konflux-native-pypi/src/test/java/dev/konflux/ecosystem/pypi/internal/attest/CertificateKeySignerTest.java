package dev.konflux.ecosystem.pypi.internal.attest;

import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.pypi.Pep740Attestation;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * P-256 and P-384 keys are signed with Bouncy Castle's curve arithmetic, other keys by the JDK:
 * every signature must verify with the JDK's verifier against the certificate, and the public key
 * derived from the private key must be the certificate's.
 */
class CertificateKeySignerTest {

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1", "Ed25519", "RSA"})
  void signaturesVerifyWithTheJdk(String kind) throws Exception {
    KeyPair pair = keyPair(kind);
    assertEquals(pair.getPublic(), SigningMaterial.publicKey(pair.getPrivate(), List.of()));
    X509Certificate cert =
        SigningMaterial.selfSigned(
            pair, "test", Instant.parse("2026-12-01T00:00:00Z"), Duration.ofDays(1));
    CertificateKeySigner signer = new CertificateKeySigner(pair.getPrivate(), cert);
    for (int i = 0; i < 20; i++) {
      byte[] statement = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
      Pep740Attestation a = signer.attest(statement);
      assertArrayEquals(statement, a.statement());
      assertArrayEquals(cert.getEncoded(), a.certificate());
      Signature v =
          Signature.getInstance(CertificateKeySigner.signatureAlgorithm(pair.getPrivate()));
      v.initVerify(cert.getPublicKey());
      v.update(a.preAuthenticationEncoding());
      assertTrue(v.verify(a.signature()), kind + " signature " + i);
      Pep740Attestation viaBundle =
          Pep740Attestation.fromBundle(signer.signDsse(Pep740Attestation.PAYLOAD_TYPE, statement));
      assertArrayEquals(statement, viaBundle.statement());
      v.initVerify(cert.getPublicKey());
      v.update(viaBundle.preAuthenticationEncoding());
      assertTrue(v.verify(viaBundle.signature()), kind + " bundle signature " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1"})
  void aCertificateOfAnotherKeyIsRefused(String curve) throws Exception {
    X509Certificate other =
        SigningMaterial.selfSigned(
            keyPair(curve), "test", Instant.parse("2026-12-01T00:00:00Z"), Duration.ofDays(1));
    assertThrows(
        dev.konflux.ecosystem.api.InvalidInputException.class,
        () -> new CertificateKeySigner(keyPair(curve).getPrivate(), other));
  }

  private static KeyPair keyPair(String kind) throws Exception {
    if (kind.equals("Ed25519")) {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }
    if (kind.equals("RSA")) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    }
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(kind));
    return g.generateKeyPair();
  }
}
