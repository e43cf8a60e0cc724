package dev.konflux.ecosystem.rpm.internal.repodata;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code primary}, {@code filelists} and {@code other} records of new packages, written to a
 * scratch file as each package is processed, so that a release holds no package's metadata in
 * memory until the repodata is written: only a {@link Ref} (offset and lengths) per package. The
 * records are the bytes {@link RepodataWriter} puts into the metadata files, so the result does not
 * depend on whether a package's records came from here or were written directly. Not thread-safe.
 */
public final class RecordSpill implements Closeable {
  private static final int FLUSH_AT = 1 << 20;

  /**
   * Where a package's records are in the spill.
   *
   * @param offset the offset of its primary record
   * @param primary the primary record's length
   * @param filelists the filelists record's length (it follows the primary one)
   * @param other the other record's length (it follows the filelists one)
   * @param nevra the package's name-epoch:version-release.arch, for messages
   */
  public record Ref(long offset, int primary, int filelists, int other, String nevra) {}

  private final Path file;
  private final FileChannel channel;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(FLUSH_AT + (64 << 10));
  private long written;
  private int count;

  /**
   * Creates (or truncates) the scratch file.
   *
   * @param file the scratch file; deleted by {@link #close}
   * @throws IOException if it cannot be created
   */
  public RecordSpill(Path file) throws IOException {
    this.file = file;
    this.channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
  }

  /**
   * Writes a package's three records.
   *
   * @param entry the package
   * @return where they are
   * @throws IOException if writing fails
   */
  public Ref add(PackageEntry entry) throws IOException {
    int p = serialize(entry, PrimaryXmlWriter::writePackage);
    int f = serialize(entry, FilelistsXmlWriter::writePackage);
    int o = serialize(entry, OtherXmlWriter::writePackage);
    Ref ref = new Ref(written, p, f, o, entry.nevra());
    written += (long) p + f + o;
    count++;
    if (pending.size() >= FLUSH_AT) {
      flush();
    }
    return ref;
  }

  /**
   * @return how many packages were added
   */
  public int count() {
    return count;
  }

  private interface Body {
    void write(XmlWriter xml, PackageEntry entry) throws IOException;
  }

  private int serialize(PackageEntry entry, Body body) throws IOException {
    StringWriter chars = new StringWriter(2048);
    body.write(new XmlWriter(chars), entry);
    byte[] bytes = chars.toString().getBytes(StandardCharsets.UTF_8);
    pending.write(bytes);
    return bytes.length;
  }

  private void flush() throws IOException {
    if (pending.size() == 0) {
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(pending.toByteArray());
    long at = written - b.remaining();
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
    pending.reset();
  }

  /** Which of a package's records. */
  enum Part {
    PRIMARY,
    FILELISTS,
    OTHER
  }

  /**
   * Copies one record to a stream.
   *
   * @param ref the package
   * @param part which record
   * @param out where to
   * @throws IOException if reading or writing fails
   */
  void copy(Ref ref, Part part, OutputStream out) throws IOException {
    flush();
    long at = ref.offset();
    int length = ref.primary();
    if (part != Part.PRIMARY) {
      at += ref.primary();
      length = ref.filelists();
      if (part == Part.OTHER) {
        at += ref.filelists();
        length = ref.other();
      }
    }
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      int n = channel.read(b, at + b.position());
      if (n < 0) {
        throw new IOException("the record spill " + file + " is shorter than expected");
      }
    }
    out.write(b.array(), 0, length);
  }

  /** Closes and deletes the scratch file. */
  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
