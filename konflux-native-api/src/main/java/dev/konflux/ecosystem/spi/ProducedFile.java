package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.Digest;
import java.util.List;
import java.util.Objects;

/**
 * A file a target wrote, and what it came from: {@code origins} for files made from artifact
 * content, {@code derivedFrom} for files made from other produced files (repository metadata,
 * signatures, indexes, published keys), so that every file in {@code release.json} has an origin.
 *
 * @param path the path relative to {@code OUT/<ecosystem>}, with {@code /} separators
 * @param sha256 the SHA-256 of the file as written
 * @param size its size in bytes
 * @param origins the artifact inputs it was made from (layers, archive entries)
 * @param derivedFrom what it was derived from: paths (relative to {@code OUT/<ecosystem>}) of other
 *     produced files, or {@code key:<fingerprint>} for a published public key, or a digest ({@code
 *     sha256:<hex>}) of an input that is not a file; empty only for files made from artifact
 *     content
 */
public record ProducedFile(
    String path, Digest sha256, long size, List<FileOrigin> origins, List<String> derivedFrom) {
  /**
   * Validates and copies.
   *
   * @param path the path relative to {@code OUT/<ecosystem>}, with {@code /} separators
   * @param sha256 the SHA-256 of the file as written
   * @param size its size in bytes
   * @param origins the artifact inputs it was made from (layers, archive entries)
   * @param derivedFrom what it was derived from: paths (relative to {@code OUT/<ecosystem>}) of
   *     other produced files, or {@code key:<fingerprint>} for a published public key, or a digest
   *     ({@code sha256:<hex>}) of an input that is not a file; empty only for files made from
   *     artifact content
   */
  public ProducedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
    if (!Digest.SHA256.equals(sha256.algorithm())) {
      throw new IllegalArgumentException("produced files are recorded with sha256");
    }
    origins = origins == null ? List.of() : List.copyOf(origins);
    derivedFrom = derivedFrom == null ? List.of() : List.copyOf(derivedFrom);
  }

  /**
   * A file made from artifact content.
   *
   * @param path the path
   * @param sha256 its SHA-256
   * @param size its size
   * @param origins its inputs
   */
  public ProducedFile(String path, Digest sha256, long size, List<FileOrigin> origins) {
    this(path, sha256, size, origins, List.of());
  }

  /**
   * @param prefix a directory to put in front of the path (no trailing {@code /})
   * @return this file with its path and its {@code derivedFrom} paths below {@code prefix}
   */
  public ProducedFile under(String prefix) {
    return new ProducedFile(
        prefix + "/" + path,
        sha256,
        size,
        origins,
        derivedFrom.stream().map(d -> isPath(d) ? prefix + "/" + d : d).toList());
  }

  /**
   * @param derivedFromEntry an entry of {@link #derivedFrom()}
   * @return whether it is a path (not {@code key:…}, {@code sha256:…}, {@code sha512:…}, or {@code
   *     committed:<path>} for a file an earlier release committed without a record)
   */
  public static boolean isPath(String derivedFromEntry) {
    return !(derivedFromEntry.startsWith("key:")
        || derivedFromEntry.startsWith("sha256:")
        || derivedFromEntry.startsWith("sha512:")
        || derivedFromEntry.startsWith("committed:"));
  }
}
