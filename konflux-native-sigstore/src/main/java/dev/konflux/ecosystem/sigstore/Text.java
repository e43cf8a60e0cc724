package dev.konflux.ecosystem.sigstore;

/** Bounds and escapes untrusted text before it goes into a one-line reason. */
final class Text {
  private Text() {}

  private static final int MAX = 120;

  static String quoted(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < s.length() && i < MAX; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\'' || c == '\\') {
        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > MAX) {
      b.append("…");
    }
    return b.append('\'').toString();
  }
}
