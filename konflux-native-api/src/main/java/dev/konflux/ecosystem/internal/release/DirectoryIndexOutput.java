package dev.konflux.ecosystem.internal.release;

import dev.konflux.ecosystem.spi.IndexOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An {@link IndexOutput} on a directory (staging, or a caller's directory for a kept plan). For an
 * update committed in place it also knows the committed directory, where carried-over files stay,
 * and which paths this release wrote into staging (so carrying over needs no look at the disk).
 */
final class DirectoryIndexOutput implements IndexOutput {
  private final Path directory;
  private final @Nullable Path committed;
  private final Set<String> staged;

  DirectoryIndexOutput(Path directory) {
    this(directory, null, Set.of());
  }

  private DirectoryIndexOutput(Path directory, @Nullable Path committed, Set<String> written) {
    this.directory = directory.toAbsolutePath().normalize();
    this.committed = committed == null ? null : committed.toAbsolutePath().normalize();
    this.staged = new HashSet<>(written);
  }

  /**
   * @param staging the staging directory of the ecosystem
   * @param committed the committed {@code OUT/<ecosystem>}, where carried-over files stay
   * @param written the paths this release wrote into staging
   * @return an output that keeps carried-over files in place
   */
  static DirectoryIndexOutput inPlace(Path staging, Path committed, Set<String> written) {
    return new DirectoryIndexOutput(staging, committed, written);
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public Path resolve(String path) throws IOException {
    Path p = resolveSafely(directory, path);
    Files.createDirectories(p.getParent());
    synchronized (staged) {
      staged.add(path);
    }
    return p;
  }

  @Override
  public boolean keptInPlace() {
    return committed != null;
  }

  @Override
  public Path location(String path) {
    Path c = committed;
    Path p = resolveSafely(directory, path);
    if (c == null || isStaged(path)) {
      return p;
    }
    // An index file a target wrote without resolve() is in staging too.
    return Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? p : resolveSafely(c, path);
  }

  /** Whether this release wrote the path into staging (as far as this output was told). */
  boolean isStaged(String path) {
    synchronized (staged) {
      return staged.contains(path);
    }
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
