package dev.konflux.ecosystem.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * An ECDSA P-256 key pair of the kind Konflux signs with (a static cosign key, no transparency
 * log), generated at runtime with the JDK. The public key is written as a PEM {@code PUBLIC KEY}
 * (SubjectPublicKeyInfo) file, the format {@code cosign verify --key} and the library's {@code
 * --cosign-key} option read. Signatures are ASN.1 DER ECDSA-SHA256, as cosign writes them.
 */
public final class CosignKeyPair {

  private final KeyPair keyPair;

  private CosignKeyPair(KeyPair keyPair) {
    this.keyPair = keyPair;
  }

  /**
   * @return a fresh P-256 key pair
   */
  public static CosignKeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return new CosignKeyPair(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate P-256 keys", e);
    }
  }

  /**
   * @return the public key
   */
  public PublicKey publicKey() {
    return keyPair.getPublic();
  }

  /**
   * @return the private key (test keys only; never log it)
   */
  public PrivateKey privateKey() {
    return keyPair.getPrivate();
  }

  /**
   * @return the public key as PEM {@code -----BEGIN PUBLIC KEY-----} text
   */
  public String publicKeyPem() {
    return pem("PUBLIC KEY", keyPair.getPublic().getEncoded());
  }

  /**
   * Writes {@link #publicKeyPem()} to a file (parent directories are created).
   *
   * @param file the file, e.g. {@code cosign.pub}
   * @return {@code file}
   * @throws IOException if writing fails
   */
  public Path writePublicKey(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(file, publicKeyPem(), StandardCharsets.US_ASCII);
    return file;
  }

  /**
   * Writes the private key as an unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}),
   * which {@code cosign import-key-pair} accepts. For tests only.
   *
   * @param file the file
   * @return {@code file}
   * @throws IOException if writing fails
   */
  public Path writePrivateKey(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(
        file, pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
    return file;
  }

  /**
   * A short public identifier of the key: standard base64 of the SHA-256 of its DER encoding. Used
   * as the {@code publicKey.hint} of Sigstore bundles.
   *
   * @return the hint
   */
  public String hint() {
    return Base64.getEncoder()
        .encodeToString(
            dev.konflux.ecosystem.api.Digest.sha256Of(keyPair.getPublic().getEncoded()).bytes());
  }

  /**
   * @param message bytes to sign
   * @return the DER ECDSA-SHA256 signature over them
   */
  public byte[] sign(byte[] message) {
    try {
      Signature signature = Signature.getInstance("SHA256withECDSA");
      signature.initSign(keyPair.getPrivate());
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA signing failed", e);
    }
  }

  /**
   * Signs a SHA-256 value directly. The result equals (verifies as) an ECDSA-SHA256 signature over
   * the bytes that hash to it, so a manifest can be signed knowing only its digest.
   *
   * @param sha256 a 32-byte SHA-256 value
   * @return the DER ECDSA signature
   */
  public byte[] signDigest(byte[] sha256) {
    if (sha256.length != 32) {
      throw new IllegalArgumentException("expected a 32-byte SHA-256 value, got " + sha256.length);
    }
    try {
      Signature signature = Signature.getInstance("NONEwithECDSA");
      signature.initSign(keyPair.getPrivate());
      signature.update(sha256);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA signing failed", e);
    }
  }

  /**
   * @param message signed bytes
   * @param derSignature a DER ECDSA-SHA256 signature
   * @return whether it verifies with this key
   */
  public boolean verify(byte[] message, byte[] derSignature) {
    return verify(keyPair.getPublic(), message, derSignature);
  }

  /**
   * @param publicKey an EC public key
   * @param message signed bytes
   * @param derSignature a DER ECDSA-SHA256 signature
   * @return whether it verifies; malformed signatures give {@code false}
   */
  public static boolean verify(PublicKey publicKey, byte[] message, byte[] derSignature) {
    try {
      Signature signature = Signature.getInstance("SHA256withECDSA");
      signature.initVerify(publicKey);
      signature.update(message);
      return signature.verify(derSignature);
    } catch (java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA verification failed to run", e);
    }
  }

  /**
   * Reads a PEM {@code PUBLIC KEY} such as {@link #writePublicKey(Path)} writes.
   *
   * @param pem the PEM text
   * @return the EC public key
   * @throws IllegalArgumentException if it is not a PEM EC public key
   */
  public static PublicKey readPublicKeyPem(String pem) {
    String body =
        pem.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("EC")
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PEM EC public key", e);
    }
  }

  private static String pem(String type, byte[] der) {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
  }

  @Override
  public String toString() {
    return "CosignKeyPair[hint=" + hint() + "]";
  }
}
