package dev.konflux.ecosystem.signing.internal;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.spi.DigestSigner;
import dev.konflux.ecosystem.spi.OpenPgpDigestSigner;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.DSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.DSASigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
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
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyConverter;
import org.jspecify.annotations.Nullable;

/**
 * Reads a secret key ring with Bouncy Castle, unlocks the chosen signing key and wraps it as an
 * {@link OpenPgpDigestSigner}: Bouncy Castle only reads and decrypts the key; the signature packets
 * are built by the SPI, the same for key files and embedders' signers.
 */
public final class OpenPgpSecretKeys {
  /**
   * The JDK's RSA: its private-key operation is about twice as fast as Bouncy Castle's lightweight
   * one (measured: RSA-4096 9.7 ms vs 18 ms per signature), which dominates signing many RPM
   * headers.
   */
  private static final String JDK_RSA = "SunRsaSign";

  /** Secret key rings are a few KiB; a file this big is not one. */
  private static final int MAX_SIZE = 1 << 20;

  private OpenPgpSecretKeys() {}

  /**
   * @param in key material (armored or binary)
   * @param passphrase passphrase or null
   * @param keyId wanted key id / fingerprint or null
   * @param what name for messages
   * @return the signer
   * @throws InvalidInputException if no usable key
   * @throws IOException on read failure
   */
  public static OpenPgpSigner load(
      InputStream in, @Nullable Secret passphrase, @Nullable String keyId, String what)
      throws InvalidInputException, IOException {
    byte[] bytes = in.readNBytes(MAX_SIZE + 1);
    if (bytes.length > MAX_SIZE) {
      throw new InvalidInputException(
          what + " is larger than " + MAX_SIZE + " bytes: not an OpenPGP secret key");
    }
    PGPSecretKeyRingCollection rings;
    try {
      rings =
          new PGPSecretKeyRingCollection(
              PGPUtil.getDecoderStream(new java.io.ByteArrayInputStream(bytes)),
              new BcKeyFingerprintCalculator());
    } catch (PGPException | IOException | RuntimeException e) {
      // Bouncy Castle reports malformed key material as any of these; none may leak out.
      throw new InvalidInputException(what + " is not an OpenPGP secret key");
    }
    String wanted = normaliseKeyId(keyId);
    try {
      return choose(rings, passphrase, wanted, what);
    } catch (RuntimeException e) {
      throw new InvalidInputException(what + " holds a malformed OpenPGP secret key");
    }
  }

  private static OpenPgpSigner choose(
      PGPSecretKeyRingCollection rings,
      @Nullable Secret passphrase,
      @Nullable String wanted,
      String what)
      throws InvalidInputException, IOException {
    for (Iterator<PGPSecretKeyRing> it = rings.getKeyRings(); it.hasNext(); ) {
      PGPSecretKeyRing ring = it.next();
      for (Iterator<PGPSecretKey> keys = ring.getSecretKeys(); keys.hasNext(); ) {
        PGPSecretKey key = keys.next();
        if (!key.isSigningKey() || key.isPrivateKeyEmpty()) {
          continue;
        }
        PGPPublicKey pub = key.getPublicKey();
        String fpr = hex(pub.getFingerprint());
        String id = String.format(Locale.ROOT, "%016X", pub.getKeyID());
        if (wanted != null && !fpr.endsWith(wanted) && !id.equals(wanted)) {
          continue;
        }
        if (pub.hasRevocation()) {
          continue;
        }
        PGPPrivateKey priv = unlock(key, passphrase, what);
        return OpenPgpDigestSigner.of(publicKeys(ring), fpr, digestSigner(priv, what));
      }
    }
    throw new InvalidInputException(
        what + " holds no usable signing key" + (wanted != null ? " with id " + wanted : ""));
  }

  /** The transferable public key: every public key of the ring with its user ids and signatures. */
  private static byte[] publicKeys(PGPSecretKeyRing ring) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
      it.next().encode(out);
    }
    return out.toByteArray();
  }

  private static DigestSigner digestSigner(PGPPrivateKey key, String what)
      throws InvalidInputException {
    AsymmetricKeyParameter params;
    try {
      params = new BcPGPKeyConverter().getPrivateKey(key);
    } catch (PGPException e) {
      throw new InvalidInputException(
          "the signing key of " + what + " cannot be used: " + e.getMessage());
    }
    if (params instanceof RSAPrivateCrtKeyParameters rsa) {
      try {
        PrivateKey jdk =
            KeyFactory.getInstance("RSA", JDK_RSA)
                .generatePrivate(
                    new RSAPrivateCrtKeySpec(
                        rsa.getModulus(),
                        rsa.getPublicExponent(),
                        rsa.getExponent(),
                        rsa.getP(),
                        rsa.getQ(),
                        rsa.getDP(),
                        rsa.getDQ(),
                        rsa.getQInv()));
        return DigestSigner.of(jdk);
      } catch (GeneralSecurityException e) {
        throw new InvalidInputException(
            "the RSA signing key of " + what + " cannot be used: " + e.getMessage());
      }
    }
    if (params instanceof Ed25519PrivateKeyParameters ed) {
      return (hash, digest) -> {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, ed);
        s.update(digest, 0, digest.length);
        return s.generateSignature();
      };
    }
    if (params instanceof ECPrivateKeyParameters ec) {
      return (hash, digest) -> {
        // Deterministic k (RFC 6979): no randomness needed, and the same input signs the same.
        ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        s.init(true, ec);
        BigInteger[] rs = s.generateSignature(digest);
        return StandardDSAEncoding.INSTANCE.encode(ec.getParameters().getN(), rs[0], rs[1]);
      };
    }
    if (params instanceof DSAPrivateKeyParameters dsa) {
      return (hash, digest) -> {
        DSASigner s = new DSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        s.init(true, dsa);
        byte[] input =
            Arrays.copyOf(
                digest, Math.min(digest.length, (dsa.getParameters().getQ().bitLength() + 7) / 8));
        BigInteger[] rs = s.generateSignature(input);
        return StandardDSAEncoding.INSTANCE.encode(dsa.getParameters().getQ(), rs[0], rs[1]);
      };
    }
    throw new InvalidInputException(
        "the signing key of " + what + " uses an algorithm that cannot sign here");
  }

  private static PGPPrivateKey unlock(PGPSecretKey key, @Nullable Secret passphrase, String what)
      throws InvalidInputException {
    char[] pass = passphrase == null ? new char[0] : passphrase.reveal();
    try {
      PBESecretKeyDecryptor decryptor =
          new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(pass);
      return key.extractPrivateKey(decryptor);
    } catch (PGPException e) {
      throw new InvalidInputException(
          "cannot unlock signing key "
              + String.format(Locale.ROOT, "%016X", key.getKeyID())
              + " of "
              + what
              + ": wrong or missing passphrase");
    } finally {
      Arrays.fill(pass, '\0');
    }
  }

  private static @Nullable String normaliseKeyId(@Nullable String keyId)
      throws InvalidInputException {
    if (keyId == null || keyId.isBlank()) {
      return null;
    }
    String k = keyId.trim().toUpperCase(Locale.ROOT);
    if (k.startsWith("0X")) {
      k = k.substring(2);
    }
    if (!k.matches("[0-9A-F]{8,40}")) {
      throw new InvalidInputException(
          "key id must be hex: " + dev.konflux.ecosystem.spi.UntrustedText.quoted(keyId));
    }
    return k;
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().withUpperCase().formatHex(bytes);
  }
}
