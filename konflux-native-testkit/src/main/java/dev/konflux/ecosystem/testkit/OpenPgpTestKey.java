package dev.konflux.ecosystem.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * Generates OpenPGP signing keys at runtime (Ed25519 or RSA), unprotected, as armored text that
 * {@code OpenPgpKeyFile.read} (konflux-native-signing) and {@code gpg --import} accept. For tests
 * and the quick start; never ship such a key.
 *
 * <pre>{@code
 * OpenPgpTestKey key = OpenPgpTestKey.ed25519("Test <test@example.invalid>");
 * OpenPgpSigner signer = OpenPgpKeyFile.read(new ByteArrayInputStream(
 *     key.secretKeyArmored().getBytes(StandardCharsets.US_ASCII)), null, null, "test key"); // konflux-native-signing
 * RpmHeaderSignature.assertSignedBy(rpm, key.publicKeyArmored()); // check an output package
 * }</pre>
 *
 * @param secretKeyArmored the armored secret key ring
 * @param publicKeyArmored the armored public key ring
 */
public record OpenPgpTestKey(String secretKeyArmored, String publicKeyArmored) {

  /**
   * @param userId e.g. {@code "Example <example@test.invalid>"}
   * @return a new Ed25519 (EdDSA legacy, as gpg 2.2 makes) signing key
   */
  public static OpenPgpTestKey ed25519(String userId) {
    Ed25519KeyPairGenerator gen = new Ed25519KeyPairGenerator();
    gen.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
    return build(PublicKeyAlgorithmTags.EDDSA_LEGACY, gen.generateKeyPair(), userId);
  }

  /**
   * @param userId the user id
   * @param bits key size (2048, 3072, 4096)
   * @return a new RSA signing key
   */
  public static OpenPgpTestKey rsa(String userId, int bits) {
    RSAKeyPairGenerator gen = new RSAKeyPairGenerator();
    gen.init(
        new RSAKeyGenerationParameters(BigInteger.valueOf(65537), new SecureRandom(), bits, 80));
    return build(PublicKeyAlgorithmTags.RSA_GENERAL, gen.generateKeyPair(), userId);
  }

  private static OpenPgpTestKey build(int algorithm, AsymmetricCipherKeyPair pair, String userId) {
    try {
      // Backdated a minute so signatures made right away are not "from before the key".
      Date created = Date.from(Instant.now().minusSeconds(60));
      BcPGPKeyPair keyPair =
          new BcPGPKeyPair(
              org.bouncycastle.bcpg.PublicKeyPacket.VERSION_4, algorithm, pair, created);
      PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
      hashed.setPreferredHashAlgorithms(
          false, new int[] {HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA512});
      PGPKeyRingGenerator rings =
          new PGPKeyRingGenerator(
              PGPSignature.POSITIVE_CERTIFICATION,
              keyPair,
              userId,
              sha1,
              hashed.generate(),
              null,
              new BcPGPContentSignerBuilder(algorithm, HashAlgorithmTags.SHA256),
              null);
      PGPSecretKeyRing secret = rings.generateSecretKeyRing();
      PGPPublicKeyRing pub = rings.generatePublicKeyRing();
      return new OpenPgpTestKey(armor(secret.getEncoded()), armor(pub.getEncoded()));
    } catch (PGPException | IOException e) {
      throw new IllegalStateException("OpenPGP key generation failed", e);
    }
  }

  private static String armor(byte[] encoded) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out)) {
      armor.write(encoded);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "OpenPgpTestKey[secret not shown]";
  }
}
