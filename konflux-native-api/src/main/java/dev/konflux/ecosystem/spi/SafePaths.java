package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Checks file names that come from untrusted input (layer titles, archive entries) before they
 * become paths under an output directory.
 */
public final class SafePaths {
  private SafePaths() {}

  /** Longest accepted relative path, in characters. */
  public static final int MAX_LENGTH = 1024;

  /** Longest accepted path segment (a file name on common file systems). */
  public static final int MAX_SEGMENT = 255;

  /**
   * Accepts a relative path made of normal segments: no leading {@code /}, no {@code .} or {@code
   * ..} segments, no empty or over-long segments, no backslashes, no control characters, no colons
   * (drive letters, NTFS streams), nothing the default file system cannot name.
   *
   * @param path the untrusted path
   * @param what what it names, for the message ("title of layer sha256:… of component foo")
   * @return the same path, now known safe to resolve under a directory
   * @throws InvalidInputException if it is not safe
   */
  public static String relative(@Nullable String path, String what) throws InvalidInputException {
    if (path == null || path.isEmpty()) {
      throw new InvalidInputException(what + " is empty");
    }
    if (path.length() > MAX_LENGTH) {
      throw new InvalidInputException(what + " is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\' || c == ':') {
        throw new InvalidInputException(
            what + " contains a forbidden character: " + printable(path));
      }
    }
    if (path.startsWith("/")) {
      throw new InvalidInputException(what + " is an absolute path: " + printable(path));
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty()
          || segment.equals(".")
          || segment.equals("..")
          || segment.length() > MAX_SEGMENT) {
        throw new InvalidInputException(what + " is not a plain relative path: " + printable(path));
      }
    }
    try {
      // Text the file system cannot name (a lone surrogate; non-ASCII under a C locale) would
      // otherwise surface later as an unchecked InvalidPathException from Path.resolve.
      java.nio.file.Path unused = java.nio.file.Path.of(path);
    } catch (java.nio.file.InvalidPathException e) {
      throw new InvalidInputException(what + " cannot be a file name here: " + printable(path));
    }
    return path;
  }

  /**
   * @param layer a layer descriptor
   * @param what context for the message (component, manifest)
   * @return its safe {@code org.opencontainers.image.title}
   * @throws InvalidInputException if the title is missing or unsafe
   */
  public static String layerTitle(Descriptor layer, String what) throws InvalidInputException {
    String title =
        layer
            .title()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "layer "
                            + layer.digest()
                            + " of "
                            + what
                            + " has no org.opencontainers.image.title"));
    return relative(title, "title of layer " + layer.digest() + " of " + what);
  }

  private static String printable(String s) {
    return UntrustedText.quoted(s);
  }
}
