package dev.konflux.ecosystem.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Iterator;
import java.util.Locale;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signing key as issue 4 asks for it: passphrase-protected secret keys and key id selection.
 */
class OpenPgpKeyFileTest {
  private static final String PASSPHRASE = "correct horse battery";
  private static byte[] ring;
  private static String masterId;
  private static String subkeyId;
  private static String subkeyFingerprint;

  /** A passphrase-protected ring with an RSA primary key and an RSA signing subkey. */
  @BeforeAll
  static void makeRing() throws Exception {
    RSAKeyPairGenerator kpg = new RSAKeyPairGenerator();
    kpg.init(
        new RSAKeyGenerationParameters(BigInteger.valueOf(65537), new SecureRandom(), 2048, 12));
    Date now = new Date();
    PGPKeyPair master =
        new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, kpg.generateKeyPair(), now);
    PGPKeyPair sub =
        new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, kpg.generateKeyPair(), now);
    PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
    PGPKeyRingGenerator gen =
        new PGPKeyRingGenerator(
            PGPSignature.POSITIVE_CERTIFICATION,
            master,
            "Test Release <release@example.com>",
            sha1,
            null,
            null,
            new BcPGPContentSignerBuilder(
                PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
            new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256, sha1)
                .build(PASSPHRASE.toCharArray()));
    gen.addSubKey(sub);
    PGPSecretKeyRing secret = gen.generateSecretKeyRing();
    ring = secret.getEncoded();
    Iterator<PGPPublicKey> keys = secret.getPublicKeys();
    masterId = id(keys.next());
    PGPPublicKey subkey = keys.next();
    subkeyId = id(subkey);
    subkeyFingerprint = org.bouncycastle.util.encoders.Hex.toHexString(subkey.getFingerprint());
  }

  private static String id(PGPPublicKey k) {
    return String.format(Locale.ROOT, "%016X", k.getKeyID());
  }

  private static OpenPgpSigner read(Secret passphrase, String keyId) throws Exception {
    return OpenPgpKeyFile.read(new ByteArrayInputStream(ring), passphrase, keyId, "test key");
  }

  @Test
  void theRightPassphraseUnlocksTheFirstSigningKey() throws Exception {
    OpenPgpSigner key = read(Secret.of(PASSPHRASE), null);
    assertEquals(masterId, key.keyId());
    assertEquals(OpenPgpSigner.Algorithm.RSA, key.algorithm());
  }

  @Test
  void aKeyIdSelectsTheSubkeyInAnySpelling() throws Exception {
    assertNotEquals(masterId, subkeyId);
    for (String wanted :
        new String[] {subkeyId, "0x" + subkeyId.toLowerCase(Locale.ROOT), subkeyFingerprint}) {
      assertEquals(subkeyId, read(Secret.of(PASSPHRASE), wanted).keyId(), wanted);
    }
  }

  @Test
  void aWrongOrMissingPassphraseIsInvalidInputWithoutThePassphrase() {
    InvalidInputException wrong =
        assertThrows(InvalidInputException.class, () -> read(Secret.of("nope"), null));
    assertTrue(wrong.getMessage().contains("passphrase"), wrong.getMessage());
    assertFalse(wrong.getMessage().contains("nope"), wrong.getMessage());
    assertThrows(InvalidInputException.class, () -> read(null, null));
  }

  @Test
  void anUnknownKeyIdIsInvalidInput() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> read(Secret.of(PASSPHRASE), "0123456789ABCDEF"));
    assertTrue(e.getMessage().contains("0123456789ABCDEF"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> read(Secret.of(PASSPHRASE), "not-hex"));
  }
}
