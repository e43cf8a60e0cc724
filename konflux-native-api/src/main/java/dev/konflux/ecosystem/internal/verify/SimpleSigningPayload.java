package dev.konflux.ecosystem.internal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.internal.json.Json;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The cosign simple-signing payload of a {@code .sig} layer: {@code
 * {"critical":{"identity":{"docker-reference":…},"image":{"docker-manifest-digest":…},"type":…}}}.
 *
 * @param dockerManifestDigest the signed manifest digest text
 * @param dockerReference the docker reference, or {@code null}
 * @param type the {@code critical.type}
 */
public record SimpleSigningPayload(
    String dockerManifestDigest, @Nullable String dockerReference, String type) {

  /** Largest payload accepted. */
  public static final int MAX_BYTES = 1024 * 1024;

  /**
   * @param payload the payload bytes
   * @return the parsed payload
   * @throws InvalidInputException if it is not a simple-signing payload
   */
  public static SimpleSigningPayload parse(byte[] payload) throws InvalidInputException {
    if (payload.length > MAX_BYTES) {
      throw new InvalidInputException(
          "simple-signing payload is larger than " + MAX_BYTES + " bytes");
    }
    try {
      JsonNode root = Json.tree(payload);
      JsonNode critical = JsonFields.requiredObject(root, "critical", "simple-signing payload");
      String type = JsonFields.requiredText(critical, "type", "simple-signing critical section");
      JsonNode image =
          JsonFields.requiredObject(critical, "image", "simple-signing critical section");
      String digest =
          JsonFields.requiredText(image, "docker-manifest-digest", "simple-signing critical.image");
      JsonNode identity = critical.get("identity");
      String reference =
          identity != null && identity.isObject()
              ? JsonFields.optionalText(identity, "docker-reference")
              : null;
      return new SimpleSigningPayload(digest, reference, type);
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          "simple-signing payload is not JSON: " + JsonFields.printable(e.getMessage()));
    }
  }
}
