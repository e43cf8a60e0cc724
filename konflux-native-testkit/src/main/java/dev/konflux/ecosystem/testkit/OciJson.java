package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.internal.json.Json;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the JSON the testkit produces. Objects are built field by field in a fixed order and
 * annotation maps are sorted, so the same inputs always give the same bytes (and digests).
 */
final class OciJson {
  private OciJson() {}

  static ObjectNode object() {
    return Json.MAPPER.createObjectNode();
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
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
