package dev.konflux.ecosystem.maven.internal.pom;

/**
 * A POM that cannot be used. The message never quotes the document's content beyond bounded,
 * sanitised coordinate values: a crafted POM must not leak files or flood logs.
 */
public final class InvalidPomException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong
   */
  public InvalidPomException(String message) {
    super(message);
  }
}
