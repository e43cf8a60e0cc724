package dev.konflux.ecosystem.serve.internal;

/** Escapes text for HTML element content and attribute values. */
public final class Html {
  private Html() {}

  /**
   * @param s text
   * @return the text with {@code & < > " '} escaped
   */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
