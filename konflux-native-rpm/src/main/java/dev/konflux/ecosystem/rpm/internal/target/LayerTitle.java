package dev.konflux.ecosystem.rpm.internal.target;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.spi.SafePaths;
import org.jspecify.annotations.Nullable;

/**
 * Checks the {@code org.opencontainers.image.title} of a layer: it must be a safe relative path (no
 * leading slash, no {@code .} or {@code ..} segment, no empty segment, no backslash, NUL or control
 * character), because it names a file we write.
 */
final class LayerTitle {
  private LayerTitle() {}

  /**
   * @param title the annotation value
   * @param what the artifact and layer, for messages
   * @return the title, checked
   * @throws InvalidInputException if it is not a safe relative path
   */
  static String checkRelativePath(@Nullable String title, String what)
      throws InvalidInputException {
    // One rule for every target: the SPI's SafePaths.
    return SafePaths.relative(title, "title of " + what);
  }

  /**
   * @param title a checked title
   * @return its last segment
   */
  static String fileName(String title) {
    return title.substring(title.lastIndexOf('/') + 1);
  }
}
