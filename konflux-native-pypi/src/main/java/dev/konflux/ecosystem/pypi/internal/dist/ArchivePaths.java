package dev.konflux.ecosystem.pypi.internal.dist;

import dev.konflux.ecosystem.pypi.DistributionRule;
import dev.konflux.ecosystem.pypi.InvalidDistributionException;
import dev.konflux.ecosystem.spi.UntrustedText;

/**
 * Checks archive member names: pip and tar extract them under a directory, so anything that could
 * leave it (absolute paths, {@code ..}, drive letters, backslashes that Windows treats as
 * separators) or that file systems cannot hold (control characters, colons) is refused.
 */
final class ArchivePaths {
  private ArchivePaths() {}

  static final int MAX_LENGTH = 4096;

  /**
   * @param dist the distribution's file name, for the message
   * @param name the member name; a trailing {@code /} marks a directory
   * @return the name without a trailing {@code /}
   */
  static String check(String dist, String name) throws InvalidDistributionException {
    if (name == null || name.isEmpty() || name.equals("/")) {
      throw bad(dist, name, "empty member name");
    }
    if (name.length() > MAX_LENGTH) {
      throw bad(dist, name, "member name longer than " + MAX_LENGTH);
    }
    String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    if (path.startsWith("/")) {
      throw bad(dist, name, "absolute path");
    }
    if (path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0))) {
      throw bad(dist, name, "drive letter");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\') {
        throw bad(dist, name, "backslash in a member name");
      }
      if (c < 0x20 || c == 0x7f || c == ':') {
        throw bad(dist, name, "control character or colon in a member name");
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw bad(dist, name, "empty, '.' or '..' path segment");
      }
    }
    return path;
  }

  private static InvalidDistributionException bad(String dist, String name, String why) {
    return new InvalidDistributionException(
        dist, DistributionRule.PATH, why + ": " + UntrustedText.quoted(name));
  }
}
