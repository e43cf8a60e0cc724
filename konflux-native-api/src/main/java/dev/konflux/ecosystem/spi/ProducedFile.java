package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.Digest;
import java.util.List;
import java.util.Objects;

/**
 * A file a target wrote into its staging directory, and what it came from.
 *
 * @param path the path relative to the target's staging directory, with {@code /} separators
 * @param sha256 the SHA-256 of the file as written
 * @param size its size in bytes
 * @param origins the inputs it was made from (empty for generated metadata such as indexes)
 */
public record ProducedFile(String path, Digest sha256, long size, List<FileOrigin> origins) {
  /** Validates and copies. */
  public ProducedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
    if (!Digest.SHA256.equals(sha256.algorithm())) {
      throw new IllegalArgumentException("produced files are recorded with sha256");
    }
    origins = origins == null ? List.of() : List.copyOf(origins);
  }
}
