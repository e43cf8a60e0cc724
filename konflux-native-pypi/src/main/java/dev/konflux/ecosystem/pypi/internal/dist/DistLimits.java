package dev.konflux.ecosystem.pypi.internal.dist;

/**
 * Bounds on what a distribution may hold, so that hostile archives fail fast with bounded memory
 * and time.
 *
 * @param maxEntries most archive members
 * @param maxEntryBytes largest inflated member
 * @param maxTotalBytes largest inflated archive (all members)
 * @param maxRatio largest inflated/compressed ratio of a member (wheels) or of the archive (sdists)
 * @param ratioFloor sizes below which the ratio is not checked (tiny members compress oddly)
 * @param maxCentralDirectoryBytes largest zip central directory (parsed into memory)
 */
public record DistLimits(
    int maxEntries,
    long maxEntryBytes,
    long maxTotalBytes,
    int maxRatio,
    long ratioFloor,
    long maxCentralDirectoryBytes) {

  /**
   * Defaults: generous for real wheels (the largest on PyPI inflate to a few GiB), tight for bombs.
   */
  public static final DistLimits DEFAULT =
      new DistLimits(50_000, 2L << 30, 4L << 30, 200, 1L << 20, 16L << 20);

  /** Validates. */
  public DistLimits {
    if (maxEntries < 1
        || maxEntryBytes < 1
        || maxTotalBytes < 1
        || maxRatio < 1
        || ratioFloor < 0
        || maxCentralDirectoryBytes < 22) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
