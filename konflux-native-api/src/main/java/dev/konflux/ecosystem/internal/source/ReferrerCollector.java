package dev.konflux.ecosystem.internal.source;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.Referrer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Merges referrers found in several places (referrers API, tag schema, cosign tags), keeping the
 * first discovery of each manifest digest. Shared by every source.
 */
public final class ReferrerCollector {
  private final Digest subject;
  private final Set<Digest> seen = new HashSet<>();
  private final List<Referrer> referrers = new ArrayList<>();

  /**
   * @param subject the artifact whose referrers are collected
   */
  public ReferrerCollector(Digest subject) {
    this.subject = subject;
  }

  /**
   * @param discovery where it was found
   * @param manifest the referrer manifest
   * @param cosignTagSuffix {@code sig}, {@code att} or {@code sbom} for cosign tags, else null
   * @return whether it was new
   */
  public boolean add(
      Referrer.Discovery discovery, Manifest manifest, @Nullable String cosignTagSuffix) {
    if (!seen.add(manifest.digest())) {
      return false;
    }
    Referrer.Kind kind =
        cosignTagSuffix == null
            ? Referrer.classify(manifest)
            : switch (cosignTagSuffix) {
              case "sig" -> Referrer.Kind.COSIGN_SIGNATURE;
              case "att" -> Referrer.Kind.COSIGN_ATTESTATION;
              case "sbom" -> Referrer.Kind.COSIGN_SBOM;
              default -> Referrer.classify(manifest);
            };
    referrers.add(new Referrer(kind, discovery, subject, manifest));
    return true;
  }

  /**
   * @return the merged referrers in discovery order
   */
  public List<Referrer> referrers() {
    return List.copyOf(referrers);
  }
}
