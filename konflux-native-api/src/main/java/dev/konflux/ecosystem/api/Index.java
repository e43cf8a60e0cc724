package dev.konflux.ecosystem.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A parsed OCI image index (or Docker manifest list).
 *
 * @param digest the digest of the index's bytes
 * @param size its size in bytes
 * @param mediaType its media type
 * @param artifactType the declared artifact type, or {@code null}
 * @param manifests the child descriptors
 * @param subject the subject, or {@code null}
 * @param annotations index annotations (never {@code null})
 */
public record Index(
    Digest digest,
    long size,
    String mediaType,
    @Nullable String artifactType,
    List<Descriptor> manifests,
    @Nullable Descriptor subject,
    Map<String, String> annotations)
    implements ManifestOrIndex {

  /**
   * Validates and copies.
   *
   * @param digest the digest of the index's bytes
   * @param size its size in bytes
   * @param mediaType its media type
   * @param artifactType the declared artifact type, or {@code null}
   * @param manifests the child descriptors
   * @param subject the subject, or {@code null}
   * @param annotations index annotations (never {@code null})
   */
  public Index {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(mediaType, "mediaType");
    manifests = manifests == null ? List.of() : List.copyOf(manifests);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /**
   * @return a descriptor that points at this index
   */
  @Override
  public Descriptor descriptor() {
    return new Descriptor(mediaType, digest, size, artifactType, annotations);
  }
}
