package dev.konflux.ecosystem.internal.io;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads small documents (manifests, snapshots, signatures) with a hard size limit, and skips by
 * reading (behind {@link dev.konflux.ecosystem.util.BoundedReads}).
 */
public final class BoundedReader {
  private BoundedReader() {}

  /**
   * @param in the stream (not closed)
   * @param limit the most bytes accepted
   * @param what description for messages
   * @return all bytes
   * @throws InvalidInputException if more than limit bytes are available
   * @throws IOException on read failure
   */
  public static byte[] readAtMost(InputStream in, int limit, String what)
      throws InvalidInputException, IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
    byte[] buf = new byte[8192];
    long total = 0;
    int n;
    // Only -1 ends the document: a read answering 0 bytes is not its end.
    while ((n = in.read(buf)) >= 0) {
      total += n;
      if (total > limit) {
        throw new InvalidInputException(what + " is larger than " + limit + " bytes");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** Thrown by a {@link #limited} stream past its limit. */
  public static final class LimitExceededException extends IOException {
    private static final long serialVersionUID = 1L;

    LimitExceededException(String message) {
      super(message);
    }
  }

  /**
   * @param in the stream (closed with the returned one)
   * @param limit the most bytes it may give
   * @param what description for messages
   * @return a stream of the same bytes that throws {@link LimitExceededException} when {@code in}
   *     has more than {@code limit}
   */
  public static InputStream limited(InputStream in, long limit, String what) {
    return new java.io.FilterInputStream(in) {
      private long total;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count(1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          count(n);
        }
        return n;
      }

      private void count(int n) throws LimitExceededException {
        total += n;
        if (total > limit) {
          throw new LimitExceededException(what + " is larger than " + limit + " bytes");
        }
      }
    };
  }

  /**
   * See {@link dev.konflux.ecosystem.util.BoundedReads#skipByReading}: here so that this package's
   * streams use it without depending on the public util package.
   *
   * @param in the stream (not closed)
   * @param n how many bytes to skip; zero or less skips nothing
   * @param bufferSize the most bytes read at once
   * @return the count of bytes skipped, fewer than {@code n} only at end of stream
   * @throws IOException on read failure
   */
  public static long skipByReading(InputStream in, long n, int bufferSize) throws IOException {
    if (bufferSize < 1) {
      throw new IllegalArgumentException("buffer size " + bufferSize + " is less than one");
    }
    if (n <= 0) {
      return 0;
    }
    byte[] buf = new byte[(int) Math.min(bufferSize, n)];
    long left = n;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        break;
      }
      left -= r;
    }
    return n - left;
  }
}
