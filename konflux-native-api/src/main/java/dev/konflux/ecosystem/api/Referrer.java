package dev.konflux.ecosystem.api;

import java.util.Objects;

/**
 * Supply-chain metadata that hangs off an artifact: a signature, an attestation, an SBOM or a
 * Sigstore bundle, with the manifest that carries it and where it was found.
 *
 * @param kind what the referrer carries
 * @param discovery where it was found
 * @param subject the digest of the artifact it refers to
 * @param manifest the referrer's own manifest (its layers carry the payload)
 */
public record Referrer(Kind kind, Discovery discovery, Digest subject, Manifest manifest) {

  /** What a referrer carries. */
  public enum Kind {
    /** A cosign simple-signing signature ({@code .sig} tag or equivalent referrer). */
    COSIGN_SIGNATURE,
    /** DSSE attestations ({@code .att} tag or equivalent referrer). */
    COSIGN_ATTESTATION,
    /** An SBOM attached with cosign ({@code .sbom} tag). */
    COSIGN_SBOM,
    /** A Sigstore bundle referrer (cosign v3, Tekton Chains sigstore-bundle mode). */
    SIGSTORE_BUNDLE,
    /** An SBOM artifact referrer. */
    SBOM,
    /** Anything else. */
    OTHER
  }

  /** Where a referrer was found; the same manifest found twice is reported once. */
  public enum Discovery {
    /** The registry's {@code /v2/<name>/referrers/<digest>} API. */
    REFERRERS_API,
    /** The OCI 1.1 fallback tag {@code sha256-<hex>} holding an index of referrers. */
    TAG_SCHEMA,
    /** A cosign tag {@code sha256-<hex>.sig|.att|.sbom}. */
    COSIGN_TAG,
    /** A manifest with a matching {@code subject} listed in an OCI layout's index. */
    LAYOUT_INDEX
  }

  /**
   * Validates.
   *
   * @param kind what the referrer carries
   * @param discovery where it was found
   * @param subject the digest of the artifact it refers to
   * @param manifest the referrer's own manifest (its layers carry the payload)
   */
  public Referrer {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(discovery, "discovery");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(manifest, "manifest");
  }

  /**
   * Classifies a referrer manifest by its artifact type and layer media types.
   *
   * @param manifest the referrer manifest
   * @return its kind (never {@link Kind#COSIGN_SBOM}, which only the {@code .sbom} tag implies)
   */
  public static Kind classify(Manifest manifest) {
    String type = manifest.effectiveArtifactType();
    if (MediaTypes.SIGSTORE_BUNDLE_V03.equals(type)
        || manifest.layers().stream()
            .anyMatch(l -> l.mediaType().startsWith("application/vnd.dev.sigstore.bundle"))) {
      return Kind.SIGSTORE_BUNDLE;
    }
    if (!manifest.layers().isEmpty()
        && manifest.layers().stream()
            .allMatch(l -> MediaTypes.COSIGN_SIMPLE_SIGNING.equals(l.mediaType()))) {
      return Kind.COSIGN_SIGNATURE;
    }
    if (!manifest.layers().isEmpty()
        && manifest.layers().stream()
            .allMatch(l -> MediaTypes.DSSE_ENVELOPE.equals(l.mediaType()))) {
      return Kind.COSIGN_ATTESTATION;
    }
    if (dev.konflux.ecosystem.internal.sbom.SbomFinder.isSbomManifest(manifest)) {
      return Kind.SBOM;
    }
    return Kind.OTHER;
  }
}
