package dev.konflux.ecosystem.maven.internal.write;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Copies files to disk while computing their MD5, SHA-1, SHA-256 and SHA-512, as a pipeline over
 * both cores: the calling thread only reads (and whatever its stream does: verifying the layer's
 * own digest, parsing the archive) into pooled chunks; three threads of their own take every chunk
 * in order: one computes MD5 and SHA-256, one SHA-1 and SHA-512 (about the same CPU each), one
 * writes the chunk to the file. The caller goes on with the next file as soon as a file is read, so
 * the reading of one file overlaps the hashing and writing of the ones before it. A file the
 * reading itself wrote ({@link #submitWritten}, as {@link CopyingLayerStream} does) is only hashed.
 *
 * <p>Memory is bounded by the chunk pool (a fixed number of fixed-size buffers; the reader waits
 * for a free one). Results come back per file, in the order the caller asks for them ({@link
 * Pending#await()}); a failure to write one file is reported by its own {@link Pending}, so the
 * caller reports the first failure in its own order. Every byte read is hashed and written from the
 * same buffer.
 */
public final class DigestPipeline implements AutoCloseable {
  /** Chunk size: small enough that a chunk stays in the cache while three threads touch it. */
  static final int CHUNK = 256 * 1024;

  private static final int CHUNKS = 48; // 12 MiB in flight at most

  private final BlockingQueue<byte[]> pool;
  private final Stage hashA = new Stage("konflux-maven-md5-sha256");
  private final Stage hashB = new Stage("konflux-maven-sha1-sha512");
  private final Stage writer = new Stage("konflux-maven-write");

  /** A pipeline with the default chunk size and pool. */
  public DigestPipeline() {
    this(CHUNK, CHUNKS);
  }

  /**
   * @param chunkSize bytes per chunk
   * @param chunks chunks in the pool (at least one)
   */
  DigestPipeline(int chunkSize, int chunks) {
    if (chunkSize < 1 || chunks < 1) {
      throw new IllegalArgumentException("chunkSize and chunks must be positive");
    }
    this.pool = new ArrayBlockingQueue<>(chunks);
    for (int i = 0; i < chunks; i++) {
      pool.add(new byte[chunkSize]);
    }
  }

  /**
   * Reads {@code in} to its end on the calling thread and queues its bytes for hashing and for
   * writing to {@code destination} (created or truncated). Returns once everything is read.
   *
   * @param in the content; read to its end, not closed
   * @param destination the file to write
   * @return the file's pending result
   * @throws IOException if reading fails (the file's writing is abandoned then; whatever was
   *     written of it stays)
   */
  public Pending submit(InputStream in, Path destination) throws IOException {
    return submit(in, destination, true);
  }

  /**
   * As {@link #submit(InputStream, Path)} for a file that reading {@code in} writes by itself
   * ({@link CopyingLayerStream#copyInto}): its bytes, as read, are only hashed.
   *
   * @param in the content; read to its end, not closed
   * @param destination the file that reading {@code in} writes
   * @return the file's pending result
   * @throws IOException if reading fails
   */
  public Pending submitWritten(InputStream in, Path destination) throws IOException {
    return submit(in, destination, false);
  }

  private Pending submit(InputStream in, Path destination, boolean write) throws IOException {
    Pending job = new Pending(this, destination, write);
    boolean done = false;
    try {
      while (true) {
        byte[] buf = take();
        int n;
        try {
          n = in.readNBytes(buf, 0, buf.length);
        } catch (IOException | RuntimeException e) {
          pool.add(buf);
          throw e;
        }
        if (n == 0) {
          pool.add(buf);
          break;
        }
        Chunk chunk = new Chunk(buf, n, write ? 3 : 2);
        hashA.post(() -> job.hashA(chunk));
        hashB.post(() -> job.hashB(chunk));
        if (write) {
          writer.post(() -> job.write(chunk));
        }
        if (n < buf.length) {
          break;
        }
      }
      done = true;
    } finally {
      boolean complete = done;
      hashA.post(() -> job.finishA(complete));
      hashB.post(job::finishB);
      writer.post(() -> job.finishWrite(complete));
    }
    return job;
  }

  private byte[] take() throws InterruptedIOException {
    try {
      return pool.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a buffer");
    }
  }

  private @Nullable RuntimeException failure() {
    for (Stage s : new Stage[] {hashA, hashB, writer}) {
      RuntimeException e = s.failure;
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  /** Ends the threads once they have done what was queued. */
  @Override
  public void close() {
    hashA.stop();
    hashB.stop();
    writer.stop();
  }

  /** A filled buffer; back to the pool when the stages using it are done with it. */
  private final class Chunk {
    final byte[] buf;
    final int len;
    private final AtomicInteger users;

    Chunk(byte[] buf, int len, int users) {
      this.buf = buf;
      this.len = len;
      this.users = new AtomicInteger(users);
    }

    void release() {
      if (users.decrementAndGet() == 0) {
        pool.add(buf);
      }
    }
  }

  /** One file in the pipeline: its digests and its file, filled by the stages in chunk order. */
  public static final class Pending {
    private final DigestPipeline owner;
    private final Path destination;
    private final boolean write;
    private final CountDownLatch stages = new CountDownLatch(3);
    private final MessageDigest md5 = ParallelDigester.digest("MD5");
    private final MessageDigest sha1 = ParallelDigester.digest("SHA-1");
    private final MessageDigest sha256 = ParallelDigester.digest("SHA-256");
    private final MessageDigest sha512 = ParallelDigester.digest("SHA-512");
    // Each field is written by one stage thread and read after the latch (happens-before).
    private long size;
    private @Nullable FileChannel out;
    private @Nullable IOException writeFailure;
    private boolean complete;
    private @Nullable FileDigests result;

    Pending(DigestPipeline owner, Path destination, boolean write) {
      this.owner = owner;
      this.destination = destination;
      this.write = write;
    }

    /**
     * @return where the file is written
     */
    public Path destination() {
      return destination;
    }

    private void hashA(Chunk c) {
      try {
        md5.update(c.buf, 0, c.len);
        sha256.update(c.buf, 0, c.len);
      } finally {
        c.release();
      }
    }

    private void hashB(Chunk c) {
      try {
        sha1.update(c.buf, 0, c.len);
        sha512.update(c.buf, 0, c.len);
        size += c.len;
      } finally {
        c.release();
      }
    }

    private void write(Chunk c) {
      try {
        if (writeFailure == null) {
          FileChannel ch = open();
          ByteBuffer b = ByteBuffer.wrap(c.buf, 0, c.len);
          while (b.hasRemaining()) {
            ch.write(b);
          }
        }
      } catch (IOException e) {
        fail(e);
      } finally {
        c.release();
      }
    }

    private FileChannel open() throws IOException {
      FileChannel ch = out;
      if (ch == null) {
        ch =
            FileChannel.open(
                destination,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        out = ch;
      }
      return ch;
    }

    private void fail(IOException e) {
      if (writeFailure == null) {
        writeFailure = e;
      }
      FileChannel ch = out;
      out = null;
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
    }

    private void finishA(boolean wholeFile) {
      complete = wholeFile;
      stages.countDown();
    }

    private void finishB() {
      stages.countDown();
    }

    private void finishWrite(boolean wholeFile) {
      try {
        if (write && writeFailure == null) {
          FileChannel ch = wholeFile ? open() : out;
          out = null;
          if (ch != null) {
            ch.close();
          }
        }
      } catch (IOException e) {
        fail(e);
      } finally {
        stages.countDown();
      }
    }

    /**
     * Waits for the file's stages to end.
     *
     * @return the failure to write the file, or {@code null} if none
     * @throws InterruptedIOException if interrupted while waiting
     */
    public @Nullable IOException writeFailure() throws InterruptedIOException {
      waitForStages();
      return writeFailure;
    }

    private void waitForStages() throws InterruptedIOException {
      try {
        stages.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while hashing " + destination);
      }
    }

    /**
     * Waits for the file to be hashed and written.
     *
     * @return its digests
     * @throws IOException if writing it failed, or its content was not read to the end
     */
    public FileDigests await() throws IOException {
      waitForStages();
      RuntimeException broken = owner.failure();
      if (broken != null) {
        throw new IllegalStateException("hashing " + destination + " failed", broken);
      }
      if (writeFailure != null) {
        throw writeFailure;
      }
      if (!complete) {
        throw new IOException("reading the content of " + destination + " did not complete");
      }
      FileDigests r = result;
      if (r == null) {
        r = ParallelDigester.finish(size, md5, sha1, sha256, sha512);
        result = r;
      }
      return r;
    }
  }

  /** One thread running posted tasks in order. */
  private static final class Stage {
    private static final Runnable STOP =
        new Runnable() {
          @Override
          public void run() {}
        };
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile @Nullable RuntimeException failure;

    Stage(String name) {
      thread = new Thread(this::run, name);
      thread.setDaemon(true);
      thread.start();
    }

    void post(Runnable task) {
      tasks.add(task);
    }

    void stop() {
      tasks.add(STOP);
    }

    private void run() {
      List<Runnable> batch = new ArrayList<>();
      while (true) {
        Runnable task;
        try {
          task = tasks.take();
        } catch (InterruptedException e) {
          return;
        }
        batch.add(task);
        tasks.drainTo(batch);
        for (Runnable r : batch) {
          if (r == STOP) {
            return;
          }
          try {
            r.run();
          } catch (RuntimeException e) {
            // A bug, not an I/O failure (those are the files' own): every later result fails.
            if (failure == null) {
              failure = e;
            }
          }
        }
        batch.clear();
      }
    }
  }
}
