package dev.konflux.ecosystem.spi;

import java.nio.file.Path;

/**
 * Where {@link TargetSession#writeIndex} writes: the directory that is (or becomes) the ecosystem's
 * output root, holding the files the index covers at their planned paths.
 *
 * <p>An update of a committed output may keep the carried-over files where they are ({@link
 * #keptInPlace()}): then {@link #directory()} holds only what this release writes, and a target
 * reads any other file of the new output through {@link #location}.
 */
public interface IndexOutput {

  /**
   * @return the directory standing for {@code OUT/<ecosystem>}: staging during a release, a cache
   *     directory of a server; the files this release writes are in it at their paths, and so are
   *     the carried-over files unless {@link #keptInPlace()}
   */
  Path directory();

  /**
   * @param path a path relative to {@link #directory()} with {@code /} separators
   * @return where to write that file; its parent directories exist
   * @throws IllegalArgumentException if the path leaves the directory
   * @throws java.io.IOException if the parent directories cannot be created
   */
  Path resolve(String path) throws java.io.IOException;

  /**
   * Whether {@link CommittedOutput#carryOver carrying over} a committed file leaves it in the
   * committed directory instead of linking it into {@link #directory()}: the release then publishes
   * only the files it writes (new, replaced and index files) into the committed output, and removes
   * the committed files that were neither carried over nor written.
   *
   * @return {@code false} by default: every file of the new output is in {@link #directory()}
   */
  default boolean keptInPlace() {
    return false;
  }

  /**
   * Where an index writer reads a file of the new output: the file this release wrote (or an index
   * file written so far) in {@link #directory()}, otherwise, when {@link #keptInPlace()}, the
   * committed file it carries over. Read only; never write to the returned path.
   *
   * @param path a path relative to {@code OUT/<ecosystem>} with {@code /} separators
   * @return the file to read; it may not exist
   * @throws IllegalArgumentException if the path leaves the directory
   */
  default Path location(String path) {
    Path dir = directory();
    Path p = dir.resolve(path).normalize();
    if (!p.startsWith(dir) || p.equals(dir)) {
      throw new IllegalArgumentException("path leaves its directory: " + path);
    }
    return p;
  }
}
