package dev.konflux.ecosystem.pypi.internal.dist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a zip's end-of-central-directory record (and its zip64 form) for the member count and
 * central directory size, so an archive that claims millions of members is refused before
 * commons-compress parses its central directory into memory. Hand-written because no zip library
 * exposes these two numbers without first reading the whole directory.
 *
 * @param entries the total number of members the archive declares
 * @param directoryBytes the size of its central directory
 */
record ZipDirectoryEnd(long entries, long directoryBytes) {

  private static final int EOCD_SIGNATURE = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
  private static final int EOCD_SIZE = 22;
  private static final int MAX_COMMENT = 0xffff;

  /**
   * @param file a zip file
   * @return its declared member count and directory size
   * @throws IOException if no end record is found, or it is inconsistent with the file
   */
  static ZipDirectoryEnd read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < EOCD_SIZE) {
        throw new IOException("too short to be a zip file");
      }
      int tail = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
      ByteBuffer buf = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, buf, size - tail);
      // Search backwards: the record is followed only by its comment, whose length it states.
      for (int i = tail - EOCD_SIZE; i >= 0; i--) {
        if (buf.getInt(i) == EOCD_SIGNATURE
            && (buf.getShort(i + 20) & 0xffff) == tail - EOCD_SIZE - i) {
          long entries = buf.getShort(i + 10) & 0xffff;
          long dirBytes = buf.getInt(i + 12) & 0xffffffffL;
          if (entries == 0xffff || dirBytes == 0xffffffffL) {
            return zip64(ch, size - tail + i);
          }
          return new ZipDirectoryEnd(entries, dirBytes);
        }
      }
      throw new IOException("no end of central directory record");
    }
  }

  private static ZipDirectoryEnd zip64(FileChannel ch, long eocdOffset) throws IOException {
    if (eocdOffset < 20) {
      throw new IOException("zip64 end record expected but the file is too short");
    }
    ByteBuffer locator = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, locator, eocdOffset - 20);
    if (locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
      throw new IOException("zip64 end of central directory locator missing");
    }
    long recordOffset = locator.getLong(8);
    if (recordOffset < 0 || recordOffset > eocdOffset - 20 - 56) {
      throw new IOException("zip64 end of central directory record outside the file");
    }
    ByteBuffer record = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, record, recordOffset);
    if (record.getInt(0) != ZIP64_EOCD_SIGNATURE) {
      throw new IOException("zip64 end of central directory record missing");
    }
    long entries = record.getLong(32);
    long dirBytes = record.getLong(40);
    if (entries < 0 || dirBytes < 0) {
      throw new IOException("zip64 end record states negative counts");
    }
    return new ZipDirectoryEnd(entries, dirBytes);
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
      pos += n;
    }
  }
}
