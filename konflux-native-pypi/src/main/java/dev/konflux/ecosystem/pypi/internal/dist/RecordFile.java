package dev.konflux.ecosystem.pypi.internal.dist;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A wheel's {@code RECORD}: CSV rows {@code path,algorithm=urlsafe-b64-digest,size} as Python's
 * {@code csv} module writes them (comma, {@code "} quoting with doubled quotes). Hand-written: a
 * three-column reader with that one quoting rule is shorter than wiring a CSV library, and it must
 * be strict (every row exactly three fields).
 */
public final class RecordFile {

  /** Largest RECORD accepted. */
  public static final int MAX_BYTES = 32 << 20;

  /** Hash algorithms the wheel spec allows (hashlib's guaranteed ones, minus md5 and sha1). */
  public static final Set<String> ALGORITHMS = Set.of("sha256", "sha384", "sha512");

  /**
   * One row.
   *
   * @param path the archive path
   * @param algorithm hash algorithm, or {@code null} when the row has no hash (RECORD itself)
   * @param digest raw digest bytes, or {@code null}
   * @param size the stated size, or {@code -1} when empty
   */
  public record Row(String path, @Nullable String algorithm, byte @Nullable [] digest, long size) {}

  private final Map<String, Row> rows;

  private RecordFile(Map<String, Row> rows) {
    this.rows = rows;
  }

  /**
   * @return rows by path, in file order
   */
  public Map<String, Row> rows() {
    return rows;
  }

  /**
   * @param bytes the RECORD bytes
   * @return the parsed rows
   * @throws MalformedRecordException if it is not UTF-8, a row is not three fields, a hash or size
   *     is malformed, or a path is listed twice
   */
  public static RecordFile parse(byte[] bytes) throws MalformedRecordException {
    if (bytes.length > MAX_BYTES) {
      throw new MalformedRecordException("larger than " + MAX_BYTES + " bytes");
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
      throw new MalformedRecordException("not UTF-8");
    }
    Map<String, Row> rows = new LinkedHashMap<>();
    int pos = 0;
    int line = 0;
    while (pos < text.length()) {
      line++;
      List<String> fields = new ArrayList<>(3);
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean wasQuoted = false;
      while (true) {
        if (pos >= text.length()) {
          if (quoted) {
            throw new MalformedRecordException("line " + line + ": unterminated quoted field");
          }
          break;
        }
        char c = text.charAt(pos++);
        if (quoted) {
          if (c == '"') {
            if (pos < text.length() && text.charAt(pos) == '"') {
              field.append('"');
              pos++;
            } else {
              quoted = false;
            }
          } else {
            field.append(c);
          }
        } else if (c == '"' && field.length() == 0 && !wasQuoted) {
          quoted = true;
          wasQuoted = true;
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
          wasQuoted = false;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
            pos++;
          }
          break;
        } else if (wasQuoted) {
          throw new MalformedRecordException("line " + line + ": text after a closing quote");
        } else {
          field.append(c);
        }
      }
      fields.add(field.toString());
      if (fields.size() == 1 && fields.get(0).isEmpty() && !wasQuoted) {
        continue; // blank line
      }
      if (fields.size() != 3) {
        throw new MalformedRecordException(
            "line " + line + " has " + fields.size() + " fields, not 3");
      }
      Row row = row(fields, line);
      if (rows.putIfAbsent(row.path(), row) != null) {
        throw new MalformedRecordException("line " + line + " lists a path a second time");
      }
    }
    return new RecordFile(rows);
  }

  private static Row row(List<String> fields, int line) throws MalformedRecordException {
    String path = fields.get(0);
    if (path.isEmpty()) {
      throw new MalformedRecordException("line " + line + " has an empty path");
    }
    String hash = fields.get(1);
    String algorithm = null;
    byte[] digest = null;
    if (!hash.isEmpty()) {
      int eq = hash.indexOf('=');
      if (eq <= 0) {
        throw new MalformedRecordException("line " + line + ": hash is not algorithm=digest");
      }
      algorithm = hash.substring(0, eq);
      if (!ALGORITHMS.contains(algorithm)) {
        throw new MalformedRecordException(
            "line " + line + ": hash algorithm must be sha256, sha384 or sha512");
      }
      String encoded = hash.substring(eq + 1);
      try {
        digest = Base64.getUrlDecoder().decode(encoded);
      } catch (IllegalArgumentException e) {
        throw new MalformedRecordException("line " + line + ": digest is not urlsafe base64");
      }
      int expected =
          switch (algorithm) {
            case "sha256" -> 32;
            case "sha384" -> 48;
            default -> 64;
          };
      if (digest.length != expected) {
        throw new MalformedRecordException(
            "line " + line + ": a " + algorithm + " digest has " + expected + " bytes");
      }
    }
    String sizeText = fields.get(2);
    long size = -1;
    if (!sizeText.isEmpty()) {
      if (sizeText.length() > 18 || !sizeText.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
        throw new MalformedRecordException("line " + line + ": size is not a decimal number");
      }
      size = Long.parseLong(sizeText);
    }
    return new Row(path, algorithm, digest, size);
  }

  /** A RECORD that cannot be parsed. */
  public static final class MalformedRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong
     */
    public MalformedRecordException(String message) {
      super(message);
    }
  }
}
