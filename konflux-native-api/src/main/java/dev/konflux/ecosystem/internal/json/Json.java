package dev.konflux.ecosystem.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.konflux.ecosystem.util.JsonLimits;
import java.io.IOException;

/** The one configured Jackson mapper for untrusted JSON, with strict limits. */
public final class Json {
  private Json() {}

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(JsonLimits.MAX_NESTING_DEPTH)
                  .maxStringLength(JsonLimits.MAX_STRING_LENGTH)
                  .maxNumberLength(JsonLimits.MAX_NUMBER_LENGTH)
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** Mapper for reading untrusted documents and writing our own. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder(FACTORY)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  /**
   * Parses bytes into a tree.
   *
   * @param bytes JSON bytes
   * @return the root node
   * @throws IOException if not JSON
   */
  public static JsonNode tree(byte[] bytes) throws IOException {
    JsonNode node = MAPPER.readTree(bytes);
    if (node == null || node.isMissingNode()) {
      throw new IOException("empty document");
    }
    return node;
  }
}
