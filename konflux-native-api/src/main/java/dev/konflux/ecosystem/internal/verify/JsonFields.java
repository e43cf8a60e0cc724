package dev.konflux.ecosystem.internal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.InvalidInputException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** Small typed accessors over untrusted JSON trees that fail with {@link InvalidInputException}. */
final class JsonFields {
  private JsonFields() {}

  static String requiredText(JsonNode node, String field, String what)
      throws InvalidInputException {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isTextual()) {
      throw new InvalidInputException(what + " has no string field '" + field + "'");
    }
    return v.textValue();
  }

  static @Nullable String optionalText(@Nullable JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  static JsonNode requiredObject(JsonNode node, String field, String what)
      throws InvalidInputException {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isObject()) {
      throw new InvalidInputException(what + " has no object '" + field + "'");
    }
    return v;
  }

  static byte[] base64(String text, String what) throws InvalidInputException {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      try {
        // DSSE allows URL-safe base64 too.
        return Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException e2) {
        throw new InvalidInputException(what + " is not base64");
      }
    }
  }

  /** Bounds and escapes untrusted text before it goes into a message. */
  static String printable(@Nullable String text) {
    return dev.konflux.ecosystem.spi.UntrustedText.quoted(text);
  }
}
