package dev.konflux.ecosystem.serve;

import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.signing.OpenPgpKeyFile;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * A signing key made when a server starts without one: Ed25519, unprotected, held only in memory
 * and forgotten when the process ends. Clients trust it by fetching its public key from the server,
 * which is what a throw-away pre-release view wants; a published repository uses a real key.
 */
public final class EphemeralSigningKey {
  private EphemeralSigningKey() {}

  /**
   * @param userId the key's user id, e.g. {@code "konflux-native serve <serve@localhost.invalid>"}
   * @return a new signing key
   * @throws KonfluxNativeException if the generated key cannot be read back (a bug)
   */
  public static OpenPgpSigner generate(String userId) throws KonfluxNativeException {
    Ed25519KeyPairGenerator gen = new Ed25519KeyPairGenerator();
    gen.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
    ByteArrayOutputStream armored = new ByteArrayOutputStream();
    try {
      // Backdated a minute so signatures made right away are not "from before the key" on clocks a
      // little behind.
      Date created = Date.from(Instant.now().minusSeconds(60));
      BcPGPKeyPair pair =
          new BcPGPKeyPair(
              org.bouncycastle.bcpg.PublicKeyPacket.VERSION_4,
              PublicKeyAlgorithmTags.EDDSA_LEGACY,
              gen.generateKeyPair(),
              created);
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
      hashed.setPreferredHashAlgorithms(
          false, new int[] {HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA512});
      PGPKeyRingGenerator rings =
          new PGPKeyRingGenerator(
              PGPSignature.POSITIVE_CERTIFICATION,
              pair,
              userId,
              new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1),
              hashed.generate(),
              null,
              new BcPGPContentSignerBuilder(
                  PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256),
              null);
      try (ArmoredOutputStream armor =
          ArmoredOutputStream.builder().clearHeaders().build(armored)) {
        armor.write(rings.generateSecretKeyRing().getEncoded());
      }
    } catch (PGPException | IOException e) {
      throw new IllegalStateException("OpenPGP key generation failed", e);
    }
    try (InputStream in = new ByteArrayInputStream(armored.toByteArray())) {
      return OpenPgpKeyFile.read(in, null, null, "ephemeral key of " + userId);
    } catch (IOException e) {
      throw new IllegalStateException("reading a key from memory failed", e);
    }
  }
}
