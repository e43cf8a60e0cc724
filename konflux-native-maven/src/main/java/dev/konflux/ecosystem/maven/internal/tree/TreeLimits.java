package dev.konflux.ecosystem.maven.internal.tree;

/**
 * Bounds on an untrusted repository archive, so a crafted layer cannot exhaust disk, memory or
 * time.
 *
 * @param maxEntries most entries (files and directories) in one archive
 * @param maxEntrySize largest file, in bytes
 * @param maxTotalSize most bytes of all files together
 * @param maxCompressionRatio most uncompressed bytes per compressed byte read (zip and gzip)
 */
public record TreeLimits(
    int maxEntries, long maxEntrySize, long maxTotalSize, int maxCompressionRatio) {

  /**
   * Defaults sized for real repositories (a few thousand files, single files of some GiB): 100,000
   * entries, 8 GiB per file, 64 GiB in all, ratio 200 (text compresses about 10×; a zip bomb
   * reaches 1000× and more).
   */
  public static final TreeLimits DEFAULT = new TreeLimits(100_000, 8L << 30, 64L << 30, 200);

  /** Validates. */
  public TreeLimits {
    if (maxEntries < 1 || maxEntrySize < 1 || maxTotalSize < 1 || maxCompressionRatio < 1) {
      throw new IllegalArgumentException("tree limits must be positive");
    }
  }
}
