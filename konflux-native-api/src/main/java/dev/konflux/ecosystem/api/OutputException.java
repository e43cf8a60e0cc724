package dev.konflux.ecosystem.api;

import org.jspecify.annotations.Nullable;

/**
 * The output could not be written or committed (disk full, permissions). The output directory is
 * left as it was before the release.
 */
public class OutputException extends KonfluxNativeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what could not be written
   */
  public OutputException(String message) {
    super(message);
  }

  /**
   * @param message what could not be written
   * @param cause the underlying failure
   */
  public OutputException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
