package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.Digest;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A compressed XML metadata file being written: UTF-8 XML bytes go in, and on the way to disk both
 * the uncompressed bytes (open-checksum, open-size) and the compressed bytes (checksum, size) are
 * hashed and counted, in one pass.
 *
 * <p>The hashing, compression and writing run on a thread of their own, fed with chunks of the XML
 * through a short queue: deflating the 70 MB of XML of a 50,000-package repository was a fifth of
 * the release thread's time in an update (perf), and it needs nothing but the bytes. The writer
 * never waits for more than a few chunks; a failure of the thread is thrown to the writer at its
 * next chunk or at {@link #close()}.
 */
final class MetadataStream implements Closeable {
  private static final int CHUNK = 256 << 10;
  private static final byte[] END = new byte[0];

  private final HashingOutputStream stored;
  private final HashingOutputStream open;
  private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(4);
  private final Thread compressor;
  private final OutputStream out;
  private volatile @Nullable Throwable failure;
  private boolean closed;

  /** A chunk of XML: {@code length} bytes of {@code bytes}, or {@link #END}. */
  private record Chunk(byte[] bytes, int length) {}

  MetadataStream(Path file, MetadataCompression compression) throws IOException {
    this(new BufferedOutputStream(Files.newOutputStream(file), CHUNK), compression);
  }

  /**
   * @param fileOut where the compressed bytes go; closed by {@link #close()}
   * @param compression how they are compressed
   */
  MetadataStream(OutputStream fileOut, MetadataCompression compression) throws IOException {
    stored = new HashingOutputStream(fileOut);
    OutputStream compressed;
    try {
      compressed = compression.compress(stored);
    } catch (IOException | RuntimeException e) {
      fileOut.close();
      throw e;
    }
    open = new HashingOutputStream(compressed);
    compressor = new Thread(this::compress, "konflux-native-rpm-metadata");
    compressor.setDaemon(true);
    compressor.start();
    out = new ChunkOutputStream();
  }

  /** The compressor thread: every chunk into the hashing, compressing, writing chain. */
  private void compress() {
    boolean failed = false;
    try {
      while (true) {
        Chunk c = chunks.take();
        if (c.bytes() == END) {
          break;
        }
        if (!failed) {
          try {
            open.write(c.bytes(), 0, c.length());
          } catch (IOException | RuntimeException e) {
            failure = e;
            failed = true; // keep taking chunks, so that the writer never blocks on a full queue
          }
        }
      }
      if (!failed) {
        open.close(); // finishes the compressed stream and closes the file
      } else {
        closeQuietly();
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
      closeQuietly();
    } catch (InterruptedException e) {
      failure = e;
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      open.close();
    } catch (IOException | RuntimeException e) {
      // the first failure is the one reported
    }
  }

  /**
   * Fills a chunk and hands it, full, to the compressor thread (no copy: a new chunk is started);
   * {@link #flush} hands over a partly filled one.
   */
  private final class ChunkOutputStream extends OutputStream {
    private byte[] chunk = new byte[CHUNK];
    private int filled;

    @Override
    public void write(int b) throws IOException {
      if (filled == chunk.length) {
        flush();
      }
      chunk[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int at = off;
      int left = len;
      while (left > 0) {
        if (filled == chunk.length) {
          flush();
        }
        int n = Math.min(left, chunk.length - filled);
        System.arraycopy(b, at, chunk, filled, n);
        filled += n;
        at += n;
        left -= n;
      }
    }

    @Override
    public void flush() throws IOException {
      if (filled > 0) {
        put(new Chunk(chunk, filled));
        chunk = new byte[CHUNK];
        filled = 0;
      }
    }
  }

  /**
   * Queues a chunk. Waits while the queue is full and the compressor thread lives (it takes every
   * chunk, failed or not, until {@link #END}; only an {@link Error} ends it early).
   */
  private void put(Chunk c) throws IOException {
    rethrow();
    queue(c);
  }

  private void queue(Chunk c) throws IOException {
    try {
      while (!chunks.offer(c, 100, TimeUnit.MILLISECONDS)) {
        if (!compressor.isAlive()) {
          rethrow();
          throw new IOException("repodata compression stopped");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing repodata");
    }
  }

  private void rethrow() throws IOException {
    Throwable f = failure;
    if (f instanceof IOException io) {
      throw new IOException(io.getMessage(), io);
    }
    if (f instanceof InterruptedException) {
      throw new InterruptedIOException("repodata compression was interrupted");
    }
    if (f instanceof RuntimeException r) {
      throw new IOException("repodata compression failed: " + r, r);
    }
  }

  /**
   * @return where the uncompressed XML goes
   */
  OutputStream out() {
    return out;
  }

  /**
   * Flushes, finishes compression, closes the file; waits for the compressor thread.
   *
   * @throws IOException if writing, compressing or closing failed
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException flushFailed = null;
    try {
      out.flush();
    } catch (IOException e) {
      flushFailed = e;
    }
    try {
      queue(new Chunk(END, 0)); // also after a failure: the thread ends on it
    } catch (IOException e) {
      if (flushFailed == null) {
        flushFailed = e;
      }
    }
    try {
      compressor.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      compressor.interrupt();
      throw new InterruptedIOException("interrupted while finishing repodata");
    }
    if (flushFailed != null) {
      throw flushFailed;
    }
    rethrow();
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
