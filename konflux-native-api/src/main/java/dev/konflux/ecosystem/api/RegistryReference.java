package dev.konflux.ecosystem.api;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A reference into an OCI registry: {@code host[:port]/repository[:tag][@digest]}. The host is
 * always explicit (no implicit Docker Hub), as in Konflux snapshots.
 *
 * @param registry host, optionally with {@code :port}
 * @param repository the repository path, lower case components separated by {@code /}
 * @param tagName the tag, or {@code null}
 * @param digestValue the digest, or {@code null}; at least one of tag and digest is set
 */
public record RegistryReference(
    String registry, String repository, @Nullable String tagName, @Nullable Digest digestValue)
    implements ArtifactReference {

  // From the distribution reference grammar.
  private static final Pattern HOST =
      Pattern.compile(
          "^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
              + "|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?$");
  private static final Pattern REPOSITORY =
      Pattern.compile(
          "^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$");
  private static final Pattern TAG = Pattern.compile("^[\\w][\\w.-]{0,127}$");

  /**
   * Validates every part.
   *
   * @param registry host, optionally with {@code :port}
   * @param repository the repository path, lower case components separated by {@code /}
   * @param tagName the tag, or {@code null}
   * @param digestValue the digest, or {@code null}; at least one of tag and digest is set
   */
  public RegistryReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (!HOST.matcher(registry).matches()) {
      throw new IllegalArgumentException("invalid registry host " + Digest.printable(registry));
    }
    if (repository.length() > 255 || !REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException("invalid repository name " + Digest.printable(repository));
    }
    if (tagName != null && !TAG.matcher(tagName).matches()) {
      throw new IllegalArgumentException("invalid tag " + Digest.printable(tagName));
    }
    if (tagName == null && digestValue == null) {
      throw new IllegalArgumentException("reference needs a tag or a digest");
    }
  }

  /**
   * Parses {@code host[:port]/repository[:tag][@digest]}.
   *
   * @param text the reference
   * @return the parsed reference
   * @throws InvalidInputException if it is malformed
   */
  public static RegistryReference parse(String text) throws InvalidInputException {
    try {
      String rest = text;
      Digest digest = null;
      int at = rest.indexOf('@');
      if (at >= 0) {
        digest = Digest.parse(rest.substring(at + 1));
        rest = rest.substring(0, at);
      }
      int slash = rest.indexOf('/');
      if (slash <= 0) {
        throw new InvalidInputException(
            "registry reference needs host/repository: " + Digest.printable(text));
      }
      String host = rest.substring(0, slash);
      String path = rest.substring(slash + 1);
      String tag = null;
      int colon = path.lastIndexOf(':');
      if (colon >= 0) {
        tag = path.substring(colon + 1);
        path = path.substring(0, colon);
      }
      if (tag == null && digest == null) {
        tag = "latest";
      }
      return new RegistryReference(host, path, tag, digest);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "invalid registry reference " + Digest.printable(text) + ": " + e.getMessage());
    }
  }

  @Override
  public String scheme() {
    return SCHEME_REGISTRY;
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
  public RegistryReference withDigest(Digest digest) {
    return new RegistryReference(registry, repository, tagName, digest);
  }

  /**
   * @param tag a tag
   * @return a reference to that tag in the same repository
   */
  public RegistryReference withTag(String tag) {
    return new RegistryReference(registry, repository, tag, null);
  }

  /**
   * @return what the registry's manifest endpoint takes: the digest if pinned, else the tag
   */
  public String manifestReference() {
    return digestValue != null
        ? digestValue.toString()
        : java.util.Objects.requireNonNull(tagName, "tag or digest");
  }

  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + (tagName != null ? ":" + tagName : "")
        + (digestValue != null ? "@" + digestValue : "");
  }
}
