package dev.konflux.ecosystem.serve.internal;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One byte range of a {@code Range: bytes=…} header (RFC 9110 §14.1.2), resolved against a file
 * length. Only a single range is served; a header naming several is ignored (the whole file is
 * sent, which RFC 9110 allows). Hand-written: the JDK has no parser and it is a dozen lines.
 *
 * @param first the first byte, inclusive
 * @param last the last byte, inclusive
 */
public record ByteRange(long first, long last) {

  /** What a Range header asks for. */
  public enum Kind {
    /** no usable Range header: send the whole file */
    WHOLE,
    /** one satisfiable range: 206 */
    PARTIAL,
    /** a syntactically valid range beyond the file: 416 */
    UNSATISFIABLE
  }

  /**
   * @param kind what to send
   * @param range the range when {@code kind} is {@link Kind#PARTIAL}
   */
  public record Request(Kind kind, Optional<ByteRange> range) {}

  /**
   * @return the number of bytes in the range
   */
  public long length() {
    return last - first + 1;
  }

  /**
   * @param header the Range header value, or {@code null}
   * @param size the file's length
   * @return what to send
   */
  public static Request parse(@Nullable String header, long size) {
    Request whole = new Request(Kind.WHOLE, Optional.empty());
    if (header == null) {
      return whole;
    }
    String h = header.trim();
    if (!h.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
      return whole;
    }
    String spec = h.substring("bytes=".length()).trim();
    if (spec.contains(",") || spec.length() > 40) {
      return whole;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return whole;
    }
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    try {
      if (a.isEmpty()) {
        if (b.isEmpty() || !digits(b)) {
          return whole;
        }
        long suffix = Long.parseLong(b);
        if (suffix == 0 || size == 0) {
          return new Request(Kind.UNSATISFIABLE, Optional.empty());
        }
        long first = Math.max(0, size - suffix);
        return new Request(Kind.PARTIAL, Optional.of(new ByteRange(first, size - 1)));
      }
      if (!digits(a) || (!b.isEmpty() && !digits(b))) {
        return whole;
      }
      long first = Long.parseLong(a);
      if (!b.isEmpty() && Long.parseLong(b) < first) {
        return whole; // invalid syntax: ignore the header
      }
      long last = b.isEmpty() ? size - 1 : Long.parseLong(b);
      if (first >= size) {
        return new Request(Kind.UNSATISFIABLE, Optional.empty());
      }
      return new Request(Kind.PARTIAL, Optional.of(new ByteRange(first, Math.min(last, size - 1))));
    } catch (NumberFormatException e) {
      return whole; // more digits than a long: not a range we can honour
    }
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }
}
