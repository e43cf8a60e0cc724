package dev.konflux.ecosystem.internal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a Sigstore bundle (v0.1–v0.3) that decide how it is verified: which verification
 * material it carries (a public key hint, or a certificate), what it signs (a message digest, or a
 * DSSE envelope) and which transparency log entry kinds back it. The original bytes are kept,
 * because re-serialising a bundle changes it.
 *
 * @param bytes the bundle's exact bytes
 * @param mediaType the bundle media type
 * @param publicKeyHint the {@code publicKey.hint}, or {@code null} if the bundle carries a
 *     certificate
 * @param certificate the leaf certificate (DER), or {@code null} for public-key bundles
 * @param messageDigest the signed message digest, or {@code null} for DSSE bundles
 * @param messageSignature the message signature, or {@code null} for DSSE bundles
 * @param envelope the DSSE envelope, or {@code null} for message signatures
 * @param tlogEntryKinds the transparency log entries as {@code kind:version}
 * @param timestampCount how many RFC 3161 timestamps the bundle carries
 */
public record SigstoreBundle(
    byte[] bytes,
    String mediaType,
    @Nullable String publicKeyHint,
    byte @Nullable [] certificate,
    @Nullable Digest messageDigest,
    byte @Nullable [] messageSignature,
    @Nullable DsseEnvelope envelope,
    List<String> tlogEntryKinds,
    int timestampCount) {

  /** Largest bundle accepted. */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  private static final Set<String> MEDIA_TYPES =
      Set.of(
          "application/vnd.dev.sigstore.bundle+json;version=0.1",
          "application/vnd.dev.sigstore.bundle+json;version=0.2",
          "application/vnd.dev.sigstore.bundle+json;version=0.3",
          "application/vnd.dev.sigstore.bundle.v0.3+json");

  /** Copies. */
  public SigstoreBundle {
    tlogEntryKinds = List.copyOf(tlogEntryKinds);
  }

  /**
   * @return whether the bundle is verified with a caller-given public key (no certificate)
   */
  public boolean isPublicKey() {
    return certificate == null;
  }

  /**
   * @return whether the bundle carries transparency log entries or RFC 3161 timestamps
   */
  public boolean hasLogEntriesOrTimestamps() {
    return !tlogEntryKinds.isEmpty() || timestampCount > 0;
  }

  /**
   * @return whether the bundle signs a DSSE envelope
   */
  public boolean isDsse() {
    return envelope != null;
  }

  /**
   * @param json the bundle bytes
   * @return the parsed bundle
   * @throws InvalidInputException if it is not a Sigstore bundle of a known version
   */
  public static SigstoreBundle parse(byte[] json) throws InvalidInputException {
    if (json.length > MAX_BYTES) {
      throw new InvalidInputException("Sigstore bundle is larger than " + MAX_BYTES + " bytes");
    }
    try {
      JsonNode root = Json.tree(json);
      String mediaType = JsonFields.requiredText(root, "mediaType", "Sigstore bundle");
      if (!MEDIA_TYPES.contains(mediaType)) {
        throw new InvalidInputException(
            "Sigstore bundle has unsupported mediaType " + JsonFields.printable(mediaType));
      }
      JsonNode material =
          JsonFields.requiredObject(root, "verificationMaterial", "Sigstore bundle");
      String hint = null;
      byte[] certificate = null;
      if (material.has("publicKey")) {
        JsonNode pk = material.get("publicKey");
        hint =
            pk.isObject() && pk.has("hint") && pk.get("hint").isTextual()
                ? pk.get("hint").textValue()
                : "";
      } else if (material.has("certificate")) {
        certificate =
            JsonFields.base64(
                JsonFields.requiredText(
                    material.get("certificate"), "rawBytes", "bundle certificate"),
                "bundle certificate");
      } else if (material.has("x509CertificateChain")) {
        JsonNode certs = material.get("x509CertificateChain").path("certificates");
        if (!certs.isArray() || certs.isEmpty()) {
          throw new InvalidInputException("Sigstore bundle has an empty x509CertificateChain");
        }
        certificate =
            JsonFields.base64(
                JsonFields.requiredText(certs.get(0), "rawBytes", "bundle certificate"),
                "bundle certificate");
      } else {
        throw new InvalidInputException(
            "Sigstore bundle has no publicKey, certificate or x509CertificateChain");
      }
      List<String> kinds = new ArrayList<>();
      JsonNode entries = material.path("tlogEntries");
      if (entries.isArray()) {
        for (JsonNode e : entries) {
          JsonNode kv = e.path("kindVersion");
          kinds.add(kv.path("kind").asText("") + ":" + kv.path("version").asText(""));
        }
      }
      JsonNode timestamps = material.path("timestampVerificationData").path("rfc3161Timestamps");
      int timestampCount = timestamps.isArray() ? timestamps.size() : 0;
      JsonNode message = root.get("messageSignature");
      JsonNode dsse = root.get("dsseEnvelope");
      if ((message == null) == (dsse == null)) {
        throw new InvalidInputException(
            "Sigstore bundle must have exactly one of messageSignature and dsseEnvelope");
      }
      if (dsse != null) {
        return new SigstoreBundle(
            json,
            mediaType,
            hint,
            certificate,
            null,
            null,
            DsseEnvelope.fromTree(dsse),
            kinds,
            timestampCount);
      }
      if (!message.isObject()) {
        throw new InvalidInputException("Sigstore bundle messageSignature is not an object");
      }
      byte[] signature =
          JsonFields.base64(
              JsonFields.requiredText(message, "signature", "messageSignature"),
              "message signature");
      Digest digest = null;
      JsonNode md = message.get("messageDigest");
      if (md != null && md.isObject()) {
        String algorithm = JsonFields.requiredText(md, "algorithm", "messageDigest");
        byte[] value =
            JsonFields.base64(
                JsonFields.requiredText(md, "digest", "messageDigest"), "message digest");
        String alg =
            switch (algorithm) {
              case "SHA2_256" -> Digest.SHA256;
              case "SHA2_512" -> Digest.SHA512;
              default ->
                  throw new InvalidInputException(
                      "Sigstore bundle message digest algorithm "
                          + JsonFields.printable(algorithm)
                          + " is not supported");
            };
        try {
          digest = new Digest(alg, HexFormat.of().formatHex(value));
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException(
              "Sigstore bundle message digest has the wrong length for " + algorithm);
        }
      }
      return new SigstoreBundle(
          json, mediaType, hint, certificate, digest, signature, null, kinds, timestampCount);
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          "Sigstore bundle is not JSON: " + JsonFields.printable(e.getMessage()));
    }
  }
}
