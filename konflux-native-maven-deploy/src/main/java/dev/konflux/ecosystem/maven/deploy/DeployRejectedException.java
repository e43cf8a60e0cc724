package dev.konflux.ecosystem.maven.deploy;

import org.jspecify.annotations.Nullable;

/**
 * The remote repository refused a file with a 4xx status: 401 (credentials missing or wrong), 403
 * (the user may not write there), 409 or 400 (the server refuses to replace a released file, or the
 * path does not belong in that repository). Not retried: the same request would be refused again.
 */
public final class DeployRejectedException extends MavenDeployException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message one-line summary naming the file and status
   * @param file the file's path relative to the repository root, if known
   * @param url the file's URL (the repository's, when the file is not known)
   * @param statusCode the HTTP status (4xx)
   * @param cause the underlying failure
   */
  public DeployRejectedException(
      String message,
      @Nullable String file,
      String url,
      int statusCode,
      @Nullable Throwable cause) {
    super(message, file, url, statusCode, cause);
  }
}
