package dev.konflux.ecosystem.pypi.internal.dist;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The header fields of a core metadata file ({@code METADATA}, {@code PKG-INFO}): RFC 822 style
 * {@code Key: value} lines with indented continuation lines, up to the first empty line (the body
 * is the description). Hand-written because the format is Python's {@code email} parser's compat32
 * policy, for which no Java library exists; it is small.
 */
public final class CoreMetadata {

  /**
   * Largest metadata file accepted (descriptions can be long; bounded because it is kept whole).
   */
  public static final int MAX_BYTES = 16 << 20;

  /** Most header lines accepted. */
  public static final int MAX_FIELDS = 20_000;

  private final Map<String, List<String>> fields;
  private final String body;

  private CoreMetadata(Map<String, List<String>> fields, String body) {
    this.fields = fields;
    this.body = body;
  }

  /**
   * @return the text after the header block (the description since Metadata-Version 2.1), or ""
   */
  public String body() {
    return body;
  }

  /**
   * @param bytes the file's bytes
   * @return the parsed header fields
   * @throws MalformedMetadataException if the bytes are not UTF-8 or the headers are malformed
   */
  public static CoreMetadata parse(byte[] bytes) throws MalformedMetadataException {
    if (bytes.length > MAX_BYTES) {
      throw new MalformedMetadataException("larger than " + MAX_BYTES + " bytes");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedMetadataException("not UTF-8");
    }
    Map<String, List<String>> fields = new TreeMap<>();
    String key = null;
    StringBuilder value = new StringBuilder();
    int count = 0;
    int pos = 0;
    int bodyStart = -1;
    while (pos < text.length()) {
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 ? text.length() : nl;
      String line = text.substring(pos, end);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      pos = nl < 0 ? text.length() : nl + 1;
      if (line.isEmpty()) {
        bodyStart = pos;
        break;
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (key == null) {
          throw new MalformedMetadataException("continuation line before the first field");
        }
        value.append('\n').append(line);
        continue;
      }
      if (key != null) {
        add(fields, key, value.toString());
      }
      if (++count > MAX_FIELDS) {
        throw new MalformedMetadataException("more than " + MAX_FIELDS + " fields");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new MalformedMetadataException("line " + count + " is not 'Key: value'");
      }
      key = line.substring(0, colon);
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        if (c <= ' ' || c > '~') {
          throw new MalformedMetadataException(
              "field name on line " + count + " has a space or control character");
        }
      }
      value = new StringBuilder(line.substring(colon + 1).strip());
    }
    if (key != null) {
      add(fields, key, value.toString());
    }
    return new CoreMetadata(fields, bodyStart < 0 ? "" : text.substring(bodyStart));
  }

  private static void add(Map<String, List<String>> fields, String key, String value) {
    fields.computeIfAbsent(key.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
  }

  /**
   * @param name a field name, any case
   * @return its first value
   */
  public Optional<String> first(String name) {
    List<String> values = fields.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * @param name a field name, any case
   * @return all its values in order
   */
  public List<String> all(String name) {
    return List.copyOf(fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
  }

  /**
   * @return {@code Metadata-Version} as (major, minor), or (0, 0) if absent or unparseable
   */
  public int[] metadataVersion() {
    String v = first("Metadata-Version").orElse("");
    String[] parts = v.split("\\.", -1); // "2." is unparseable, not 2.0
    try {
      return new int[] {
        Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0
      };
    } catch (NumberFormatException e) {
      return new int[] {0, 0};
    }
  }

  /** A metadata file that cannot be read as core metadata. */
  public static final class MalformedMetadataException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong
     */
    public MalformedMetadataException(String message) {
      super(message);
    }
  }
}
