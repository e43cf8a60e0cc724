package dev.konflux.ecosystem.api;

import org.jspecify.annotations.Nullable;

/**
 * A source could not be read: the registry did not answer, refused our credentials, or does not
 * have the requested reference; a layout directory or archive is missing or unreadable.
 */
public class SourceUnavailableException extends KonfluxNativeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message the source, reference and operation that failed
   */
  public SourceUnavailableException(String message) {
    super(message);
  }

  /**
   * @param message the source, reference and operation that failed
   * @param cause the underlying failure
   */
  public SourceUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
