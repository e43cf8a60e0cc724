package dev.konflux.ecosystem.api;

import org.jspecify.annotations.Nullable;

/**
 * Content did not prove to be what it claims: a digest or size mismatch, or a missing or invalid
 * signature or attestation. A release stops on this error unless the caller explicitly opted out.
 */
public class VerificationException extends KonfluxNativeException {
  private static final long serialVersionUID = 1L;

  /** @param message the artifact, digest and reason */
  public VerificationException(String message) {
    super(message);
  }

  /**
   * @param message the artifact, digest and reason
   * @param cause the underlying failure
   */
  public VerificationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
