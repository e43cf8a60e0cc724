package dev.konflux.ecosystem.internal.io;

import java.io.IOException;
import java.io.InputStream;

/** Implements {@link InputStream#read()} on top of a stream's array read. */
public final class SingleByteRead {
  private SingleByteRead() {}

  /**
   * @param stream the stream whose {@code read(byte[], int, int)} does the work
   * @return the next byte, or -1 at end of stream
   * @throws IOException from the stream
   */
  public static int next(InputStream stream) throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      // 0 is not a byte: an underlying stream may return 0 for a non-empty read.
      n = stream.read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }
}
