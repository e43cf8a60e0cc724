package dev.konflux.ecosystem.internal.io;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Hashes and counts every byte read and checks size and digest. The check runs when the underlying
 * stream ends, and a mismatch is thrown instead of returning end of stream, so no reader ever sees
 * a "complete" unverified blob. Reading past the declared size fails at once.
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final Digest expected;
  private final long expectedSize;
  private final String what;
  private final MessageDigest md;
  private final @Nullable LongConsumer progress;
  private long count;
  private boolean verified;

  /**
   * @param in the raw stream
   * @param expected the digest the bytes must have
   * @param expectedSize the size they must have
   * @param what description for messages
   * @param progress receives the running byte count (may be null)
   */
  public VerifyingInputStream(
      InputStream in,
      Digest expected,
      long expectedSize,
      String what,
      @Nullable LongConsumer progress) {
    super(in);
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.what = what;
    this.md = expected.newMessageDigest();
    this.progress = progress;
  }

  @Override
  public int read() throws IOException {
    return SingleByteRead.next(this);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (verified) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n = in.read(b, off, len);
    if (n < 0) {
      verify();
      return -1;
    }
    count += n;
    if (count > expectedSize) {
      throw new BlobIntegrityException(
          what, expected, "more bytes than the declared size " + expectedSize);
    }
    md.update(b, off, n);
    if (progress != null) {
      progress.accept(count);
    }
    if (count == expectedSize) {
      // Verify eagerly at the declared size: a consumer that stops reading exactly at the size
      // (e.g. a tar reader) still gets the check; the next read then confirms end of stream.
      verify();
    }
    return n;
  }

  private void verify() throws IOException {
    if (verified) {
      return;
    }
    if (count != expectedSize) {
      throw new BlobIntegrityException(
          what, expected, "stream ended after " + count + " of " + expectedSize + " bytes");
    }
    byte[] actual = md.digest();
    if (!expected.matches(actual)) {
      throw new BlobIntegrityException(
          what,
          expected,
          "content has digest "
              + expected.algorithm()
              + ":"
              + java.util.HexFormat.of().formatHex(actual)
              + ", not the expected one");
    }
    verified = true;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must be hashed too.
    return BoundedReader.skipByReading(this, n, 8192);
  }

  @Override
  public int available() throws IOException {
    return verified ? 0 : in.available();
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  /**
   * @return bytes read so far
   */
  public long count() {
    return count;
  }

  /**
   * @return whether size and digest were confirmed
   */
  public boolean isVerified() {
    return verified;
  }
}
