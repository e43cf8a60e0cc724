package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.Digest;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A compressed XML metadata file being written: XML text goes in, and on the way to disk both the
 * uncompressed bytes (open-checksum, open-size) and the compressed bytes (checksum, size) are
 * hashed and counted, in one pass.
 */
final class MetadataStream implements Closeable {
  private final HashingOutputStream stored;
  private final HashingOutputStream open;
  private final BufferedWriter chars;
  private final XmlWriter xml;
  private boolean closed;

  MetadataStream(Path file, MetadataCompression compression) throws IOException {
    OutputStream fileOut = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
    stored = new HashingOutputStream(fileOut);
    open = new HashingOutputStream(compression.compress(stored));
    chars = new BufferedWriter(new OutputStreamWriter(open, StandardCharsets.UTF_8), 64 * 1024);
    xml = new XmlWriter(chars);
  }

  XmlWriter xml() {
    return xml;
  }

  /** Flushes, finishes compression, closes the file. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      chars.close();
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
