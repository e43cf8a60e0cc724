package dev.konflux.ecosystem.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Content did not prove to be what it claims: a digest or size mismatch, or a missing or invalid
 * signature or attestation. A release stops on this error unless the caller explicitly opted out.
 *
 * <p>When the verification gate refuses a component, {@link #decisions()} holds every decision it
 * took (passing and failing, as {@code release.json} would have recorded them); the message is a
 * short summary naming the component and digest.
 */
public class VerificationException extends KonfluxNativeException {
  private static final long serialVersionUID = 1L;

  private final transient List<VerificationDecision> decisions;

  /**
   * @param message the artifact, digest and reason
   */
  public VerificationException(String message) {
    this(message, List.of());
  }

  /**
   * @param message the artifact, digest and reason
   * @param cause the underlying failure
   */
  public VerificationException(String message, @Nullable Throwable cause) {
    super(message, cause);
    this.decisions = List.of();
  }

  /**
   * @param message a one-line summary naming the component and digest
   * @param decisions every decision the gate took, in order
   */
  public VerificationException(String message, List<VerificationDecision> decisions) {
    super(message);
    this.decisions = List.copyOf(decisions);
  }

  /**
   * @return every decision the gate took for the refused component, in order (empty when the
   *     failure was not a gate decision, e.g. a blob whose digest differs)
   */
  public List<VerificationDecision> decisions() {
    return decisions == null ? List.of() : decisions;
  }

  /**
   * @return the summary followed by every failing decision ({@link
   *     VerificationDecision#describe()}), one per line, for logs that want the whole story as text
   */
  public String details() {
    StringBuilder sb = new StringBuilder(String.valueOf(getMessage()));
    for (VerificationDecision d : failedDecisions()) {
      sb.append(System.lineSeparator()).append("  ").append(d.describe());
    }
    return sb.toString();
  }

  /**
   * @return the decisions that failed
   */
  public List<VerificationDecision> failedDecisions() {
    return decisions().stream().filter(d -> !d.passed()).toList();
  }
}
