package dev.konflux.ecosystem.internal.pgp;

import org.jspecify.annotations.Nullable;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/** Reads a secret key ring and unlocks the chosen signing key. */
public final class OpenPgpKeyLoader {
  private OpenPgpKeyLoader() {}

  /**
   * @param in key material (armored or binary)
   * @param passphrase passphrase or null
   * @param keyId wanted key id / fingerprint or null
   * @param what name for messages
   * @return a signature maker holding the unlocked key
   * @throws InvalidInputException if no usable key
   * @throws IOException on read failure
   */
  public static OpenPgpSignatureMaker load(InputStream in, @Nullable Secret passphrase, @Nullable String keyId, String what)
      throws InvalidInputException, IOException {
    PGPSecretKeyRingCollection rings;
    try {
      rings = new PGPSecretKeyRingCollection(PGPUtil.getDecoderStream(in), new BcKeyFingerprintCalculator());
    } catch (PGPException | RuntimeException e) {
      throw new InvalidInputException(what + " is not an OpenPGP secret key: " + e.getMessage());
    }
    String wanted = normaliseKeyId(keyId);
    for (Iterator<PGPSecretKeyRing> it = rings.getKeyRings(); it.hasNext(); ) {
      PGPSecretKeyRing ring = it.next();
      for (Iterator<PGPSecretKey> keys = ring.getSecretKeys(); keys.hasNext(); ) {
        PGPSecretKey key = keys.next();
        if (!key.isSigningKey() || key.isPrivateKeyEmpty()) {
          continue;
        }
        PGPPublicKey pub = key.getPublicKey();
        String fpr = OpenPgpSignatureMaker.hex(pub.getFingerprint());
        String id = String.format(Locale.ROOT, "%016X", pub.getKeyID());
        if (wanted != null && !fpr.endsWith(wanted) && !id.equals(wanted)) {
          continue;
        }
        if (pub.hasRevocation()) {
          continue;
        }
        PGPPrivateKey priv = unlock(key, passphrase, what);
        return new OpenPgpSignatureMaker(ring, pub, priv);
      }
    }
    throw new InvalidInputException(what + " holds no usable signing key"
        + (wanted != null ? " with id " + wanted : ""));
  }

  private static PGPPrivateKey unlock(PGPSecretKey key, @Nullable Secret passphrase, String what)
      throws InvalidInputException {
    char[] pass = passphrase == null ? new char[0] : passphrase.reveal();
    try {
      PBESecretKeyDecryptor decryptor =
          new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(pass);
      return key.extractPrivateKey(decryptor);
    } catch (PGPException e) {
      throw new InvalidInputException("cannot unlock signing key "
          + String.format(Locale.ROOT, "%016X", key.getKeyID()) + " of " + what
          + ": wrong or missing passphrase");
    } finally {
      java.util.Arrays.fill(pass, '\0');
    }
  }

  private static @Nullable String normaliseKeyId(@Nullable String keyId) throws InvalidInputException {
    if (keyId == null || keyId.isBlank()) {
      return null;
    }
    String k = keyId.trim().toUpperCase(Locale.ROOT);
    if (k.startsWith("0X")) {
      k = k.substring(2);
    }
    if (!k.matches("[0-9A-F]{8,40}")) {
      throw new InvalidInputException("key id must be hex: " + keyId);
    }
    return k;
  }
}
