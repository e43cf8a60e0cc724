package dev.konflux.ecosystem.sigstore;

import dev.konflux.ecosystem.api.BundleVerification.Outcome;

/** Why a bundle failed; carries the outcome (rejected or unreadable) and a one-line reason. */
final class BundleRejection extends Exception {
  private static final long serialVersionUID = 1L;

  private final Outcome outcome;

  private BundleRejection(Outcome outcome, String reason) {
    super(reason, null, false, false);
    this.outcome = outcome;
  }

  /**
   * @return a rejection: the bundle was read but a check failed
   */
  static BundleRejection rejected(String reason) {
    return new BundleRejection(Outcome.REJECTED, reason);
  }

  /**
   * @return the bundle or trust material cannot be parsed
   */
  static BundleRejection unreadable(String reason) {
    return new BundleRejection(Outcome.UNREADABLE, reason);
  }

  Outcome outcome() {
    return outcome;
  }
}
