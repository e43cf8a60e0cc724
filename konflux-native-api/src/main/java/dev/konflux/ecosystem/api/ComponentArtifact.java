package dev.konflux.ecosystem.api;

import java.util.List;
import java.util.Objects;

/**
 * One resolved artifact manifest of a component, ready to be translated: the manifest, its layers,
 * and the referrers found for it.
 *
 * @param component the component name (from the snapshot, or derived from the reference)
 * @param reference where it was resolved from, pinned to {@code rootDigest}
 * @param rootDigest the digest the reference resolved to: this manifest's own digest, or the digest
 *     of the index it is a child of (the digest that producers sign)
 * @param manifest the manifest
 * @param referrers the referrers of this manifest (not of its index)
 */
public record ComponentArtifact(
    String component,
    ArtifactReference reference,
    Digest rootDigest,
    Manifest manifest,
    List<Referrer> referrers) {

  /**
   * Validates and copies.
   *
   * @param component the component name (from the snapshot, or derived from the reference)
   * @param reference where it was resolved from, pinned to {@code rootDigest}
   * @param rootDigest the digest the reference resolved to: this manifest's own digest, or the
   *     digest of the index it is a child of (the digest that producers sign)
   * @param manifest the manifest
   * @param referrers the referrers of this manifest (not of its index)
   */
  public ComponentArtifact {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(rootDigest, "rootDigest");
    Objects.requireNonNull(manifest, "manifest");
    referrers = referrers == null ? List.of() : List.copyOf(referrers);
  }

  /**
   * @return the manifest's effective artifact type
   */
  public String artifactType() {
    return manifest.effectiveArtifactType();
  }

  /**
   * @return the layers of the manifest
   */
  public List<Descriptor> layers() {
    return manifest.layers();
  }

  /**
   * @return "component (reference@digest)" for messages
   */
  public String describe() {
    return component + " (" + reference + ", manifest " + manifest.digest() + ")";
  }
}
