package dev.konflux.ecosystem.bom;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An SBOM document that cannot be used, naming the document (digest and referrer), the reason and
 * the parser's or validator's own messages (bounded).
 */
public final class SbomException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** Why a document was refused. */
  public enum Reason {
    /** Larger than the configured limit (declared or while streaming). */
    TOO_LARGE,
    /** Not well-formed JSON or XML, or not an SBOM at all. */
    MALFORMED,
    /** An XML document with a DOCTYPE (external entities, entity expansion). */
    EXTERNAL_ENTITY,
    /**
     * A CycloneDX document its JSON or XML schema rejects, or an SPDX document that does not
     * verify.
     */
    SCHEMA_INVALID,
    /** An SPDX document without a {@code DESCRIBES} relationship (no primary component). */
    NO_DESCRIBES,
    /** A format or version this module does not read (e.g. CycloneDX 1.3, SPDX 2.2 tag-value). */
    UNSUPPORTED
  }

  /**
   * @serial the document's source
   */
  private final transient SbomSource source;

  private final Reason reason;

  /**
   * @serial at most a few of the parser's messages
   */
  private final List<String> details;

  /**
   * @param source the document
   * @param reason why it was refused
   * @param message the reason in words, without the document's name (added here)
   * @param details the parser's or validator's messages, possibly empty
   * @param cause the underlying failure, or {@code null}
   */
  public SbomException(
      SbomSource source,
      Reason reason,
      String message,
      List<String> details,
      @Nullable Throwable cause) {
    super(
        source.describe()
            + ": "
            + message
            + (details.isEmpty() ? "" : ": " + String.join("; ", details)),
        cause);
    this.source = Objects.requireNonNull(source, "source");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.details = List.copyOf(details);
  }

  /**
   * @return the document that was refused
   */
  public SbomSource source() {
    return source;
  }

  /**
   * @return why
   */
  public Reason reason() {
    return reason;
  }

  /**
   * @return the parser's or validator's messages (at most a few)
   */
  public List<String> details() {
    return details;
  }
}
