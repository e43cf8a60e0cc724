package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.VerificationDecision;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of inspecting one SBOM: whether it parsed and validated, whether it describes the
 * artifact, whether a verified signature covers it, and the decision to record in {@code
 * release.json} (kind {@link VerificationDecision.Kind#SBOM}).
 *
 * @param valid the document parsed and passed its format's validation
 * @param describesArtifact its primary component matches the artifact
 * @param signed a verified signature or attestation covers it
 * @param format the format and version, e.g. {@code SPDX-2.3} or {@code CycloneDX-1.6}, or {@code
 *     null} when it could not be told
 * @param primaryPurl the purl of the primary component that was matched or tried, or {@code null}
 * @param packages the number of packages (SPDX) or components (CycloneDX) in the document
 * @param decision the decision: passed exactly when {@link #satisfiesRequirement()} holds
 */
public record SbomInspection(
    boolean valid,
    boolean describesArtifact,
    boolean signed,
    @Nullable String format,
    @Nullable String primaryPurl,
    int packages,
    VerificationDecision decision) {

  /**
   * Validates.
   *
   * @param valid the document parsed and passed its format's validation
   * @param describesArtifact its primary component matches the artifact
   * @param signed a verified signature or attestation covers it
   * @param format the format and version, e.g. {@code SPDX-2.3} or {@code CycloneDX-1.6}, or {@code
   *     null} when it could not be told
   * @param primaryPurl the purl of the primary component that was matched or tried, or {@code null}
   * @param packages the number of packages (SPDX) or components (CycloneDX) in the document
   * @param decision the decision: passed exactly when {@link #satisfiesRequirement()} holds
   */
  public SbomInspection {
    Objects.requireNonNull(decision, "decision");
  }

  /**
   * @return whether this SBOM meets {@code --require-sbom}: valid, describes the artifact, signed
   */
  public boolean satisfiesRequirement() {
    return valid && describesArtifact && signed;
  }
}
