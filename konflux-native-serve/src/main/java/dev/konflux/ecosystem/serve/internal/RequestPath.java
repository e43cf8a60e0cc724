package dev.konflux.ecosystem.serve.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A request path checked before it is used for anything: percent-decoded once, relative, with no
 * empty, {@code .} or {@code ..} segment, no encoded {@code /} or {@code \}, no control character
 * and not overlong. Hand-written because the JDK's {@code URI} decodes {@code %2F} into a separator
 * silently, which is exactly what must be refused.
 */
public final class RequestPath {
  /**
   * Longer raw paths are refused: no planned file comes near it and it bounds the work per request.
   */
  public static final int MAX_RAW_LENGTH = 1024;

  private RequestPath() {}

  /**
   * @param rawPath the raw (still percent-encoded) path of the request URI, starting with {@code /}
   * @return the decoded path without its leading {@code /} (empty for {@code /}); keeps a trailing
   *     {@code /}; empty if the path is not acceptable
   */
  public static Optional<String> parse(String rawPath) {
    if (rawPath == null
        || rawPath.isEmpty()
        || rawPath.charAt(0) != '/'
        || rawPath.length() > MAX_RAW_LENGTH) {
      return Optional.empty();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
    for (int i = 1; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == '%') {
        if (i + 2 >= rawPath.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(rawPath.charAt(i + 1), 16);
        int lo = Character.digit(rawPath.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        int b = hi * 16 + lo;
        // An encoded separator would name another path than the one the client's URL shows.
        if (b == '/' || b == '\\' || b < 0x20 || b == 0x7f) {
          return Optional.empty();
        }
        bytes.write(b);
        i += 2;
      } else if (c < 0x20 || c >= 0x7f || c == '\\' || c == '?' || c == '#') {
        return Optional.empty();
      } else {
        bytes.write(c);
      }
    }
    String path;
    try {
      path =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    if (path.isEmpty()) {
      return Optional.of(path);
    }
    String body = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    for (String segment : body.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return Optional.empty();
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (Character.isISOControl(c) || c == '\\') {
          return Optional.empty();
        }
      }
    }
    return Optional.of(path);
  }
}
