package dev.konflux.ecosystem.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A reference into an OCI image layout on disk: {@code oci-layout:DIR[:tag|@digest]}. A path ending
 * in {@code .tar} is a layout archived in a tar file, read in place.
 *
 * @param path the layout directory or {@code .tar} file
 * @param tagName the {@code org.opencontainers.image.ref.name} to select, or {@code null}
 * @param digestValue the manifest digest to select, or {@code null}
 */
public record LayoutReference(Path path, @Nullable String tagName, @Nullable Digest digestValue)
    implements ArtifactReference {

  private static final Pattern TAG = Pattern.compile("^[\\w][\\w.-]{0,127}$");

  /**
   * Validates.
   *
   * @param path the layout directory or {@code .tar} file
   * @param tagName the {@code org.opencontainers.image.ref.name} to select, or {@code null}
   * @param digestValue the manifest digest to select, or {@code null}
   */
  public LayoutReference {
    Objects.requireNonNull(path, "path");
    if (tagName != null && !TAG.matcher(tagName).matches()) {
      throw new IllegalArgumentException("invalid tag " + Digest.printable(tagName));
    }
  }

  /**
   * Parses {@code oci-layout:DIR[:tag|@digest]}.
   *
   * @param text the reference
   * @return the parsed reference
   * @throws InvalidInputException if it is malformed
   */
  public static LayoutReference parse(String text) throws InvalidInputException {
    String prefix = SCHEME_OCI_LAYOUT + ":";
    if (!text.startsWith(prefix)) {
      throw new InvalidInputException("not an oci-layout reference: " + Digest.printable(text));
    }
    String rest = text.substring(prefix.length());
    Digest digest = null;
    String tag = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      digest = Digest.parse(rest.substring(at + 1));
      rest = rest.substring(0, at);
    } else {
      // A tag follows the last ':' after the last path separator.
      int colon = rest.lastIndexOf(':');
      int slash = rest.lastIndexOf('/');
      if (colon > slash && colon > 0) {
        tag = rest.substring(colon + 1);
        rest = rest.substring(0, colon);
      }
    }
    if (rest.isEmpty()) {
      throw new InvalidInputException(
          "oci-layout reference has no path: " + Digest.printable(text));
    }
    try {
      return new LayoutReference(Path.of(rest), tag, digest);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "invalid oci-layout reference " + Digest.printable(text) + ": " + e.getMessage());
    }
  }

  /**
   * @return whether the layout is a tar archive rather than a directory
   */
  public boolean isArchive() {
    return path.getFileName() != null && path.getFileName().toString().endsWith(".tar");
  }

  @Override
  public String scheme() {
    return SCHEME_OCI_LAYOUT;
  }

  @Override
  public Optional<String> tag() {
    return Optional.ofNullable(tagName);
  }

  @Override
  public Optional<Digest> digest() {
    return Optional.ofNullable(digestValue);
  }

  @Override
  public LayoutReference withDigest(Digest digest) {
    return new LayoutReference(path, tagName, digest);
  }

  @Override
  public String toString() {
    return SCHEME_OCI_LAYOUT
        + ":"
        + path
        + (tagName != null ? ":" + tagName : "")
        + (digestValue != null ? "@" + digestValue : "");
  }
}
