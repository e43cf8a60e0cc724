package dev.konflux.ecosystem.api;

import org.jspecify.annotations.Nullable;
import dev.konflux.ecosystem.internal.pgp.OpenPgpKeyLoader;
import dev.konflux.ecosystem.internal.pgp.OpenPgpSignatureMaker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * An OpenPGP secret key, unlocked and ready to make detached signatures for RPM headers,
 * {@code repomd.xml.asc} and Maven {@code .asc} files. Signing runs in-process (Bouncy Castle);
 * no {@code gpg} is involved. {@link #toString()} names the key by fingerprint only.
 */
public final class OpenPgpSigningKey {

  /** Public key algorithm families, as RPM distinguishes them. */
  public enum Algorithm {
    /** RSA: RPM tag 268 (RSAHEADER). */
    RSA,
    /** EdDSA (Ed25519): RPM tag 267 (DSAHEADER). */
    EDDSA,
    /** ECDSA: RPM tag 267. */
    ECDSA,
    /** DSA: RPM tag 267. */
    DSA
  }

  private final OpenPgpSignatureMaker maker;

  private OpenPgpSigningKey(OpenPgpSignatureMaker maker) {
    this.maker = maker;
  }

  /**
   * Loads an armored (or binary) secret key file.
   *
   * @param file the secret key file
   * @param passphrase its passphrase; {@code null} or empty for an unprotected key
   * @param keyId the key or subkey to sign with (16 or 40 hex digits, optionally {@code 0x}), or
   *     {@code null} for the first key that can sign
   * @return the unlocked key
   * @throws InvalidInputException if the file holds no usable signing key or the passphrase is
   *     wrong
   * @throws IOException if the file cannot be read
   */
  public static OpenPgpSigningKey load(Path file, @Nullable Secret passphrase, @Nullable String keyId)
      throws InvalidInputException, IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, passphrase, keyId, file.toString());
    }
  }

  /**
   * Reads a secret key from a stream.
   *
   * @param in armored or binary secret key material
   * @param passphrase its passphrase; {@code null} or empty for an unprotected key
   * @param keyId the key to use, or {@code null}
   * @param what a name for messages (never the content)
   * @return the unlocked key
   * @throws InvalidInputException if no usable signing key is found
   * @throws IOException if reading fails
   */
  public static OpenPgpSigningKey read(InputStream in, @Nullable Secret passphrase, @Nullable String keyId, String what)
      throws InvalidInputException, IOException {
    Objects.requireNonNull(in, "in");
    return new OpenPgpSigningKey(OpenPgpKeyLoader.load(in, passphrase, keyId, what));
  }

  /** @return the signing key's fingerprint, upper-case hex */
  public String fingerprint() {
    return maker.fingerprint();
  }

  /** @return the signing key's 64-bit key id, upper-case hex (16 digits) */
  public String keyId() {
    return maker.keyIdHex();
  }

  /** @return the algorithm family of the signing key */
  public Algorithm algorithm() {
    return maker.algorithm();
  }

  /** @return the primary user id of the key, or an empty string */
  public String userId() {
    return maker.userId();
  }

  /** @return the public key (primary key with its subkeys) as an ASCII-armored block */
  public String publicKeyArmored() {
    return maker.publicKeyArmored();
  }

  /**
   * Makes a binary v4 detached signature (SHA-256) over a stream, as RPM stores it.
   *
   * @param data the bytes to sign; read to the end, not closed
   * @param creationTime the signature creation time
   * @return the signature packet bytes
   * @throws IOException if reading fails
   */
  public byte[] signDetached(InputStream data, Instant creationTime) throws IOException {
    return maker.sign(data, creationTime);
  }

  /**
   * Makes an ASCII-armored detached signature (SHA-256), as {@code .asc} files hold it.
   *
   * @param data the bytes to sign; read to the end, not closed
   * @param creationTime the signature creation time
   * @return the armored signature
   * @throws IOException if reading fails
   */
  public String signDetachedArmored(InputStream data, Instant creationTime) throws IOException {
    return maker.signArmored(data, creationTime);
  }

  @Override
  public String toString() {
    return "OpenPgpSigningKey[" + algorithm() + " " + fingerprint() + "]";
  }
}
