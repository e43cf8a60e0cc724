package dev.konflux.ecosystem.api;

import org.jspecify.annotations.Nullable;

/**
 * Base of every checked exception the library throws. Messages name the reference, digest and
 * operation involved and never contain secrets (passwords, tokens, key material).
 *
 * <p>Subclasses map one-to-one to the CLI exit codes: {@link VerificationException} (3),
 * {@link InvalidInputException} (4), {@link SourceUnavailableException} (5).
 */
public abstract class KonfluxNativeException extends Exception {
  private static final long serialVersionUID = 1L;

  protected KonfluxNativeException(String message) {
    super(message);
  }

  protected KonfluxNativeException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
