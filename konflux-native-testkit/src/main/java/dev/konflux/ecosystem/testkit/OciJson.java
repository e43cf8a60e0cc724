package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.util.JsonLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the JSON the testkit produces. Objects are built field by field in a fixed order and
 * annotation maps are sorted, so the same inputs always give the same bytes (and digests).
 */
final class OciJson {
  private OciJson() {}

  /** The testkit's own mapper, with the project's limits for untrusted JSON. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(JsonLimits.MAX_NESTING_DEPTH)
                          .maxStringLength(JsonLimits.MAX_STRING_LENGTH)
                          .maxNumberLength(JsonLimits.MAX_NUMBER_LENGTH)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .build();

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Parses a document the testkit reads back (its own layouts, fault injection). */
  static JsonNode tree(byte[] bytes) throws IOException {
    JsonNode node = MAPPER.readTree(bytes);
    if (node == null || node.isMissingNode()) {
      throw new IOException("empty JSON document");
    }
    return node;
  }

  /** Reads a descriptor written by {@link #descriptor}. */
  static Descriptor readDescriptor(JsonNode node) throws InvalidInputException {
    if (!node.path("mediaType").isTextual()
        || !node.path("digest").isTextual()
        || !node.path("size").canConvertToLong()) {
      throw new InvalidInputException("descriptor lacks mediaType, digest or size");
    }
    String artifactType =
        node.path("artifactType").isTextual() ? node.get("artifactType").textValue() : null;
    return new Descriptor(
        node.get("mediaType").textValue(),
        Digest.parse(node.get("digest").textValue()),
        node.get("size").longValue(),
        artifactType,
        readAnnotations(node.get("annotations")));
  }

  /** Reads an annotations object (absent: empty). */
  static Map<String, String> readAnnotations(JsonNode node) throws InvalidInputException {
    Map<String, String> out = new TreeMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new InvalidInputException("annotations is not an object");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw new InvalidInputException("annotation " + e.getKey() + " is not a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  /** A descriptor in the conventional field order; annotations sorted by key. */
  static ObjectNode descriptor(Descriptor d) {
    ObjectNode node = object();
    node.put("mediaType", d.mediaType());
    node.put("digest", d.digest().toString());
    node.put("size", d.size());
    if (d.artifactType() != null) {
      node.put("artifactType", d.artifactType());
    }
    if (!d.annotations().isEmpty()) {
      node.set("annotations", annotations(d.annotations()));
    }
    return node;
  }

  /** A descriptor reduced to what a {@code subject} field carries. */
  static Descriptor plain(Descriptor d) {
    return Descriptor.of(d.mediaType(), d.digest(), d.size());
  }

  static ObjectNode annotations(Map<String, String> annotations) {
    ObjectNode node = object();
    new TreeMap<>(annotations).forEach(node::put);
    return node;
  }

  /** Compact UTF-8 bytes of a tree built in memory (cannot fail for such trees). */
  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
