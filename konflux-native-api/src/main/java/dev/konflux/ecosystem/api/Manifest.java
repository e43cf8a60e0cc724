package dev.konflux.ecosystem.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A parsed OCI image manifest, identified by the digest of its exact bytes.
 *
 * @param digest the digest of the manifest's bytes, the thing signatures sign
 * @param size the manifest's size in bytes
 * @param mediaType the manifest media type
 * @param artifactType the declared artifact type, or {@code null}
 * @param config the config descriptor
 * @param layers the layers, in order
 * @param subject the subject this manifest refers to (for referrers), or {@code null}
 * @param annotations manifest annotations (never {@code null})
 */
public record Manifest(
    Digest digest,
    long size,
    String mediaType,
    @Nullable String artifactType,
    Descriptor config,
    List<Descriptor> layers,
    @Nullable Descriptor subject,
    Map<String, String> annotations)
    implements ManifestOrIndex {

  /**
   * Validates and copies.
   *
   * @param digest the digest of the manifest's bytes, the thing signatures sign
   * @param size the manifest's size in bytes
   * @param mediaType the manifest media type
   * @param artifactType the declared artifact type, or {@code null}
   * @param config the config descriptor
   * @param layers the layers, in order
   * @param subject the subject this manifest refers to (for referrers), or {@code null}
   * @param annotations manifest annotations (never {@code null})
   */
  public Manifest {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(mediaType, "mediaType");
    layers = layers == null ? List.of() : List.copyOf(layers);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /**
   * The artifact type as OCI 1.1 defines it: {@code artifactType} when set, else the config's media
   * type.
   *
   * @return the effective artifact type
   */
  public String effectiveArtifactType() {
    return artifactType != null && !artifactType.isEmpty() ? artifactType : config.mediaType();
  }

  /**
   * @return the subject, if this manifest is a referrer
   */
  public Optional<Descriptor> subjectDescriptor() {
    return Optional.ofNullable(subject);
  }

  /**
   * @return a descriptor that points at this manifest
   */
  @Override
  public Descriptor descriptor() {
    return new Descriptor(mediaType, digest, size, artifactType, annotations);
  }
}
