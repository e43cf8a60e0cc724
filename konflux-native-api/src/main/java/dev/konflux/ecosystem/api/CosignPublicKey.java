package dev.konflux.ecosystem.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A public key that verifies cosign signatures, DSSE attestations and public-key Sigstore bundles:
 * ECDSA P-256/P-384/P-521, RSA or Ed25519, loaded from a PEM {@code PUBLIC KEY}
 * (SubjectPublicKeyInfo) as {@code cosign public-key} writes it.
 *
 * <p>Messages name a key by its {@link #fingerprint()}: {@code SHA256:} and the unpadded base64
 * SHA-256 of the DER key, the form OpenSSH and cosign users know.
 */
public final class CosignPublicKey {
  /** The key algorithms we accept. */
  public enum Algorithm {
    /** ECDSA on P-256. */
    ECDSA_P256,
    /** ECDSA on P-384. */
    ECDSA_P384,
    /** ECDSA on P-521. */
    ECDSA_P521,
    /** RSA (PKCS#1 v1.5 or PSS signatures). */
    RSA,
    /** Ed25519. */
    ED25519
  }

  private static final int MAX_PEM_BYTES = 64 * 1024;

  private final PublicKey key;
  private final Algorithm algorithm;
  private final byte[] der;
  private final String fingerprint;
  private final String source;

  private CosignPublicKey(PublicKey key, Algorithm algorithm, byte[] der, String source) {
    this.key = key;
    this.algorithm = algorithm;
    this.der = der.clone();
    this.fingerprint = fingerprintOf(der);
    this.source = source;
  }

  /**
   * Reads a PEM public key file.
   *
   * @param file the PEM file
   * @return the key
   * @throws InvalidInputException if the file cannot be read or holds no supported public key
   */
  public static CosignPublicKey fromPem(Path file) throws InvalidInputException {
    Objects.requireNonNull(file, "file");
    String pem;
    try {
      if (!Files.isRegularFile(file)) {
        throw fileProblem(
            file, Files.exists(file) ? "is not a regular file" : "does not exist", null);
      }
      if (Files.size(file) > MAX_PEM_BYTES) {
        throw fileProblem(
            file, "is larger than " + MAX_PEM_BYTES + " bytes; a public key is much smaller", null);
      }
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw fileProblem(file, "is not a PEM public key (not ASCII text)", e);
    } catch (IOException e) {
      // The JDK's message is often just the path again; name the failure's type instead.
      throw fileProblem(file, "cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
    try {
      return fromPem(pem, "public key file " + file);
    } catch (InvalidInputException e) {
      e.withReference(file.toString()).withOperation(KonfluxNativeException.OPERATION_READ_INPUT);
      throw e;
    }
  }

  private static InvalidInputException fileProblem(
      Path file, String what, @Nullable Throwable cause) {
    InvalidInputException e =
        new InvalidInputException("public key file " + file + " " + what, cause);
    e.withReference(file.toString()).withOperation(KonfluxNativeException.OPERATION_READ_INPUT);
    return e;
  }

  /**
   * Parses PEM text holding one {@code PUBLIC KEY} block.
   *
   * @param pem the PEM text
   * @return the key
   * @throws InvalidInputException if it holds no supported public key
   */
  public static CosignPublicKey fromPem(String pem) throws InvalidInputException {
    return fromPem(pem, "PEM text");
  }

  private static CosignPublicKey fromPem(String pem, String source) throws InvalidInputException {
    Objects.requireNonNull(pem, "pem");
    String begin = "-----BEGIN PUBLIC KEY-----";
    String end = "-----END PUBLIC KEY-----";
    int b = pem.indexOf(begin);
    int e = b < 0 ? -1 : pem.indexOf(end, b);
    if (b < 0 || e < 0) {
      throw new InvalidInputException(source + " holds no '" + begin + "' block");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
    } catch (IllegalArgumentException ex) {
      throw new InvalidInputException(source + ": PUBLIC KEY block is not base64");
    }
    return fromDer(der, source);
  }

  /**
   * Parses a DER SubjectPublicKeyInfo.
   *
   * @param der the encoded key
   * @param source what it came from, for messages
   * @return the key
   * @throws InvalidInputException if it is no supported public key
   */
  public static CosignPublicKey fromDer(byte[] der, String source) throws InvalidInputException {
    Objects.requireNonNull(der, "der");
    for (String family : new String[] {"EC", "RSA", "Ed25519"}) {
      PublicKey key;
      try {
        key = KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException | RuntimeException ex) {
        continue;
      }
      return new CosignPublicKey(key, algorithmOf(key, source), der, source);
    }
    throw new InvalidInputException(source + " is not an ECDSA, RSA or Ed25519 public key");
  }

  private static Algorithm algorithmOf(PublicKey key, String source) throws InvalidInputException {
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return switch (bits) {
        case 256 -> Algorithm.ECDSA_P256;
        case 384 -> Algorithm.ECDSA_P384;
        case 521 -> Algorithm.ECDSA_P521;
        default ->
            throw new InvalidInputException(source + ": unsupported EC curve of " + bits + " bits");
      };
    }
    if (key instanceof RSAPublicKey rsa) {
      if (rsa.getModulus().bitLength() < 2048) {
        throw new InvalidInputException(source + ": RSA keys under 2048 bits are refused");
      }
      return Algorithm.RSA;
    }
    if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
      return Algorithm.ED25519;
    }
    throw new InvalidInputException(source + ": unsupported key algorithm " + key.getAlgorithm());
  }

  private static String fingerprintOf(byte[] der) {
    try {
      byte[] sum = MessageDigest.getInstance("SHA-256").digest(der);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sum);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /**
   * @return {@code SHA256:<unpadded base64>} of the DER key, for messages and records
   */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * @return the key algorithm
   */
  public Algorithm algorithm() {
    return algorithm;
  }

  /**
   * @return the JDK key, for verification
   */
  public PublicKey publicKey() {
    return key;
  }

  /**
   * @return the DER SubjectPublicKeyInfo (a copy)
   */
  public byte[] encoded() {
    return der.clone();
  }

  /**
   * @return where the key was loaded from (a file name or "PEM text")
   */
  public String source() {
    return source;
  }

  /**
   * @return the key as PEM text
   */
  public String toPem() {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CosignPublicKey other && MessageDigest.isEqual(der, other.der);
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  @Override
  public String toString() {
    return algorithm + " key " + fingerprint;
  }
}
