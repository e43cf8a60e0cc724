package dev.konflux.ecosystem.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing the verification gate checked and what it concluded, as written into {@code
 * release.json}: which referrer, with which key or identity, pass or fail, and why.
 *
 * @param component the component name
 * @param subject the digest that was required to be signed (the component's root digest)
 * @param referrer the digest of the referrer manifest checked, or {@code null} for policy-level
 *     decisions (e.g. "no signature found", "verification skipped")
 * @param kind what was checked
 * @param signer the key fingerprint ({@code SHA256:…}) or certificate identity ({@code SAN … issuer
 *     …}) that verified or was tried, or {@code null}
 * @param passed whether the check passed
 * @param reason the precise reason, in words
 * @param predicateType the attestation's predicate type, or {@code null}
 * @param provenance the parsed SLSA provenance of a passing provenance attestation, or {@code null}
 * @param layer the digest of the referrer manifest's layer that held the signature, DSSE envelope
 *     or bundle this decision is about, or {@code null} for decisions about no single layer
 */
public record VerificationDecision(
    String component,
    Digest subject,
    @Nullable Digest referrer,
    Kind kind,
    @Nullable String signer,
    boolean passed,
    String reason,
    @Nullable String predicateType,
    @Nullable ProvenanceView provenance,
    @Nullable Digest layer) {

  /** What a decision is about. */
  public enum Kind {
    /** A cosign simple-signing signature. */
    SIGNATURE,
    /** A DSSE in-toto attestation. */
    ATTESTATION,
    /** A Sigstore bundle (message signature or DSSE). */
    BUNDLE,
    /** An SBOM attachment or referrer. */
    SBOM,
    /** A requirement of the policy as a whole (met, unmet, or skipped). */
    POLICY
  }

  /**
   * A decision about no single layer.
   *
   * @param component the component
   * @param subject the subject digest
   * @param referrer the referrer digest or {@code null}
   * @param kind the kind
   * @param signer key fingerprint or identity, or {@code null}
   * @param passed pass or fail
   * @param reason why
   * @param predicateType the predicate type or {@code null}
   * @param provenance the provenance or {@code null}
   */
  public VerificationDecision(
      String component,
      Digest subject,
      @Nullable Digest referrer,
      Kind kind,
      @Nullable String signer,
      boolean passed,
      String reason,
      @Nullable String predicateType,
      @Nullable ProvenanceView provenance) {
    this(
        component,
        subject,
        referrer,
        kind,
        signer,
        passed,
        reason,
        predicateType,
        provenance,
        null);
  }

  /**
   * @param layerDigest the layer that held what was checked
   * @return this decision naming that layer
   */
  public VerificationDecision withLayer(Digest layerDigest) {
    return new VerificationDecision(
        component,
        subject,
        referrer,
        kind,
        signer,
        passed,
        reason,
        predicateType,
        provenance,
        layerDigest);
  }

  /**
   * Validates.
   *
   * @param component the component name
   * @param subject the digest that was required to be signed (the component's root digest)
   * @param referrer the digest of the referrer manifest checked, or {@code null} for policy-level
   *     decisions (e.g. "no signature found", "verification skipped")
   * @param kind what was checked
   * @param signer the key fingerprint ({@code SHA256:…}) or certificate identity ({@code SAN …
   *     issuer …}) that verified or was tried, or {@code null}
   * @param passed whether the check passed
   * @param reason the precise reason, in words
   * @param predicateType the attestation's predicate type, or {@code null}
   * @param provenance the parsed SLSA provenance of a passing provenance attestation, or {@code
   *     null}
   * @param layer the digest of the referrer manifest's layer that held the signature, DSSE envelope
   *     or bundle this decision is about, or {@code null} for decisions about no single layer
   */
  public VerificationDecision {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * @param component the component
   * @param subject the subject digest
   * @param referrer the referrer digest or {@code null}
   * @param kind the kind
   * @param signer key fingerprint or identity, or {@code null}
   * @param passed pass or fail
   * @param reason why
   * @return a decision without predicate type and provenance
   */
  public static VerificationDecision of(
      String component,
      Digest subject,
      @Nullable Digest referrer,
      Kind kind,
      @Nullable String signer,
      boolean passed,
      String reason) {
    return new VerificationDecision(
        component, subject, referrer, kind, signer, passed, reason, null, null);
  }

  /**
   * @return a one-line description naming component, digests and reason
   */
  public String describe() {
    return (passed ? "PASS " : "FAIL ")
        + kind.name().toLowerCase(java.util.Locale.ROOT)
        + " of component "
        + component
        + ", manifest "
        + subject
        + (referrer == null ? "" : ", referrer " + referrer)
        + (layer == null ? "" : ", layer " + layer)
        + (signer == null ? "" : ", " + signer)
        + ": "
        + reason;
  }
}
