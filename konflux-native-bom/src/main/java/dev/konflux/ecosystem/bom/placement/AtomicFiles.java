package dev.konflux.ecosystem.bom.placement;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.OutputException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jspecify.annotations.Nullable;

/**
 * Writes a file next to its destination and moves it into place, so a reader never sees half a
 * file.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  static Digest write(Path destination, byte[] bytes) throws OutputException {
    Path dir = destination.toAbsolutePath().getParent();
    @Nullable Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, ".sbom-", ".tmp");
      Files.write(tmp, bytes);
      move(tmp, destination);
      return Digest.sha256Of(bytes);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new OutputException(
          "writing SBOM file " + destination + " failed: " + e.getMessage(), e);
    }
  }

  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static void deleteQuietly(@Nullable Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // Best effort: a leftover temp file in staging is removed with the staging directory.
      }
    }
  }
}
