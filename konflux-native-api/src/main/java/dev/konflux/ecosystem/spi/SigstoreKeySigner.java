package dev.konflux.ecosystem.spi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link SigstoreSigner} with a key the caller holds: an EC P-256 key (ECDSA with SHA-256, the
 * key type of cosign and of Sigstore's public-good instance). Bundles name the key in {@code
 * verificationMaterial.publicKey.hint} as the base64 SHA-256 of its DER {@code
 * SubjectPublicKeyInfo}, and carry no transparency log entry and no timestamp: a verifier trusts
 * them by that public key (for example {@code cosign verify-blob --key}, or
 * {@code @sigstore/verify} with the key as trust material).
 */
public final class SigstoreKeySigner implements SigstoreSigner {
  private final PublicKey publicKey;
  private final String hint;
  private final DigestSigner signer;

  private SigstoreKeySigner(PublicKey publicKey, DigestSigner signer) throws InvalidInputException {
    if (!(publicKey instanceof ECPublicKey ec)
        || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new InvalidInputException(
          "Sigstore key signing needs an EC P-256 public key, got " + publicKey.getAlgorithm());
    }
    this.publicKey = publicKey;
    this.hint = Base64.getEncoder().encodeToString(Digest.sha256Of(publicKey.getEncoded()).bytes());
    this.signer = Objects.requireNonNull(signer, "signer");
  }

  /**
   * @param publicKey the EC P-256 public key
   * @param signer signs SHA-256 digests with the matching private key (DER ECDSA values)
   * @return the signer
   * @throws InvalidInputException if the key is not EC P-256
   */
  public static SigstoreKeySigner of(PublicKey publicKey, DigestSigner signer)
      throws InvalidInputException {
    return new SigstoreKeySigner(Objects.requireNonNull(publicKey, "publicKey"), signer);
  }

  /**
   * @param publicKey the EC P-256 public key
   * @param privateKey its private key
   * @return the signer
   * @throws InvalidInputException if the key is not EC P-256
   */
  public static SigstoreKeySigner of(PublicKey publicKey, PrivateKey privateKey)
      throws InvalidInputException {
    return of(publicKey, DigestSigner.of(privateKey));
  }

  /**
   * @return the public key bundles are verified with
   */
  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * @return the public key in PEM ({@code PUBLIC KEY}), as {@code cosign.pub} holds it
   */
  public String publicKeyPem() {
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(publicKey.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
  }

  /**
   * @return the {@code publicKey.hint} bundles carry
   */
  public String hint() {
    return hint;
  }

  @Override
  public SigstoreBundle signMessage(Digest sha256) throws IOException {
    if (!Digest.SHA256.equals(sha256.algorithm())) {
      throw new IllegalArgumentException(
          "message signatures are over a SHA-256 digest, got " + sha256.algorithm());
    }
    byte[] signature = signer.signDigest("SHA-256", sha256.bytes());
    ObjectNode bundle = bundle();
    ObjectNode message = bundle.putObject("messageSignature");
    ObjectNode digest = message.putObject("messageDigest");
    digest.put("algorithm", "SHA2_256");
    digest.put("digest", Base64.getEncoder().encodeToString(sha256.bytes()));
    message.put("signature", Base64.getEncoder().encodeToString(signature));
    return done(bundle);
  }

  @Override
  public SigstoreBundle signDsse(String payloadType, byte[] payload) throws IOException {
    MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
    md.update(pae(payloadType, payload));
    byte[] signature = signer.signDigest("SHA-256", md.digest());
    ObjectNode bundle = bundle();
    ObjectNode envelope = bundle.putObject("dsseEnvelope");
    envelope.put("payload", Base64.getEncoder().encodeToString(payload));
    envelope.put("payloadType", payloadType);
    ArrayNode signatures = envelope.putArray("signatures");
    signatures
        .addObject()
        .put("sig", Base64.getEncoder().encodeToString(signature))
        .put("keyid", "");
    return done(bundle);
  }

  /** DSSE v1 pre-authentication encoding. */
  static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        String.format(Locale.ROOT, "DSSEv1 %d %s %d ", type.length, payloadType, payload.length)
            .getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + payload.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(payload, 0, out, head.length, payload.length);
    return out;
  }

  private ObjectNode bundle() {
    ObjectNode bundle = Json.MAPPER.createObjectNode();
    bundle.put("mediaType", SigstoreBundle.MEDIA_TYPE_V03);
    ObjectNode material = bundle.putObject("verificationMaterial");
    material.putObject("publicKey").put("hint", hint);
    material.putArray("tlogEntries");
    return bundle;
  }

  private SigstoreBundle done(ObjectNode bundle) throws IOException {
    return new SigstoreBundle(
        Json.MAPPER.writeValueAsBytes(bundle), SigstoreBundle.MEDIA_TYPE_V03, hint, null);
  }

  @Override
  public String toString() {
    return "SigstoreKeySigner[" + hint + "]";
  }
}
