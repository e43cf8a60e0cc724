package dev.konflux.ecosystem.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a keyless bundle proved.
 *
 * @param subjectAlternativeName the leaf certificate's SAN (e-mail or URI)
 * @param oidcIssuer the certificate's OIDC issuer extension, or {@code null} if absent
 * @param payloadType the DSSE payload type, or {@code null} for message signatures
 * @param dssePayload the verified DSSE payload, or {@code null} for message signatures
 */
public record KeylessVerificationResult(
    String subjectAlternativeName,
    @Nullable String oidcIssuer,
    @Nullable String payloadType,
    byte @Nullable [] dssePayload) {

  /**
   * Validates.
   *
   * @param subjectAlternativeName the leaf certificate's SAN (e-mail or URI)
   * @param oidcIssuer the certificate's OIDC issuer extension, or {@code null} if absent
   * @param payloadType the DSSE payload type, or {@code null} for message signatures
   * @param dssePayload the verified DSSE payload, or {@code null} for message signatures
   */
  public KeylessVerificationResult {
    Objects.requireNonNull(subjectAlternativeName, "subjectAlternativeName");
  }
}
