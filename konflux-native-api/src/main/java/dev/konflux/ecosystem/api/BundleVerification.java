package dev.konflux.ecosystem.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The verdict on one bundle.
 *
 * @param outcome whether it verified, was rejected, or could not be read
 * @param reason one line: what verified, or the first check that failed
 * @param signer the certificate's SAN (keyless) or the key's fingerprint (keyed), if known
 * @param oidcIssuer the certificate's OIDC issuer, if known
 * @param signedAt the earliest verified signing time, if any
 * @param payloadType the DSSE payload type, for DSSE bundles that verified
 * @param dssePayload the verified DSSE payload, for DSSE bundles that verified
 */
public record BundleVerification(
    Outcome outcome,
    String reason,
    @Nullable String signer,
    @Nullable String oidcIssuer,
    @Nullable Instant signedAt,
    @Nullable String payloadType,
    byte @Nullable [] dssePayload) {

  /** How verification ended. */
  public enum Outcome {
    /** Every check passed. */
    VERIFIED,
    /** The bundle was read but a check failed. */
    REJECTED,
    /** The bundle (or trust material) cannot be parsed. */
    UNREADABLE
  }

  /**
   * Validates.
   *
   * @param outcome whether it verified, was rejected, or could not be read
   * @param reason one line: what verified, or the first check that failed
   * @param signer the certificate's SAN (keyless) or the key's fingerprint (keyed), if known
   * @param oidcIssuer the certificate's OIDC issuer, if known
   * @param signedAt the earliest verified signing time, if any
   * @param payloadType the DSSE payload type, for DSSE bundles that verified
   * @param dssePayload the verified DSSE payload, for DSSE bundles that verified
   */
  public BundleVerification {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * @param outcome {@link Outcome#REJECTED} or {@link Outcome#UNREADABLE}
   * @param reason why
   * @return a failed verdict
   */
  public static BundleVerification failed(Outcome outcome, String reason) {
    if (outcome == Outcome.VERIFIED) {
      throw new IllegalArgumentException("a failure cannot be VERIFIED");
    }
    return new BundleVerification(outcome, reason, null, null, null, null, null);
  }

  /**
   * @return whether every check passed
   */
  public boolean verified() {
    return outcome == Outcome.VERIFIED;
  }

  /**
   * @return the DSSE payload type, if any
   */
  public Optional<String> dssePayloadType() {
    return Optional.ofNullable(payloadType);
  }

  /**
   * @return a copy of the DSSE payload, if any
   */
  public Optional<byte[]> dssePayloadBytes() {
    return Optional.ofNullable(dssePayload).map(byte[]::clone);
  }

  @Override
  public String toString() {
    return outcome + ": " + reason;
  }
}
