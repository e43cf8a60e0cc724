package dev.konflux.ecosystem.signing;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Turns I/O failures on key files into input errors that name the file (never its content). */
final class KeyFiles {
  private KeyFiles() {}

  static InvalidInputException unreadable(String kind, Path file, IOException e) {
    String why;
    if (e instanceof NoSuchFileException) {
      why = "does not exist";
    } else if (e instanceof AccessDeniedException) {
      why = "cannot be read (permission denied)";
    } else {
      why = "cannot be read: " + e.getClass().getSimpleName();
    }
    return new InvalidInputException("the " + kind + " file " + file + " " + why, e);
  }
}
