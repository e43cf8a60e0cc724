package dev.konflux.ecosystem.internal.registry;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.internal.json.ManifestParser;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme such as {@code Basic} or
 * {@code Bearer} and its parameters ({@code realm}, {@code service}, {@code scope}). The header
 * comes from the registry, so it is untrusted: anything malformed ends in {@link
 * InvalidInputException}.
 *
 * @param scheme the scheme, lower case
 * @param parameters the auth parameters, names lower case
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {

  private static final int MAX_HEADER = 8192;

  AuthChallenge {
    parameters = Map.copyOf(parameters);
  }

  /**
   * @return whether this is a Bearer (token) challenge
   */
  boolean isBearer() {
    return "bearer".equals(scheme);
  }

  /**
   * @return whether this is a Basic challenge
   */
  boolean isBasic() {
    return "basic".equals(scheme);
  }

  /**
   * @param name a parameter name
   * @return its value
   */
  Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  /**
   * Parses the first challenge of a header value. Registries send exactly one; if a header holds
   * several, the parameters up to the next scheme are taken.
   *
   * @param header the header value
   * @return the challenge
   * @throws InvalidInputException if the value is not a challenge
   */
  static AuthChallenge parse(String header) throws InvalidInputException {
    if (header == null || header.isBlank()) {
      throw new InvalidInputException("empty WWW-Authenticate header");
    }
    if (header.length() > MAX_HEADER) {
      throw new InvalidInputException(
          "WWW-Authenticate header longer than " + MAX_HEADER + " characters");
    }
    int i = HeaderSyntax.skipSpace(header, 0);
    int start = i;
    while (i < header.length() && isTokenChar(header.charAt(i))) {
      i++;
    }
    if (i == start) {
      throw malformed(header, "no auth scheme");
    }
    String scheme = header.substring(start, i).toLowerCase(Locale.ROOT);
    Map<String, String> params = new LinkedHashMap<>();
    i = HeaderSyntax.skipSpace(header, i);
    while (i < header.length()) {
      int nameStart = i;
      while (i < header.length() && isTokenChar(header.charAt(i))) {
        i++;
      }
      if (i == nameStart) {
        throw malformed(header, "expected a parameter name at offset " + i);
      }
      String name = header.substring(nameStart, i).toLowerCase(Locale.ROOT);
      i = HeaderSyntax.skipSpace(header, i);
      if (i >= header.length() || header.charAt(i) != '=') {
        if (params.isEmpty()) {
          // A token68 credential form ("Negotiate abc=="), or a second scheme: no parameters here.
          break;
        }
        // The next challenge's scheme begins: stop at it.
        break;
      }
      i = HeaderSyntax.skipSpace(header, i + 1);
      String value;
      if (i < header.length() && header.charAt(i) == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < header.length()) {
          char c = header.charAt(i++);
          if (c == '\\') {
            if (i >= header.length()) {
              throw malformed(header, "dangling escape");
            }
            sb.append(header.charAt(i++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            sb.append(c);
          }
        }
        if (!closed) {
          throw malformed(header, "unterminated quoted string");
        }
        value = sb.toString();
      } else {
        int valueStart = i;
        while (i < header.length() && isTokenChar(header.charAt(i))) {
          i++;
        }
        if (i == valueStart) {
          throw malformed(header, "parameter " + name + " has no value");
        }
        value = header.substring(valueStart, i);
      }
      if (params.putIfAbsent(name, value) != null) {
        throw malformed(header, "parameter " + name + " appears twice");
      }
      i = HeaderSyntax.skipSpace(header, i);
      if (i < header.length()) {
        if (header.charAt(i) != ',') {
          throw malformed(header, "expected ',' at offset " + i);
        }
        i = HeaderSyntax.skipSpace(header, i + 1);
      }
    }
    return new AuthChallenge(scheme, params);
  }

  private static InvalidInputException malformed(String header, String why) {
    return new InvalidInputException(
        "malformed WWW-Authenticate header '" + ManifestParser.printable(header) + "': " + why);
  }

  // RFC 7230 tchar, plus '/' which token68 and some registries' unquoted values use.
  private static boolean isTokenChar(char c) {
    return HeaderSyntax.isTchar(c) || c == '/' || c == ':';
  }
}
