package dev.konflux.ecosystem.bom;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether an SBOM describes the released artifact, and why (or why not).
 *
 * @param describes whether a described package of the SBOM matches the artifact
 * @param matched the described package that matched, or the primary component that was tried, or
 *     {@code null} when the document describes no package
 * @param reason the reason in words, naming purls and digests
 */
public record SbomMatch(boolean describes, @Nullable SbomPackage matched, String reason) {
  /** Validates. */
  public SbomMatch {
    Objects.requireNonNull(reason, "reason");
  }
}
