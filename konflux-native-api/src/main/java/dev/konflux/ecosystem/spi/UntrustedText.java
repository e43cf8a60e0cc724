package dev.konflux.ecosystem.spi;

import org.jspecify.annotations.Nullable;

/**
 * Makes untrusted text (names, tags, titles, values from manifests or packages) safe to put into an
 * exception message or log line: at most 120 characters, control characters replaced, so a crafted
 * input can neither flood a log nor forge lines in it.
 */
public final class UntrustedText {
  private UntrustedText() {}

  /** Longest excerpt kept, in characters. */
  public static final int MAX_LENGTH = 120;

  /**
   * @param text untrusted text, may be {@code null}
   * @return the bounded text with control characters replaced by {@code ?}
   */
  public static String printable(String text) {
    if (text == null) {
      return "null";
    }
    String cut = text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "…" : text;
    StringBuilder sb = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return sb.toString();
  }

  /**
   * @param text untrusted text, may be {@code null}
   * @return {@link #printable} in single quotes
   */
  public static String quoted(@Nullable String text) {
    return text == null ? "null" : "'" + printable(text) + "'";
  }
}
