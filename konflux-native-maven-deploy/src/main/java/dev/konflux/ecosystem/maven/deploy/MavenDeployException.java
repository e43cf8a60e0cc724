package dev.konflux.ecosystem.maven.deploy;

import dev.konflux.ecosystem.api.KonfluxNativeException;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A deploy did not complete: the remote repository could not be reached, kept failing (5xx after
 * the retries), or refused a file ({@link DeployRejectedException}). Carries the file (its path
 * relative to the repository root), its URL and the HTTP status, when known. Files uploaded before
 * the failure stay on the server; deploying again uploads only what is missing or different.
 */
public class MavenDeployException extends KonfluxNativeException {
  private static final long serialVersionUID = 1L;

  /** Operation: uploading a repository to a remote Maven repository. */
  public static final String OPERATION_DEPLOY = "deploy";

  private final @Nullable String file;
  private final @Nullable String url;
  private final int statusCode;

  /**
   * @param message one-line summary, naming the file and status when known
   * @param file the file's path relative to the repository root, if known
   * @param url the file's URL on the remote repository, if known
   * @param statusCode the HTTP status, or {@code -1} when there was none (no connection)
   * @param cause the underlying failure
   */
  public MavenDeployException(
      String message,
      @Nullable String file,
      @Nullable String url,
      int statusCode,
      @Nullable Throwable cause) {
    super(message, cause);
    this.file = file;
    this.url = url;
    this.statusCode = statusCode;
    withOperation(OPERATION_DEPLOY);
    withReference(url);
  }

  /**
   * @return the file's path relative to the repository root, if the failure is about one file
   */
  public Optional<String> file() {
    return Optional.ofNullable(file);
  }

  /**
   * @return the file's URL on the remote repository, if known
   */
  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  /**
   * @return the HTTP status the server answered with, if it answered
   */
  public OptionalInt statusCode() {
    return statusCode < 0 ? OptionalInt.empty() : OptionalInt.of(statusCode);
  }
}
