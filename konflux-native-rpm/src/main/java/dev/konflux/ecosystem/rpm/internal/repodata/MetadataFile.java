package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.Digest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One {@code <data>} record of {@code repomd.xml}.
 *
 * @param type the data type ({@code primary}, {@code filelists}, {@code other}, {@code sbom}, ...)
 * @param locationHref the file's path relative to the repository root
 * @param checksum SHA-256 of the file as stored
 * @param size its size as stored
 * @param openChecksum SHA-256 of the uncompressed content, or {@code null} if not compressed
 * @param openSize size of the uncompressed content, or -1 if not compressed
 * @param timestamp seconds since the epoch
 */
public record MetadataFile(
    String type,
    String locationHref,
    Digest checksum,
    long size,
    @Nullable Digest openChecksum,
    long openSize,
    long timestamp) {

  /** Validates. */
  public MetadataFile {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(locationHref, "locationHref");
    Objects.requireNonNull(checksum, "checksum");
    if (!type.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
      throw new IllegalArgumentException("unsafe repodata type: " + type);
    }
  }
}
