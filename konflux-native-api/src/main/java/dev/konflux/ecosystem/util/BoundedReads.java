package dev.konflux.ecosystem.util;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.internal.io.BoundedReader;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads small untrusted documents (manifests, metadata files, signatures) with a hard size limit,
 * and skips through streams by reading them.
 */
public final class BoundedReads {
  private BoundedReads() {}

  /**
   * Reads a stream to its end, failing as soon as it holds more than {@code limit} bytes: an
   * oversized document is never buffered whole.
   *
   * @param in the stream (not closed)
   * @param limit the most bytes accepted
   * @param what a name for messages
   * @return all bytes
   * @throws InvalidInputException if more than {@code limit} bytes are available
   * @throws IOException on read failure
   */
  public static byte[] readAtMost(InputStream in, int limit, String what)
      throws InvalidInputException, IOException {
    return BoundedReader.readAtMost(in, limit, what);
  }

  /**
   * Skips by reading: every skipped byte is read through {@code in}'s {@code read(byte[], int,
   * int)}, so it still passes through the hashing and counting filters {@code in} is made of (a
   * verifying stream's digest covers it, a layer's end is still reached and checked). {@link
   * InputStream#skip} may seek past bytes instead; a filter whose digest must see every byte
   * implements its {@code skip} with this method (never with its own {@code skip}, which would
   * recurse).
   *
   * @param in the stream (not closed)
   * @param n how many bytes to skip; zero or less skips nothing
   * @param bufferSize the most bytes read at once (a buffer of at most this size, and of at most
   *     {@code n}, is allocated per call)
   * @return the count of bytes skipped: {@code n}, or fewer when the stream ended first
   * @throws IllegalArgumentException if {@code bufferSize} is less than one
   * @throws IOException on read failure, or as a filter of {@code in} rejects what was read
   */
  public static long skipByReading(InputStream in, long n, int bufferSize) throws IOException {
    return BoundedReader.skipByReading(in, n, bufferSize);
  }
}
