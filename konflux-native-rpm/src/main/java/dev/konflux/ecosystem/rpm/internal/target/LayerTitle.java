package dev.konflux.ecosystem.rpm.internal.target;

import dev.konflux.ecosystem.api.InvalidInputException;

/**
 * Checks the {@code org.opencontainers.image.title} of a layer: it must be a safe relative path
 * (no leading slash, no {@code .} or {@code ..} segment, no empty segment, no backslash, NUL or
 * control character), because it names a file we write.
 */
final class LayerTitle {
  private static final int MAX_LENGTH = 1024;
  private static final int MAX_SEGMENT = 255;

  private LayerTitle() {}

  /**
   * @param title the annotation value
   * @param what the artifact and layer, for messages
   * @return the title, checked
   * @throws InvalidInputException if it is not a safe relative path
   */
  static String checkRelativePath(String title, String what) throws InvalidInputException {
    if (title == null || title.isEmpty()) {
      throw new InvalidInputException(what + " has no org.opencontainers.image.title");
    }
    if (title.length() > MAX_LENGTH) {
      throw new InvalidInputException(what + " has a title longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < title.length(); i++) {
      char c = title.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        throw new InvalidInputException(what + " has a title with a control character or backslash: "
            + printable(title));
      }
    }
    if (title.startsWith("/")) {
      throw new InvalidInputException(what + " has an absolute title: " + printable(title));
    }
    for (String segment : title.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.length() > MAX_SEGMENT) {
        throw new InvalidInputException(what + " has an unsafe title path: " + printable(title));
      }
    }
    return title;
  }

  /**
   * @param title a checked title
   * @return its last segment
   */
  static String fileName(String title) {
    return title.substring(title.lastIndexOf('/') + 1);
  }

  static String printable(String s) {
    String cut = s.length() > 120 ? s.substring(0, 120) + "…" : s;
    StringBuilder b = new StringBuilder("'");
    for (char c : cut.toCharArray()) {
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.append('\'').toString();
  }
}
