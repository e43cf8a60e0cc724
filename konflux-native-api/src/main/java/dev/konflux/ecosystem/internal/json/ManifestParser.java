package dev.konflux.ecosystem.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Index;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.ManifestOrIndex;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.SourceOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parses OCI manifests and indexes from bytes whose digest the caller already checked. Any
 * malformed input ends in {@link InvalidInputException}, never another exception.
 */
public final class ManifestParser {
  private ManifestParser() {}

  private static final int MAX_ENTRIES = 10_000;
  private static final int MAX_ANNOTATIONS = 1_000;

  /**
   * @param bytes the manifest or index bytes
   * @param digest their (already verified) digest
   * @param declaredMediaType the media type from the descriptor or Content-Type, or null
   * @param what description for messages
   * @return the parsed manifest or index
   * @throws InvalidInputException if malformed
   */
  public static ManifestOrIndex parse(
      byte[] bytes, Digest digest, @Nullable String declaredMediaType, String what)
      throws InvalidInputException {
    if (bytes.length > SourceOptions.MAX_MANIFEST_BYTES) {
      throw new InvalidInputException(what + " (" + digest + ") is larger than 4 MiB");
    }
    try {
      JsonNode root = Json.tree(bytes);
      if (!root.isObject()) {
        throw new InvalidInputException(what + " (" + digest + ") is not a JSON object");
      }
      String mediaType = text(root, "mediaType");
      if (mediaType == null) {
        mediaType = declaredMediaType;
      }
      if (mediaType == null) {
        // OCI allows omitting mediaType; tell the two apart by their fields.
        mediaType = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
      }
      JsonNode schemaVersion = root.get("schemaVersion");
      if (schemaVersion == null || !schemaVersion.isInt() || schemaVersion.intValue() != 2) {
        throw new InvalidInputException(what + " (" + digest + ") has no schemaVersion 2");
      }
      if (MediaTypes.isIndex(mediaType)) {
        return new Index(
            digest,
            bytes.length,
            mediaType,
            text(root, "artifactType"),
            descriptors(root.get("manifests"), "manifests"),
            optionalDescriptor(root.get("subject")),
            annotations(root.get("annotations")));
      }
      if (MediaTypes.isManifest(mediaType)) {
        JsonNode config = root.get("config");
        if (config == null) {
          throw new InvalidInputException(what + " (" + digest + ") has no config");
        }
        return new Manifest(
            digest,
            bytes.length,
            mediaType,
            text(root, "artifactType"),
            descriptor(config),
            descriptors(root.get("layers"), "layers"),
            optionalDescriptor(root.get("subject")),
            annotations(root.get("annotations")));
      }
      throw new InvalidInputException(
          what + " (" + digest + ") has unsupported media type " + printable(mediaType));
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          what
              + " ("
              + digest
              + ") is not a valid manifest or index: "
              + printable(String.valueOf(e.getMessage())));
    }
  }

  /**
   * Parses a manifest and insists it is one.
   *
   * @param bytes bytes
   * @param digest verified digest
   * @param declaredMediaType declared type or null
   * @param what for messages
   * @return the manifest
   * @throws InvalidInputException if malformed or an index
   */
  public static Manifest parseManifest(
      byte[] bytes, Digest digest, @Nullable String declaredMediaType, String what)
      throws InvalidInputException {
    ManifestOrIndex m = parse(bytes, digest, declaredMediaType, what);
    if (m instanceof Manifest manifest) {
      return manifest;
    }
    throw new InvalidInputException(
        what + " (" + digest + ") is an index where a manifest was expected");
  }

  /**
   * Parses a descriptor object.
   *
   * @param node the JSON object
   * @return the descriptor
   * @throws InvalidInputException if malformed
   */
  public static Descriptor descriptor(JsonNode node) throws InvalidInputException {
    if (node == null || !node.isObject()) {
      throw new InvalidInputException("descriptor is not an object");
    }
    String mediaType = text(node, "mediaType");
    if (mediaType == null || mediaType.isEmpty() || mediaType.length() > 255) {
      throw new InvalidInputException("descriptor has no valid mediaType");
    }
    Digest digest = Digest.parse(String.valueOf(text(node, "digest")));
    JsonNode size = node.get("size");
    if (size == null
        || !size.canConvertToExactIntegral()
        || !size.canConvertToLong()
        || size.longValue() < 0) {
      throw new InvalidInputException("descriptor " + digest + " has no valid size");
    }
    return new Descriptor(
        mediaType,
        digest,
        size.longValue(),
        text(node, "artifactType"),
        annotations(node.get("annotations")));
  }

  private static @Nullable Descriptor optionalDescriptor(@Nullable JsonNode node)
      throws InvalidInputException {
    return node == null || node.isNull() ? null : descriptor(node);
  }

  private static List<Descriptor> descriptors(JsonNode array, String field)
      throws InvalidInputException {
    if (array == null || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw new InvalidInputException(field + " is not an array");
    }
    if (array.size() > MAX_ENTRIES) {
      throw new InvalidInputException(field + " has more than " + MAX_ENTRIES + " entries");
    }
    List<Descriptor> out = new ArrayList<>(array.size());
    for (JsonNode n : array) {
      out.add(descriptor(n));
    }
    return out;
  }

  /**
   * @param node annotations object or null
   * @return the annotations
   * @throws InvalidInputException if not string to string
   */
  public static Map<String, String> annotations(JsonNode node) throws InvalidInputException {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new InvalidInputException("annotations is not an object");
    }
    if (node.size() > MAX_ANNOTATIONS) {
      throw new InvalidInputException("more than " + MAX_ANNOTATIONS + " annotations");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new InvalidInputException("annotation " + printable(e.getKey()) + " is not a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  /**
   * @param node object
   * @param field field
   * @return textual value or null
   * @throws InvalidInputException if present but not text
   */
  public static @Nullable String text(JsonNode node, String field) throws InvalidInputException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidInputException(field + " is not a string");
    }
    return v.textValue();
  }

  /**
   * @param s untrusted text
   * @return bounded printable text
   */
  public static String printable(String s) {
    return dev.konflux.ecosystem.spi.UntrustedText.printable(s);
  }
}
