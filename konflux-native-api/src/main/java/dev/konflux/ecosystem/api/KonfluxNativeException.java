package dev.konflux.ecosystem.api;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Base of every checked exception the library throws. The message is one short summary; what the
 * failure is about travels as data: the {@link #component()}, the source {@link #reference()}, the
 * {@link #digest()} of the manifest or blob involved and the {@link #operation()} that failed.
 * Messages and data never contain secrets (passwords, tokens, key material).
 *
 * <p>The data is filled in as the exception travels outwards: the code that detects a failure sets
 * what it knows (a source knows the reference and digest), the orchestration adds the component and
 * operation. A value already set is never replaced, because the innermost code knows best.
 *
 * <p>Subclasses map one-to-one to the CLI exit codes: {@link VerificationException} (3), {@link
 * InvalidInputException} (4), {@link SourceUnavailableException} (5).
 */
public abstract class KonfluxNativeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Operation: reading the release's input (a Snapshot, reference, key or option). */
  public static final String OPERATION_READ_INPUT = "read input";

  /** Operation: opening a source and resolving a component's reference. */
  public static final String OPERATION_RESOLVE = "resolve";

  /** Operation: checking signatures and attestations. */
  public static final String OPERATION_VERIFY = "verify";

  /** Operation: translating an artifact with its ecosystem target. */
  public static final String OPERATION_TRANSLATE = "translate";

  /** Operation: writing the staged output and moving it into place. */
  public static final String OPERATION_COMMIT = "commit";

  private @Nullable String component;
  private @Nullable String reference;
  private transient @Nullable Digest digest;
  private @Nullable String operation;

  /**
   * @param message a one-line summary
   */
  protected KonfluxNativeException(String message) {
    super(message);
  }

  /**
   * @param message a one-line summary
   * @param cause the underlying failure
   */
  protected KonfluxNativeException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * @return the Snapshot component the failure is about, if known
   */
  public Optional<String> component() {
    return Optional.ofNullable(component);
  }

  /**
   * @return the artifact reference or input file the failure is about, if known
   */
  public Optional<String> reference() {
    return Optional.ofNullable(reference);
  }

  /**
   * @return the digest of the manifest or blob the failure is about, if known
   */
  public Optional<Digest> digest() {
    return Optional.ofNullable(digest);
  }

  /**
   * @return what was being done, if known: one of the {@code OPERATION_} constants or a short
   *     phrase such as "pulling blob"
   */
  public Optional<String> operation() {
    return Optional.ofNullable(operation);
  }

  /**
   * Records the component unless one is already recorded.
   *
   * @param name the component name; {@code null} leaves it unknown
   * @return this exception
   */
  public KonfluxNativeException withComponent(@Nullable String name) {
    if (component == null) {
      component = name;
    }
    return this;
  }

  /**
   * Records the reference unless one is already recorded.
   *
   * @param ref an artifact reference or input file name; {@code null} leaves it unknown
   * @return this exception
   */
  public KonfluxNativeException withReference(@Nullable String ref) {
    if (reference == null) {
      reference = ref;
    }
    return this;
  }

  /**
   * Records the digest unless one is already recorded.
   *
   * @param value the manifest or blob digest; {@code null} leaves it unknown
   * @return this exception
   */
  public KonfluxNativeException withDigest(@Nullable Digest value) {
    if (digest == null) {
      digest = value;
    }
    return this;
  }

  /**
   * Records the operation unless one is already recorded.
   *
   * @param name what was being done; {@code null} leaves it unknown
   * @return this exception
   */
  public KonfluxNativeException withOperation(@Nullable String name) {
    if (operation == null) {
      operation = name;
    }
    return this;
  }
}
