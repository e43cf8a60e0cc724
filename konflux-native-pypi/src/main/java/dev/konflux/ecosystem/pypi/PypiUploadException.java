package dev.konflux.ecosystem.pypi;

import dev.konflux.ecosystem.api.OutputException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The index did not take a distribution: it refused it with a 4xx answer (or a redirect, which is
 * not followed; neither is retried: the same request would be refused again), or every try ended
 * with a 5xx answer or a connection error ({@link #retriesExhausted()}). Carries the file, the
 * upload URL, the HTTP status and the server's message, when there was an answer. Files uploaded
 * before the failure stay on the index; uploading again with an index URL skips them.
 */
public final class PypiUploadException extends OutputException {
  private static final long serialVersionUID = 1L;

  /** Operation: sending a distribution to an index's legacy upload API. */
  public static final String OPERATION_UPLOAD = "upload";

  private final String fileName;
  private final URI url;
  private final int statusCode;
  private final @Nullable String serverMessage;
  private final boolean retriesExhausted;
  private final int attempts;

  /**
   * @param message one-line summary naming the file, the URL and the status or connection error
   * @param fileName the distribution's file name
   * @param url the legacy upload endpoint it was sent to
   * @param statusCode the HTTP status of the last answer, or {@code -1} when there was none (the
   *     connection failed)
   * @param serverMessage the body of the last answer (printable, shortened), or {@code null} when
   *     there was none
   * @param retriesExhausted whether the file was tried as often as allowed, each try ending with a
   *     5xx answer or a connection error ({@code false} for a refusal, 4xx)
   * @param attempts how many tries were made
   * @param cause the underlying failure (the last connection error), if any
   */
  public PypiUploadException(
      String message,
      String fileName,
      URI url,
      int statusCode,
      @Nullable String serverMessage,
      boolean retriesExhausted,
      int attempts,
      @Nullable Throwable cause) {
    super(message, cause);
    this.fileName = Objects.requireNonNull(fileName, "fileName");
    this.url = Objects.requireNonNull(url, "url");
    this.statusCode = statusCode;
    this.serverMessage = serverMessage;
    this.retriesExhausted = retriesExhausted;
    this.attempts = attempts;
    withOperation(OPERATION_UPLOAD);
    withReference(url.toString());
  }

  /**
   * @return the distribution's file name, such as {@code demo-1.0-py3-none-any.whl}
   */
  public String fileName() {
    return fileName;
  }

  /**
   * @return the legacy upload endpoint the file was sent to
   */
  public URI url() {
    return url;
  }

  /**
   * @return the HTTP status of the last answer, if the server answered (empty when the connection
   *     failed)
   */
  public OptionalInt statusCode() {
    return statusCode < 0 ? OptionalInt.empty() : OptionalInt.of(statusCode);
  }

  /**
   * @return the body of the last answer, made printable and shortened to 2000 characters, if the
   *     server answered
   */
  public Optional<String> serverMessage() {
    return Optional.ofNullable(serverMessage);
  }

  /**
   * @return {@code true} when every allowed try ended with a 5xx answer or a connection error;
   *     {@code false} when the index refused the file (4xx)
   */
  public boolean retriesExhausted() {
    return retriesExhausted;
  }

  /**
   * @return how many tries were made (1 for a refusal on the first try)
   */
  public int attempts() {
    return attempts;
  }
}
