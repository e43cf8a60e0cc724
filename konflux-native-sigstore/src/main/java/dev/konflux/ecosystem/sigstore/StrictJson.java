package dev.konflux.ecosystem.sigstore;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Typed, strict accessors over untrusted JSON (bundles, log entry bodies, trusted roots): duplicate
 * keys, trailing content and deep nesting are rejected, base64 must be canonical standard base64,
 * integers must be non-negative 64-bit values (as number or decimal string, the protobuf JSON
 * forms). Every failure is a {@link BundleRejection} of kind UNREADABLE naming the field.
 */
final class StrictJson {
  private StrictJson() {}

  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .disable(JsonParser.Feature.ALLOW_COMMENTS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxStringLength(16 * 1024 * 1024)
                .maxNumberLength(40)
                .build());
  }

  static JsonNode tree(byte[] json, String what) throws BundleRejection {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || !n.isObject()) {
        throw BundleRejection.unreadable(what + " is not a JSON object");
      }
      return n;
    } catch (IOException | RuntimeException e) {
      throw BundleRejection.unreadable(what + " is not valid JSON");
    }
  }

  static JsonNode object(JsonNode parent, String field, String what) throws BundleRejection {
    JsonNode v = parent.get(field);
    if (v == null || !v.isObject()) {
      throw BundleRejection.unreadable(what + " has no object '" + field + "'");
    }
    return v;
  }

  static @Nullable JsonNode optionalObject(JsonNode parent, String field, String what)
      throws BundleRejection {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw BundleRejection.unreadable(what + " field '" + field + "' is not an object");
    }
    return v;
  }

  static JsonNode array(JsonNode parent, String field, String what, boolean required)
      throws BundleRejection {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw BundleRejection.unreadable(what + " has no array '" + field + "'");
      }
      return MAPPER.createArrayNode();
    }
    if (!v.isArray()) {
      throw BundleRejection.unreadable(what + " field '" + field + "' is not an array");
    }
    return v;
  }

  static String text(JsonNode parent, String field, String what) throws BundleRejection {
    JsonNode v = parent.get(field);
    if (v == null || !v.isTextual()) {
      throw BundleRejection.unreadable(what + " has no string '" + field + "'");
    }
    return v.textValue();
  }

  static @Nullable String optionalText(JsonNode parent, String field, String what)
      throws BundleRejection {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw BundleRejection.unreadable(what + " field '" + field + "' is not a string");
    }
    return v.textValue();
  }

  static byte[] base64(JsonNode parent, String field, String what) throws BundleRejection {
    return decode(text(parent, field, what), what + " '" + field + "'");
  }

  /**
   * Canonical standard base64 (URL-safe accepted too, as protobuf JSON allows); nothing else. The
   * JDK decoder ignores the unused low bits of the last character, so two texts could decode to the
   * same bytes: re-encoding must give the text back.
   */
  static byte[] decode(String text, String what) throws BundleRejection {
    byte[] out;
    try {
      out = Base64.getDecoder().decode(text);
      if (Base64.getEncoder().encodeToString(out).equals(text)) {
        return out;
      }
    } catch (IllegalArgumentException e) {
      try {
        out = Base64.getUrlDecoder().decode(text);
        if (Base64.getUrlEncoder().encodeToString(out).equals(text)
            || Base64.getUrlEncoder().withoutPadding().encodeToString(out).equals(text)) {
          return out;
        }
      } catch (IllegalArgumentException e2) {
        throw BundleRejection.unreadable(what + " is not valid base64");
      }
    }
    throw BundleRejection.unreadable(what + " is not canonical base64");
  }

  /** A non-negative int64, as a JSON integer or a decimal string (protobuf JSON). */
  static long int64(JsonNode parent, String field, String what, boolean required)
      throws BundleRejection {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw BundleRejection.unreadable(what + " has no integer '" + field + "'");
      }
      return -1;
    }
    BigInteger value;
    if (v.isIntegralNumber()) {
      value = v.bigIntegerValue();
    } else if (v.isTextual() && v.textValue().matches("-?[0-9]{1,20}")) {
      value = new BigInteger(v.textValue());
    } else {
      throw BundleRejection.unreadable(what + " field '" + field + "' is not an integer");
    }
    if (value.signum() < 0) {
      // Well-formed but impossible: a rejection (exit 3), not a parse failure.
      throw BundleRejection.rejected(what + " field '" + field + "' is negative (" + value + ")");
    }
    if (value.bitLength() > 63) {
      throw BundleRejection.unreadable(what + " field '" + field + "' is out of range");
    }
    return value.longValue();
  }
}
