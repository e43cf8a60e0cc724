package dev.konflux.ecosystem.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the verification gate requires of a component before it is translated.
 *
 * <p>A requirement is met by referrers of the component's root digest that verify with one of
 * {@link #publicKeys()} (cosign signatures, DSSE attestations, public-key Sigstore bundles) or,
 * keylessly against {@link #trustedRoot()}, with a certificate matching one of {@link
 * #identities()}. The default, {@code VerificationPolicy.builder().build()}, requires one valid
 * signature, so a caller who names no key and no identity gets a failure, not a silent pass; {@link
 * #insecureSkipVerify()} is the explicit, recorded opt-out.
 *
 * @param publicKeys keys any of which may sign
 * @param identities keyless identities any of which may sign
 * @param trustedRoot a Sigstore {@code trusted_root.json} for keyless bundles, or {@code null}
 * @param useTuf whether keyless verification may fetch the trusted root via TUF (network)
 * @param requireSignature whether at least one valid signature is required
 * @param requiredPredicateTypes predicate types of which a valid attestation is required
 * @param requireSbom whether an SBOM referrer (or {@code .sbom} attachment) is required
 * @param dockerReference if set, the required signature must be a cosign signature naming this
 *     {@code critical.identity.docker-reference} (Sigstore bundles sign the digest only and cannot)
 * @param perArtifactType policies that replace this one for components of one artifact type
 * @param insecureSkipVerify whether verification is skipped entirely (written to the release
 *     record)
 */
public record VerificationPolicy(
    List<CosignPublicKey> publicKeys,
    List<CertificateIdentity> identities,
    @Nullable Path trustedRoot,
    boolean useTuf,
    boolean requireSignature,
    Set<String> requiredPredicateTypes,
    boolean requireSbom,
    @Nullable String dockerReference,
    Map<String, VerificationPolicy> perArtifactType,
    boolean insecureSkipVerify) {

  /**
   * Validates and copies.
   *
   * @param publicKeys keys any of which may sign
   * @param identities keyless identities any of which may sign
   * @param trustedRoot a Sigstore {@code trusted_root.json} for keyless bundles, or {@code null}
   * @param useTuf whether keyless verification may fetch the trusted root via TUF (network)
   * @param requireSignature whether at least one valid signature is required
   * @param requiredPredicateTypes predicate types of which a valid attestation is required
   * @param requireSbom whether an SBOM referrer (or {@code .sbom} attachment) is required
   * @param dockerReference if set, the required signature must be a cosign signature naming this
   *     {@code critical.identity.docker-reference} (Sigstore bundles sign the digest only and
   *     cannot)
   * @param perArtifactType policies that replace this one for components of one artifact type
   * @param insecureSkipVerify whether verification is skipped entirely (written to the release
   *     record)
   */
  public VerificationPolicy {
    publicKeys = publicKeys == null ? List.of() : List.copyOf(publicKeys);
    identities = identities == null ? List.of() : List.copyOf(identities);
    requiredPredicateTypes =
        requiredPredicateTypes == null
            ? Set.of()
            : java.util.Collections.unmodifiableSet(new LinkedHashSet<>(requiredPredicateTypes));
    perArtifactType =
        perArtifactType == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perArtifactType));
    for (var e : perArtifactType.entrySet()) {
      if (!e.getValue().perArtifactType().isEmpty()) {
        throw new IllegalArgumentException(
            "policy override for " + e.getKey() + " must not nest overrides");
      }
    }
  }

  /**
   * @return a builder with the default: a valid signature required, nothing else
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the policy that verifies nothing and says so in the release record
   */
  public static VerificationPolicy skipVerification() {
    return builder().insecureSkipVerify(true).build();
  }

  /**
   * @return a builder holding this policy's values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.publicKeys.addAll(publicKeys);
    b.identities.addAll(identities);
    b.trustedRoot = trustedRoot;
    b.useTuf = useTuf;
    b.requireSignature = requireSignature;
    b.requiredPredicateTypes.addAll(requiredPredicateTypes);
    b.requireSbom = requireSbom;
    b.dockerReference = dockerReference;
    b.perArtifactType.putAll(perArtifactType);
    b.insecureSkipVerify = insecureSkipVerify;
    return b;
  }

  /**
   * @param artifactType a component's artifact type
   * @return the override for it, or this policy
   */
  public VerificationPolicy forArtifactType(String artifactType) {
    return artifactType == null ? this : perArtifactType.getOrDefault(artifactType, this);
  }

  /**
   * @return the trusted root, if one is set
   */
  public Optional<Path> trustedRootFile() {
    return Optional.ofNullable(trustedRoot);
  }

  /**
   * @return whether keyless bundles can be checked (a trusted root file or TUF)
   */
  public boolean keylessConfigured() {
    return !identities.isEmpty() && (trustedRoot != null || useTuf);
  }

  /** Builds a {@link VerificationPolicy}. */
  public static final class Builder {
    private final List<CosignPublicKey> publicKeys = new ArrayList<>();
    private final List<CertificateIdentity> identities = new ArrayList<>();
    private @Nullable Path trustedRoot;
    private boolean useTuf;
    private boolean requireSignature = true;
    private final Set<String> requiredPredicateTypes = new LinkedHashSet<>();
    private boolean requireSbom;
    private @Nullable String dockerReference;
    private final Map<String, VerificationPolicy> perArtifactType = new LinkedHashMap<>();
    private boolean insecureSkipVerify;

    private Builder() {}

    /**
     * @param key a key that may sign (repeatable)
     * @return this
     */
    public Builder addPublicKey(CosignPublicKey key) {
      publicKeys.add(Objects.requireNonNull(key, "key"));
      return this;
    }

    /**
     * @param identity a keyless identity that may sign (repeatable)
     * @return this
     */
    public Builder addIdentity(CertificateIdentity identity) {
      identities.add(Objects.requireNonNull(identity, "identity"));
      return this;
    }

    /**
     * @param file a Sigstore {@code trusted_root.json}, or {@code null}
     * @return this
     */
    public Builder trustedRoot(Path file) {
      this.trustedRoot = file;
      return this;
    }

    /**
     * @param useTuf whether keyless verification may fetch the public-good trusted root (network)
     * @return this
     */
    public Builder useTuf(boolean useTuf) {
      this.useTuf = useTuf;
      return this;
    }

    /**
     * @param required whether a valid signature is required (default {@code true})
     * @return this
     */
    public Builder requireSignature(boolean required) {
      this.requireSignature = required;
      return this;
    }

    /**
     * @param predicateType a predicate type of which a valid attestation is required (repeatable)
     * @return this
     */
    public Builder requirePredicateType(String predicateType) {
      requiredPredicateTypes.add(Objects.requireNonNull(predicateType, "predicateType"));
      return this;
    }

    /**
     * @param required whether an SBOM must be attached
     * @return this
     */
    public Builder requireSbom(boolean required) {
      this.requireSbom = required;
      return this;
    }

    /**
     * @param reference the docker reference signatures must name, or {@code null} for any
     * @return this
     */
    public Builder dockerReference(String reference) {
      this.dockerReference = reference;
      return this;
    }

    /**
     * @param artifactType an artifact type
     * @param policy the policy for components of that type
     * @return this
     */
    public Builder forArtifactType(String artifactType, VerificationPolicy policy) {
      perArtifactType.put(
          Objects.requireNonNull(artifactType, "artifactType"),
          Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * @param skip whether to skip verification entirely (recorded in release.json)
     * @return this
     */
    public Builder insecureSkipVerify(boolean skip) {
      this.insecureSkipVerify = skip;
      return this;
    }

    /**
     * @return the policy
     */
    public VerificationPolicy build() {
      return new VerificationPolicy(
          publicKeys,
          identities,
          trustedRoot,
          useTuf,
          requireSignature,
          requiredPredicateTypes,
          requireSbom,
          dockerReference,
          perArtifactType,
          insecureSkipVerify);
    }
  }
}
