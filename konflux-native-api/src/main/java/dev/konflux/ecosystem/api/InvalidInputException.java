package dev.konflux.ecosystem.api;

import org.jspecify.annotations.Nullable;

/**
 * Input that cannot be used as given: a malformed reference, manifest, snapshot or package, an
 * unsafe file name, or an artifact type that no installed target supports.
 */
public class InvalidInputException extends KonfluxNativeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, naming the input
   */
  public InvalidInputException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong, naming the input
   * @param cause the underlying failure
   */
  public InvalidInputException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
