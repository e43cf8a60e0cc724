package dev.konflux.ecosystem.examples.cli;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.VerificationException;

/** The CLI's exit codes, one per exception family. */
final class ExitCodes {
  private ExitCodes() {}

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int VERIFICATION_FAILED = 3;
  static final int INVALID_INPUT = 4;
  static final int SOURCE_UNAVAILABLE = 5;

  static int of(KonfluxNativeException e) {
    if (e instanceof VerificationException) {
      return VERIFICATION_FAILED;
    }
    if (e instanceof InvalidInputException) {
      return INVALID_INPUT;
    }
    if (e instanceof SourceUnavailableException) {
      return SOURCE_UNAVAILABLE;
    }
    return FAILED;
  }
}
