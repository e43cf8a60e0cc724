package dev.konflux.ecosystem.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An OCI content descriptor: what a blob is, its digest and its size.
 *
 * @param mediaType the blob's media type
 * @param digest the blob's digest
 * @param size the blob's size in bytes
 * @param artifactType the artifact type of the manifest it points to, or {@code null}
 * @param annotations its annotations (never {@code null})
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    @Nullable String artifactType,
    Map<String, String> annotations) {

  /**
   * Validates and copies.
   *
   * @param mediaType the blob's media type
   * @param digest the blob's digest
   * @param size the blob's size in bytes
   * @param artifactType the artifact type of the manifest it points to, or {@code null}
   * @param annotations its annotations (never {@code null})
   */
  public Descriptor {
    Objects.requireNonNull(digest, "digest");
    if (mediaType == null || mediaType.isEmpty()) {
      throw new IllegalArgumentException("descriptor of " + digest + " has no mediaType");
    }
    if (size < 0) {
      throw new IllegalArgumentException("descriptor of " + digest + " has negative size " + size);
    }
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /**
   * @param mediaType the media type
   * @param digest the digest
   * @param size the size
   * @return a descriptor without artifact type and annotations
   */
  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, Map.of());
  }

  /**
   * @return the {@code org.opencontainers.image.title} annotation, if present
   */
  public Optional<String> title() {
    return Optional.ofNullable(annotations.get(MediaTypes.ANNOTATION_TITLE));
  }

  /**
   * @param key an annotation key
   * @return its value, if present
   */
  public Optional<String> annotation(String key) {
    return Optional.ofNullable(annotations.get(key));
  }
}
