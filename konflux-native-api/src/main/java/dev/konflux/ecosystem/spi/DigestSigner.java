package dev.konflux.ecosystem.spi;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Cipher;

/**
 * Signs a precomputed digest with a private key held elsewhere: the shape of a KMS {@code Sign}
 * call with a digest, a PKCS#11 HSM or a gpg-agent {@code PKSIGN}. {@link OpenPgpDigestSigner} and
 * {@link SigstoreKeySigner} turn one into release signers, so an embedder never hands its key to
 * this library.
 *
 * <p>The result is the algorithm's usual signature value: for RSA the PKCS#1 v1.5 signature (the
 * function builds the {@code DigestInfo} for {@code hashAlgorithm} itself, as a KMS does for {@code
 * RSASSA_PKCS1_V1_5_SHA_256}); for ECDSA and DSA the DER {@code SEQUENCE {r, s}}; for Ed25519 the
 * 64 bytes {@code R || S} of signing the digest bytes as the message (as OpenPGP's EdDSA signatures
 * do).
 */
@FunctionalInterface
public interface DigestSigner {

  /**
   * @param hashAlgorithm the JCA name of the hash that made {@code digest} ({@code SHA-256} etc.)
   * @param digest the digest to sign
   * @return the signature value, encoded as described on the type
   * @throws IOException if signing fails
   */
  byte[] signDigest(String hashAlgorithm, byte[] digest) throws IOException;

  /**
   * A digest signer over a JCA private key: RSA (PKCS#1 v1.5), EC (ECDSA) or Ed25519. The key may
   * come from any provider that offers {@code RSA/ECB/PKCS1Padding}, {@code NONEwithECDSA} or
   * {@code Ed25519} for it (a PKCS#11 token, for example).
   *
   * @param key the private key
   * @return the signer
   */
  static DigestSigner of(PrivateKey key) {
    Objects.requireNonNull(key, "key");
    String alg = key.getAlgorithm().toUpperCase(Locale.ROOT);
    return (hashAlgorithm, digest) -> {
      try {
        switch (alg) {
          case "RSA" -> {
            // No NONEwithRSA in the JDK: PKCS#1 v1.5 signing is the private-key "encryption" of
            // DigestInfo with block type 1 padding, which is what this cipher does.
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.ENCRYPT_MODE, key);
            return rsa.doFinal(DigestInfos.prefixed(hashAlgorithm, digest));
          }
          case "EC" -> {
            Signature ecdsa = Signature.getInstance("NONEwithECDSA");
            ecdsa.initSign(key);
            ecdsa.update(digest);
            return ecdsa.sign();
          }
          case "ED25519", "EDDSA" -> {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(key);
            ed.update(digest);
            return ed.sign();
          }
          default ->
              throw new IOException("cannot sign digests with a " + key.getAlgorithm() + " key");
        }
      } catch (GeneralSecurityException e) {
        throw new IOException(
            "signing a "
                + hashAlgorithm
                + " digest with a "
                + key.getAlgorithm()
                + " key failed: "
                + e.getMessage(),
            e);
      }
    };
  }
}
