package dev.konflux.ecosystem.spi;

import java.nio.file.Path;

/**
 * Where {@link TargetSession#writeIndex} writes: the directory that is (or becomes) the ecosystem's
 * output root, holding the files the index covers at their planned paths.
 */
public interface IndexOutput {

  /**
   * @return the directory standing for {@code OUT/<ecosystem>}: staging during a release, a cache
   *     directory of a server; the covered files are in it at their paths
   */
  Path directory();

  /**
   * @param path a path relative to {@link #directory()} with {@code /} separators
   * @return where to write that file; its parent directories exist
   * @throws IllegalArgumentException if the path leaves the directory
   * @throws java.io.IOException if the parent directories cannot be created
   */
  Path resolve(String path) throws java.io.IOException;
}
