package dev.konflux.ecosystem.internal.registry;

/** The RFC 7230 bits that the WWW-Authenticate and Link parsers share. */
final class HeaderSyntax {
  private HeaderSyntax() {}

  /** Skips optional whitespace (SP / HTAB) from {@code i}; returns the next index. */
  static int skipSpace(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** RFC 7230 {@code tchar}. */
  static boolean isTchar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
