package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.Digest;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A compressed XML metadata file being written: UTF-8 XML bytes go in, and on the way to disk both
 * the uncompressed bytes (open-checksum, open-size) and the compressed bytes (checksum, size) are
 * hashed and counted, in one pass.
 */
final class MetadataStream implements Closeable {
  private final HashingOutputStream stored;
  private final HashingOutputStream open;
  private final OutputStream out;
  private boolean closed;

  MetadataStream(Path file, MetadataCompression compression) throws IOException {
    OutputStream fileOut = new BufferedOutputStream(Files.newOutputStream(file), 256 << 10);
    stored = new HashingOutputStream(fileOut);
    open = new HashingOutputStream(compression.compress(stored));
    out = new BufferedOutputStream(open, 256 << 10);
  }

  /**
   * @return where the uncompressed XML goes
   */
  OutputStream out() {
    return out;
  }

  /** Flushes, finishes compression, closes the file. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }

  Digest openChecksum() {
    return open.digest();
  }

  long openSize() {
    return open.count();
  }

  Digest checksum() {
    return stored.digest();
  }

  long size() {
    return stored.count();
  }
}
