package dev.konflux.ecosystem.maven.internal.write;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies a stream to an output while computing MD5, SHA-1, SHA-256 and SHA-512 over it, in one
 * read: the four digests cost far more CPU than the copy, so each chunk's MD5 and SHA-1 run on a
 * second thread while the calling thread computes SHA-256 and SHA-512 and writes the chunk. Two
 * threads, because two is what the release machines have; chunks under 64 KiB are hashed on the
 * calling thread alone, where the hand-off would cost more than it saves.
 */
public final class ParallelDigester implements AutoCloseable {
  private static final int CHUNK = 1 << 20;
  private static final int PARALLEL_THRESHOLD = 64 * 1024;

  private final ExecutorService helper =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "konflux-maven-digest");
            t.setDaemon(true);
            return t;
          });
  private final byte[] buffer = new byte[CHUNK];

  /**
   * @param in the content; read to its end, not closed
   * @param out where the content is copied; not closed
   * @return the digests of everything copied
   * @throws IOException if reading or writing fails
   */
  public FileDigests copy(InputStream in, OutputStream out) throws IOException {
    MessageDigest md5 = digest("MD5");
    MessageDigest sha1 = digest("SHA-1");
    MessageDigest sha256 = digest("SHA-256");
    MessageDigest sha512 = digest("SHA-512");
    long size = 0;
    int n;
    while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
      final int len = n;
      if (len >= PARALLEL_THRESHOLD) {
        Future<?> other =
            helper.submit(
                () -> {
                  md5.update(buffer, 0, len);
                  sha1.update(buffer, 0, len);
                });
        sha256.update(buffer, 0, len);
        sha512.update(buffer, 0, len);
        out.write(buffer, 0, len);
        await(other);
      } else {
        md5.update(buffer, 0, len);
        sha1.update(buffer, 0, len);
        sha256.update(buffer, 0, len);
        sha512.update(buffer, 0, len);
        out.write(buffer, 0, len);
      }
      size += len;
    }
    return finish(size, md5, sha1, sha256, sha512);
  }

  /** The file's digests, with unfinished SHA-2 states the signature continues from. */
  static FileDigests finish(
      long size,
      MessageDigest md5,
      MessageDigest sha1,
      MessageDigest sha256,
      MessageDigest sha512) {
    MessageDigest state256;
    MessageDigest state512;
    try {
      // Kept unfinished: the signature continues from here instead of reading the file again.
      state256 = (MessageDigest) sha256.clone();
      state512 = (MessageDigest) sha512.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-2 digests are cloneable", e);
    }
    return new FileDigests(
        size,
        FileDigests.hex(md5.digest()),
        FileDigests.hex(sha1.digest()),
        FileDigests.hex(sha256.digest()),
        FileDigests.hex(sha512.digest()),
        state256,
        state512);
  }

  private static void await(Future<?> f) throws IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
    } catch (ExecutionException e) {
      throw new IllegalStateException("hashing failed", e.getCause());
    }
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  @Override
  public void close() {
    helper.shutdownNow();
  }
}
