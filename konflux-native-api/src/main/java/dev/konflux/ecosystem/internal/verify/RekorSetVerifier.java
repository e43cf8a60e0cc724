package dev.konflux.ecosystem.internal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks the Rekor "bundle" that cosign puts into the {@code dev.sigstore.cosign/bundle} annotation
 * of a {@code .sig} layer: the signed entry timestamp (SET) is the log's signature over the
 * canonical JSON of {@code body}, {@code integratedTime}, {@code logID} and {@code logIndex}; the
 * log's key comes from the {@code tlogs} of a Sigstore trusted root; the body must be a {@code
 * hashedrekord} of this very signature over this very payload.
 */
public final class RekorSetVerifier {
  private static final int MAX_TRUSTED_ROOT_BYTES = 4 * 1024 * 1024;

  /** log id (lower-case hex of the key's SHA-256) → log key. */
  private final Map<String, CosignPublicKey> logs;

  private RekorSetVerifier(Map<String, CosignPublicKey> logs) {
    this.logs = Map.copyOf(logs);
  }

  /**
   * @param trustedRoot a Sigstore {@code trusted_root.json}
   * @return a verifier that trusts the root's transparency logs
   * @throws InvalidInputException if the file is not a trusted root with at least one log key
   */
  public static RekorSetVerifier fromTrustedRoot(Path trustedRoot) throws InvalidInputException {
    try {
      if (Files.size(trustedRoot) > MAX_TRUSTED_ROOT_BYTES) {
        throw new InvalidInputException(
            "trusted root " + trustedRoot + " is larger than " + MAX_TRUSTED_ROOT_BYTES);
      }
      JsonNode root = Json.tree(Files.readAllBytes(trustedRoot));
      Map<String, CosignPublicKey> logs = new LinkedHashMap<>();
      for (JsonNode tlog : root.path("tlogs")) {
        String raw = JsonFields.optionalText(tlog.path("publicKey"), "rawBytes");
        String keyId = JsonFields.optionalText(tlog.path("logId"), "keyId");
        if (raw == null || keyId == null) {
          continue;
        }
        try {
          CosignPublicKey key =
              CosignPublicKey.fromDer(
                  JsonFields.base64(raw, "tlog key"), "tlog " + tlog.path("baseUrl").asText());
          logs.put(HexFormat.of().formatHex(JsonFields.base64(keyId, "tlog keyId")), key);
        } catch (InvalidInputException e) {
          // A log with a key type we do not read cannot vouch for anything; skip it.
        }
      }
      if (logs.isEmpty()) {
        throw new InvalidInputException(
            "trusted root " + trustedRoot + " names no transparency log key");
      }
      return new RekorSetVerifier(logs);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read trusted root " + trustedRoot + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param annotation the {@code dev.sigstore.cosign/bundle} JSON
   * @param signature the layer's signature (raw bytes)
   * @param payload the signed payload
   * @return {@code null} when the entry vouches for this signature, else the reason it does not
   */
  public @Nullable String check(String annotation, byte[] signature, byte[] payload) {
    try {
      JsonNode root = Json.tree(annotation.getBytes(StandardCharsets.UTF_8));
      byte[] set =
          JsonFields.base64(
              JsonFields.requiredText(root, "SignedEntryTimestamp", "Rekor bundle"), "SET");
      JsonNode p = JsonFields.requiredObject(root, "Payload", "Rekor bundle");
      String body = JsonFields.requiredText(p, "body", "Rekor bundle payload");
      String logId = JsonFields.requiredText(p, "logID", "Rekor bundle payload");
      JsonNode integratedTime = p.get("integratedTime");
      JsonNode logIndex = p.get("logIndex");
      if (integratedTime == null
          || !integratedTime.canConvertToLong()
          || logIndex == null
          || !logIndex.canConvertToLong()) {
        return "Rekor bundle has no integer integratedTime and logIndex";
      }
      String reason = checkSet(body, integratedTime.longValue(), logId, logIndex.longValue(), set);
      if (reason != null) {
        return reason;
      }
      return checkBody(JsonFields.base64(body, "Rekor entry body"), signature, payload);
    } catch (InvalidInputException e) {
      return e.getMessage();
    } catch (IOException | RuntimeException e) {
      return "Rekor bundle is not JSON";
    }
  }

  /**
   * @param body the base64 canonicalized entry body
   * @param integratedTime the entry's integrated time (Unix seconds)
   * @param logIdHex the log id, lower-case hex
   * @param logIndex the entry's index
   * @param set the signed entry timestamp
   * @return {@code null} if the SET verifies with the log's key, else why not
   */
  public @Nullable String checkSet(
      String body, long integratedTime, String logIdHex, long logIndex, byte[] set) {
    CosignPublicKey key = logs.get(logIdHex.toLowerCase(java.util.Locale.ROOT));
    if (key == null) {
      return "transparency log " + JsonFields.printable(logIdHex) + " is not in the trusted root";
    }
    ObjectNode canonical = Json.MAPPER.createObjectNode();
    // Keys in lexical order, no whitespace: Rekor's canonical JSON of the entry.
    canonical.put("body", body);
    canonical.put("integratedTime", integratedTime);
    canonical.put("logID", logIdHex);
    canonical.put("logIndex", logIndex);
    byte[] signed;
    try {
      signed = Json.MAPPER.writeValueAsBytes(canonical);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return SignatureCheck.verify(key, signed, set)
        ? null
        : "signed entry timestamp does not verify with transparency log key " + key.fingerprint();
  }

  private static @Nullable String checkBody(byte[] body, byte[] signature, byte[] payload)
      throws IOException, InvalidInputException {
    JsonNode entry = Json.tree(body);
    String kind = entry.path("kind").asText();
    if (!"hashedrekord".equals(kind)) {
      return "Rekor entry kind " + JsonFields.printable(kind) + " is not hashedrekord";
    }
    JsonNode spec = entry.path("spec");
    String logged = spec.path("signature").path("content").asText("");
    if (!java.security.MessageDigest.isEqual(
        JsonFields.base64(logged, "logged signature"), signature)) {
      return "Rekor entry logs another signature";
    }
    String hash = spec.path("data").path("hash").path("value").asText("");
    String expected = dev.konflux.ecosystem.api.Digest.sha256Of(payload).hex();
    if (!expected.equals(hash)) {
      return "Rekor entry logs payload hash "
          + JsonFields.printable(hash)
          + ", not sha256:"
          + expected;
    }
    return null;
  }

  /**
   * @return the encoded base64 of bytes, for tests and messages
   */
  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
