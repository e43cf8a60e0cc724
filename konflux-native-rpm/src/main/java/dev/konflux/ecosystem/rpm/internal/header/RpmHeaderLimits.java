package dev.konflux.ecosystem.rpm.internal.header;

/**
 * Hard limits for untrusted headers, checked before anything is allocated. The defaults follow
 * rpm's own (at most 32 signature entries; a data store of at most 64 MiB for the signature header
 * and 256 MiB for the main header) but are tighter for the main header's data store, which is held
 * in memory.
 *
 * @param maxSignatureEntries most index entries in the signature header
 * @param maxSignatureData most data bytes in the signature header
 * @param maxHeaderEntries most index entries in the main header
 * @param maxHeaderData most data bytes in the main header
 */
public record RpmHeaderLimits(
    int maxSignatureEntries, int maxSignatureData, int maxHeaderEntries, int maxHeaderData) {

  /** Defaults: 32 / 8 MiB for the signature header, 65535 / 64 MiB for the main header. */
  public static final RpmHeaderLimits DEFAULT = new RpmHeaderLimits(32, 8 << 20, 0xffff, 64 << 20);

  /** Validates. */
  public RpmHeaderLimits {
    if (maxSignatureEntries < 1
        || maxSignatureData < 16
        || maxHeaderEntries < 1
        || maxHeaderData < 16) {
      throw new IllegalArgumentException("limits must allow at least a region entry");
    }
  }
}
