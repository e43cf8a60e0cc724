package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.Digest;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link KeylessBundleVerifier} checks.
 *
 * @param bundleJson the bundle's exact bytes
 * @param artifactDigest the digest the bundle must sign (the manifest digest)
 * @param trustedRoot a {@code trusted_root.json}, or {@code null} when {@code useTuf}
 * @param useTuf whether the trusted root may be fetched via TUF (network)
 * @param describe what the bundle is, for messages (component, referrer digest)
 */
public record KeylessVerificationRequest(
    byte[] bundleJson,
    Digest artifactDigest,
    @Nullable Path trustedRoot,
    boolean useTuf,
    String describe) {

  /**
   * Validates.
   *
   * @param bundleJson the bundle's exact bytes
   * @param artifactDigest the digest the bundle must sign (the manifest digest)
   * @param trustedRoot a {@code trusted_root.json}, or {@code null} when {@code useTuf}
   * @param useTuf whether the trusted root may be fetched via TUF (network)
   * @param describe what the bundle is, for messages (component, referrer digest)
   */
  public KeylessVerificationRequest {
    Objects.requireNonNull(bundleJson, "bundleJson");
    Objects.requireNonNull(artifactDigest, "artifactDigest");
    Objects.requireNonNull(describe, "describe");
    if (trustedRoot == null && !useTuf) {
      throw new IllegalArgumentException("keyless verification needs a trusted root file or TUF");
    }
  }
}
