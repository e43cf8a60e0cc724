package dev.konflux.ecosystem.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An artifact after the release gate, as targets receive it: the artifact, every decision the gate
 * took for its component, the evidence that passed (kept apart from referrers nobody verified), and
 * its SBOMs as the core's SBOM finder found them.
 *
 * @param artifact the artifact
 * @param decisions every decision of the gate for the artifact's component (passed and failed)
 * @param evidence the signatures, attestations and bundles that verified, for the root digest
 * @param unverifiedReferrers referrers nobody verified: the artifact's own referrers when it is a
 *     child of an index (the gate verifies the root), and root referrers that did not pass
 * @param sboms the artifact's SBOMs, with origin and whether verified evidence covers them
 */
public record VerifiedArtifact(
    ComponentArtifact artifact,
    List<VerificationDecision> decisions,
    List<Evidence> evidence,
    List<Referrer> unverifiedReferrers,
    List<SbomDocument> sboms) {

  /**
   * Validates and copies.
   *
   * @param artifact the artifact
   * @param decisions every decision of the gate for the artifact's component (passed and failed)
   * @param evidence the signatures, attestations and bundles that verified, for the root digest
   * @param unverifiedReferrers referrers nobody verified: the artifact's own referrers when it is a
   *     child of an index (the gate verifies the root), and root referrers that did not pass
   * @param sboms the artifact's SBOMs, with origin and whether verified evidence covers them
   */
  public VerifiedArtifact {
    Objects.requireNonNull(artifact, "artifact");
    decisions = List.copyOf(decisions);
    evidence = List.copyOf(evidence);
    unverifiedReferrers = List.copyOf(unverifiedReferrers);
    sboms = List.copyOf(sboms);
  }

  /**
   * An artifact nothing verified (a release with verification skipped, where the decisions say so;
   * tests of targets): no evidence, every referrer unverified, its SBOMs as the core's SBOM finder
   * finds them in its referrers.
   *
   * @param artifact the artifact
   * @param decisions the decisions
   * @return the artifact with no evidence
   */
  public static VerifiedArtifact unverified(
      ComponentArtifact artifact, List<VerificationDecision> decisions) {
    return new VerifiedArtifact(
        artifact,
        decisions,
        List.of(),
        artifact.referrers(),
        dev.konflux.ecosystem.internal.sbom.SbomFinder.find(artifact, List.of()));
  }

  /**
   * @return the component name
   */
  public String component() {
    return artifact.component();
  }

  /**
   * @return the first verified SLSA provenance, if any
   */
  public Optional<ProvenanceView> provenance() {
    return evidence.stream().map(Evidence::provenance).filter(Objects::nonNull).findFirst();
  }

  /**
   * @param predicateType an in-toto predicate type
   * @return the verified attestations (and DSSE bundles) of that predicate type
   */
  public List<Evidence> evidence(String predicateType) {
    return evidence.stream().filter(e -> predicateType.equals(e.predicateType())).toList();
  }
}
