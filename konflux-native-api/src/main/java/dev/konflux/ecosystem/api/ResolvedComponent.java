package dev.konflux.ecosystem.api;

import java.util.List;
import java.util.Objects;

/**
 * A component as resolved from its reference: the root manifest or index (what producers sign), the
 * referrers of that root, and one {@link ComponentArtifact} per manifest to translate.
 *
 * @param component the component name
 * @param reference the reference it was resolved from, pinned to the root digest
 * @param root the manifest or index the reference resolved to
 * @param rootReferrers the referrers of the root digest
 * @param artifacts the manifests to translate (the root itself, or every child of an index)
 */
public record ResolvedComponent(
    String component,
    ArtifactReference reference,
    ManifestOrIndex root,
    List<Referrer> rootReferrers,
    List<ComponentArtifact> artifacts) {

  /**
   * Validates and copies.
   *
   * @param component the component name
   * @param reference the reference it was resolved from, pinned to the root digest
   * @param root the manifest or index the reference resolved to
   * @param rootReferrers the referrers of the root digest
   * @param artifacts the manifests to translate (the root itself, or every child of an index)
   */
  public ResolvedComponent {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(root, "root");
    rootReferrers = rootReferrers == null ? List.of() : List.copyOf(rootReferrers);
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }
}
