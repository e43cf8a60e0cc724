package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.Digest;
import java.util.Objects;

/**
 * The facts about a package file that its header does not hold: where it is, what it hashes to, how
 * big it is, when it was written, and where its main header lies. The signer knows all of them when
 * it writes the file, so nothing has to be read again.
 *
 * @param locationHref path relative to the repository root, {@code /} separated
 * @param checksum SHA-256 of the final file
 * @param size the file's size in bytes
 * @param fileTime the file's modification time, seconds since the epoch
 * @param headerStart offset of the main header (after lead and padded signature header)
 * @param headerEnd offset just after the main header (start of the payload)
 */
public record StoredPackage(
    String locationHref,
    Digest checksum,
    long size,
    long fileTime,
    long headerStart,
    long headerEnd) {
  /** Validates. */
  public StoredPackage {
    Objects.requireNonNull(locationHref, "locationHref");
    Objects.requireNonNull(checksum, "checksum");
  }
}
