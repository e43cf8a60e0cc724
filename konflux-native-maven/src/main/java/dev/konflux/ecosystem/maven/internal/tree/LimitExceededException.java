package dev.konflux.ecosystem.maven.internal.tree;

import java.io.IOException;

/** A bound of {@link TreeLimits} was crossed while bytes were being read. */
final class LimitExceededException extends IOException {
  private static final long serialVersionUID = 1L;

  LimitExceededException(String message) {
    super(message);
  }
}
