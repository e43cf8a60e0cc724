package dev.konflux.ecosystem.rpm.internal.target;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.spi.LocalBlob;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a local layer file once, from its start to its declared size, hashing every byte into the
 * layer's digest (and cg_import.json's, if it states another algorithm) as it lands in the reader's
 * buffer: the bytes hashed are the bytes the reader uses, never read again. Like the verifying
 * stream, the end of the layer is reported only once its bytes matched the layer's digest; {@link
 * #verify} checks that all of them were read and matched.
 */
final class LayerChannel implements ReadableByteChannel {
  private final LocalBlob blob;
  private final FileChannel file;
  private final MessageDigest layerDigest;
  private final @Nullable MessageDigest other;
  private final long size;
  private long position;
  private boolean open = true;
  private boolean verified;

  /**
   * @param blob the layer's local file (not closed here)
   * @param other a second digest fed the same bytes, or {@code null}
   */
  LayerChannel(LocalBlob blob, @Nullable MessageDigest other) {
    this.blob = Objects.requireNonNull(blob, "blob");
    this.file = blob.channel();
    this.layerDigest = blob.newDigest();
    this.other = other;
    this.size = blob.size();
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
    long left = size - position;
    if (left <= 0) {
      // Like the verifying stream: the end is seen only by a reader whose bytes matched.
      verify();
      return -1;
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    int start = dst.position();
    int limit = dst.limit();
    if (dst.remaining() > left) {
      dst.limit(start + (int) left);
    }
    int n;
    try {
      n = file.read(dst, position);
    } finally {
      dst.limit(limit);
    }
    if (n < 0) {
      // The file is shorter than when it was opened: what was read cannot be the layer.
      throw new BlobIntegrityException(
          "layer " + blob.descriptor().digest(),
          blob.descriptor().digest(),
          "the file ended after " + position + " of " + size + " bytes");
    }
    if (n > 0) {
      ByteBuffer read = dst.duplicate();
      read.position(start).limit(start + n);
      if (other != null) {
        other.update(read.duplicate());
      }
      layerDigest.update(read);
      position += n;
    }
    return n;
  }

  /**
   * Checks that every byte of the layer was read and that they hash to the layer's digest.
   *
   * @throws BlobIntegrityException if not
   */
  void verify() throws BlobIntegrityException {
    if (verified) {
      return;
    }
    blob.verify(layerDigest, position);
    verified = true;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
