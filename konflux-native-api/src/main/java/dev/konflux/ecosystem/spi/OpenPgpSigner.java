package dev.konflux.ecosystem.spi;

import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * Makes OpenPGP v4 detached signatures for a release: RPM header signatures, {@code
 * repomd.xml.asc}, Maven {@code .asc} files. Configured once per release ({@code
 * Translator.Builder.openPgpSigner}) and handed to every target through {@link
 * TargetContext#openPgpSigner()}.
 *
 * <p>Implementations: a key file ({@code dev.konflux.ecosystem.signing.OpenPgpKeyFile} in the
 * {@code konflux-native-signing} module), an embedder's own signer (KMS, HSM, gpg-agent) through
 * {@link OpenPgpDigestSigner} over a {@link DigestSigner}, or any class implementing this
 * interface. Implementations must be safe for concurrent use: targets sign packages in parallel.
 */
public interface OpenPgpSigner {

  /** Public key algorithm families, as RPM distinguishes them. */
  enum Algorithm {
    /** RSA: RPM tag 268 (RSAHEADER). */
    RSA,
    /** EdDSA (Ed25519): RPM tag 267 (DSAHEADER). */
    EDDSA,
    /** ECDSA: RPM tag 267. */
    ECDSA,
    /** DSA: RPM tag 267. */
    DSA
  }

  /**
   * @return the signing key's v4 fingerprint, upper-case hex (40 digits)
   */
  String fingerprint();

  /**
   * @return the signing key's 64-bit key id, upper-case hex (16 digits)
   */
  String keyId();

  /**
   * @return the algorithm family of the signing key
   */
  Algorithm algorithm();

  /**
   * @return the transferable public key (primary key, user ids, subkeys and their signatures) in
   *     binary OpenPGP form; {@link OpenPgpArmor#armorPublicKey(byte[])} makes the text form
   */
  byte[] publicKey();

  /**
   * @return the JCA name of the hash the signatures use (for example {@code SHA-256}); callers
   *     create the {@link MessageDigest} passed to {@link #sign} with it
   */
  String hashAlgorithm();

  /**
   * Makes a binary v4 detached signature (signature type 0x00, binary document).
   *
   * @param data a digest of {@link #hashAlgorithm()} that has been fed exactly the signed bytes; it
   *     is not changed (the signer works on a clone), so a caller may go on to use its value
   * @param created the signature creation time
   * @return the signature packet bytes
   * @throws IOException if signing fails (for example a remote signer is unreachable)
   */
  byte[] sign(MessageDigest data, Instant created) throws IOException;
}
