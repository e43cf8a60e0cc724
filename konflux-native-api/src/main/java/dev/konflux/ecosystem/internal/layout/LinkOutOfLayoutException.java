package dev.konflux.ecosystem.internal.layout;

import java.io.IOException;

/**
 * A file of a directory layout is a symbolic link (or lies under one) that leads out of the layout.
 * Reading it would let whoever made the layout choose any file this process can read.
 */
final class LinkOutOfLayoutException extends IOException {
  private static final long serialVersionUID = 1L;

  LinkOutOfLayoutException(String message) {
    super(message);
  }
}
