package dev.konflux.ecosystem.maven.internal.write;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.spi.LocalBlob;
import dev.konflux.ecosystem.util.BoundedReads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A local layer file read once as a stream that verifies it (like the blob reader's verifying
 * stream: the end is reported only once every byte matched the layer's digest), which can also
 * write a stretch of the layer to a file on the way: while {@link #copyInto} is set, each read
 * copies the next bytes from the layer into that file inside the kernel ({@link
 * FileChannel#transferTo}, much cheaper on the release machines than writing them from a buffer)
 * and returns the bytes read back from the copy. Those returned bytes are what the layer's digest
 * and every consumer (the file's own digests) see, so the file holds exactly the bytes hashed, and
 * once the layer's digest matched, exactly the layer's bytes: there is no second read of the layer
 * and nothing to compare.
 */
public final class CopyingLayerStream extends InputStream {
  private static final int SKIP_BUFFER = 64 * 1024;

  private final LocalBlob blob;
  private final FileChannel file;
  private final MessageDigest layerDigest;
  private final long size;
  private long position;
  private boolean verified;
  private @Nullable FileChannel copy;
  private long copyPosition;

  /**
   * @param blob the layer's local file; not closed here
   */
  public CopyingLayerStream(LocalBlob blob) {
    this.blob = Objects.requireNonNull(blob, "blob");
    this.file = blob.channel();
    this.layerDigest = blob.newDigest();
    this.size = blob.size();
  }

  /**
   * From now on, reads copy the layer's bytes into {@code target} (written from its position 0,
   * which must be empty) and return them read back from it; {@code null} ends copying.
   *
   * @param target an empty file opened for reading and writing, or {@code null}
   */
  public void copyInto(@Nullable FileChannel target) {
    this.copy = target;
    this.copyPosition = 0;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    long left = size - position;
    if (left <= 0) {
      verify();
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int want = (int) Math.min(len, left);
    FileChannel target = copy;
    int n = target == null ? readLayer(b, off, want) : copyAndReadBack(target, b, off, want);
    layerDigest.update(b, off, n);
    position += n;
    if (position == size) {
      // Eagerly, like the verifying stream: a reader that stops at the layer's end (a tar reader
      // does) still gets the check.
      verify();
    }
    return n;
  }

  private int readLayer(byte[] b, int off, int want) throws IOException {
    int n = file.read(ByteBuffer.wrap(b, off, want), position);
    if (n <= 0) {
      throw shorter();
    }
    return n;
  }

  private int copyAndReadBack(FileChannel target, byte[] b, int off, int want) throws IOException {
    long copied = file.transferTo(position, want, target);
    if (copied <= 0) {
      throw shorter();
    }
    int n = (int) copied;
    ByteBuffer back = ByteBuffer.wrap(b, off, n);
    while (back.hasRemaining()) {
      if (target.read(back, copyPosition + back.position() - off) < 0) {
        throw new IOException(
            "the copy of layer "
                + blob.descriptor().digest()
                + " ended after "
                + (copyPosition + back.position() - off)
                + " bytes; "
                + n
                + " more were just written to it");
      }
    }
    copyPosition += n;
    return n;
  }

  private BlobIntegrityException shorter() {
    // The file is shorter than when it was opened: what was read cannot be the layer.
    return new BlobIntegrityException(
        "layer " + blob.descriptor().digest(),
        blob.descriptor().digest(),
        "the file ended after " + position + " of " + size + " bytes");
  }

  /** Skipped bytes are read and hashed like any others (never copied). */
  @Override
  public long skip(long n) throws IOException {
    FileChannel target = copy;
    copy = null;
    try {
      return BoundedReads.skipByReading(this, n, SKIP_BUFFER);
    } finally {
      copy = target;
    }
  }

  /**
   * Reads (and hashes) whatever is left of the layer after the archive's end, then checks the
   * layer's digest.
   *
   * @throws IOException if the rest cannot be read
   * @throws BlobIntegrityException if the layer does not match its digest
   */
  public void finish() throws IOException {
    copy = null;
    skip(Long.MAX_VALUE);
    verify();
  }

  private void verify() throws BlobIntegrityException {
    if (!verified) {
      blob.verify(layerDigest, position);
      verified = true;
    }
  }

  /**
   * @return whether every byte was read and matched the layer's digest
   */
  public boolean isVerified() {
    return verified;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, size - position);
  }

  /** The layer's file belongs to the caller's {@link LocalBlob}; nothing to close here. */
  @Override
  public void close() {
    copy = null;
  }
}
