package dev.konflux.ecosystem.util;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.internal.io.BoundedReader;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads small untrusted documents (manifests, metadata files, signatures) with a hard size limit.
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
}
