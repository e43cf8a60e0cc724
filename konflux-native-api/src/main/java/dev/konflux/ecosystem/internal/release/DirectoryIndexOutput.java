package dev.konflux.ecosystem.internal.release;

import dev.konflux.ecosystem.spi.IndexOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An {@link IndexOutput} on a directory (staging, or a caller's directory for a kept plan). */
final class DirectoryIndexOutput implements IndexOutput {
  private final Path directory;

  DirectoryIndexOutput(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public Path resolve(String path) throws IOException {
    Path p = resolveSafely(directory, path);
    Files.createDirectories(p.getParent());
    return p;
  }

  /**
   * The path below root, or IllegalArgumentException if it is absolute, unnormalised or leaves
   * root.
   */
  static Path resolveSafely(Path root, String path) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
      throw new IllegalArgumentException("not a relative path: " + path);
    }
    Path p = root.resolve(path).normalize();
    if (!p.startsWith(root) || p.equals(root) || !p.equals(root.resolve(path))) {
      throw new IllegalArgumentException("path leaves its directory or is not normalised: " + path);
    }
    return p;
  }
}
