package dev.konflux.ecosystem.internal.registry;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.internal.json.ManifestParser;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code rel="next"} target of an RFC 8288 {@code Link} header, which the referrers and
 * tag list APIs use for pagination: {@code </v2/ns/repo/referrers/sha256:…?n=2&last=x>;
 * rel="next"}. The header is untrusted: malformed values end in {@link InvalidInputException}.
 */
final class LinkHeader {
  private LinkHeader() {}

  private static final int MAX_HEADER = 8192;

  /**
   * @param header the Link header value, or null
   * @param base the URI of the request that returned it (relative targets resolve against it)
   * @return the next page's URI, if the header names one
   * @throws InvalidInputException if the header is malformed or the target is not an http(s) URI on
   *     the same host as {@code base}
   */
  static Optional<URI> next(@Nullable String header, URI base) throws InvalidInputException {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    if (header.length() > MAX_HEADER) {
      throw new InvalidInputException("Link header longer than " + MAX_HEADER + " characters");
    }
    int i = 0;
    while (i < header.length()) {
      i = HeaderSyntax.skipSpace(header, i);
      if (i >= header.length()) {
        break;
      }
      if (header.charAt(i) != '<') {
        throw malformed(header, "expected '<' at offset " + i);
      }
      int close = header.indexOf('>', i + 1);
      if (close < 0) {
        throw malformed(header, "unterminated '<'");
      }
      String target = header.substring(i + 1, close);
      i = close + 1;
      boolean next = false;
      // Parameters: ; name=value | ; name="value"
      while (true) {
        i = HeaderSyntax.skipSpace(header, i);
        if (i >= header.length() || header.charAt(i) == ',') {
          i++;
          break;
        }
        if (header.charAt(i) != ';') {
          throw malformed(header, "expected ';' or ',' at offset " + i);
        }
        i = HeaderSyntax.skipSpace(header, i + 1);
        int nameStart = i;
        while (i < header.length() && HeaderSyntax.isTchar(header.charAt(i))) {
          i++;
        }
        if (i == nameStart) {
          throw malformed(header, "expected a parameter name at offset " + i);
        }
        String name = header.substring(nameStart, i).toLowerCase(Locale.ROOT);
        i = HeaderSyntax.skipSpace(header, i);
        String value = "";
        if (i < header.length() && header.charAt(i) == '=') {
          i = HeaderSyntax.skipSpace(header, i + 1);
          if (i < header.length() && header.charAt(i) == '"') {
            int end = header.indexOf('"', i + 1);
            if (end < 0) {
              throw malformed(header, "unterminated quoted string");
            }
            value = header.substring(i + 1, end);
            i = end + 1;
          } else {
            int valueStart = i;
            while (i < header.length() && HeaderSyntax.isTchar(header.charAt(i))) {
              i++;
            }
            value = header.substring(valueStart, i);
          }
        }
        if (name.equals("rel")) {
          for (String rel : value.trim().split("\\s+", -1)) {
            if (rel.equalsIgnoreCase("next")) {
              next = true;
            }
          }
        }
      }
      if (next) {
        return Optional.of(resolve(header, base, target));
      }
    }
    return Optional.empty();
  }

  private static URI resolve(String header, URI base, String target) throws InvalidInputException {
    URI uri;
    try {
      uri = base.resolve(new URI(target.trim()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw malformed(header, "next target is not a URI");
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || !scheme.equals(base.getScheme())
        || uri.getRawAuthority() == null
        || !uri.getRawAuthority().equalsIgnoreCase(base.getRawAuthority())) {
      // Following a page link to another host would send our credentials there.
      throw malformed(header, "next target leaves " + base.getRawAuthority());
    }
    return uri;
  }

  private static InvalidInputException malformed(String header, String why) {
    return new InvalidInputException(
        "malformed Link header '" + ManifestParser.printable(header) + "': " + why);
  }
}
