package dev.konflux.ecosystem.maven.internal.tree;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a zip's central directory from the tail of the stream. A streamed zip shows only local
 * headers, which carry neither the Unix mode (so symbolic links are invisible) nor the view other
 * tools take: unzip and Java's ZipFile list the central directory. Checking that it names exactly
 * the streamed entries, none of them a link or device, closes both gaps. Hand-written because
 * commons-compress reads central directories only from random-access files, and spooling a
 * multi-GiB layer to disk to check some kilobytes would double the I/O.
 */
final class ZipCentralDirectory {
  private static final int EOCD = 0x06054b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_EOCD = 0x06064b50;
  private static final int HEADER = 0x02014b50;

  /** One central directory record: name and Unix file type bits (0 when not a Unix entry). */
  record DirectoryEntry(String name, int unixType) {}

  private ZipCentralDirectory() {}

  /**
   * @param tail the last bytes of the zip
   * @param zipSize the zip's total size
   * @return its records
   * @throws IllegalArgumentException if the directory is missing, truncated or not in the tail
   */
  static List<DirectoryEntry> read(byte[] tail, long zipSize) {
    ByteBuffer buf = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
    long tailStart = zipSize - tail.length;
    int eocd = -1;
    for (int i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 65535); i--) {
      if (buf.getInt(i) == EOCD
          && i + 22 + Short.toUnsignedInt(buf.getShort(i + 20)) == tail.length) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      throw new IllegalArgumentException("no end of central directory record");
    }
    long entries = Short.toUnsignedInt(buf.getShort(eocd + 10));
    long size = Integer.toUnsignedLong(buf.getInt(eocd + 12));
    long offset = Integer.toUnsignedLong(buf.getInt(eocd + 16));
    if (entries == 0xFFFF || size == 0xFFFFFFFFL || offset == 0xFFFFFFFFL) {
      int locator = eocd - 20;
      if (locator < 0 || buf.getInt(locator) != ZIP64_LOCATOR) {
        throw new IllegalArgumentException("zip64 fields without a zip64 locator");
      }
      long zip64 = buf.getLong(locator + 8) - tailStart;
      if (zip64 < 0 || zip64 + 56 > tail.length || buf.getInt((int) zip64) != ZIP64_EOCD) {
        throw new IllegalArgumentException("zip64 end of central directory not found");
      }
      entries = buf.getLong((int) zip64 + 32);
      size = buf.getLong((int) zip64 + 40);
      offset = buf.getLong((int) zip64 + 48);
    }
    long start = offset - tailStart;
    if (start < 0 || start + size > tail.length) {
      throw new IllegalArgumentException(
          "central directory is not where the end record says, or too large to check");
    }
    List<DirectoryEntry> records = new ArrayList<>();
    int p = (int) start;
    int end = (int) (start + size);
    while (p < end) {
      if (p + 46 > end || buf.getInt(p) != HEADER) {
        throw new IllegalArgumentException("malformed central directory record");
      }
      int madeBy = Short.toUnsignedInt(buf.getShort(p + 4)) >> 8;
      int flags = Short.toUnsignedInt(buf.getShort(p + 8));
      int nameLength = Short.toUnsignedInt(buf.getShort(p + 28));
      int extraLength = Short.toUnsignedInt(buf.getShort(p + 30));
      int commentLength = Short.toUnsignedInt(buf.getShort(p + 32));
      int external = buf.getInt(p + 38);
      if (p + 46 + nameLength > end) {
        throw new IllegalArgumentException("truncated central directory record");
      }
      byte[] name = new byte[nameLength];
      System.arraycopy(tail, p + 46, name, 0, nameLength);
      // Bit 11: UTF-8 names; otherwise CP437, whose ASCII range is all a Maven path uses.
      String n =
          new String(
              name, (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      int unixType = madeBy == 3 ? (external >>> 16) & 0170000 : 0;
      records.add(new DirectoryEntry(n, unixType));
      p += 46 + nameLength + extraLength + commentLength;
    }
    if (records.size() != entries) {
      throw new IllegalArgumentException(
          "central directory counts " + entries + " entries but holds " + records.size());
    }
    return records;
  }
}
