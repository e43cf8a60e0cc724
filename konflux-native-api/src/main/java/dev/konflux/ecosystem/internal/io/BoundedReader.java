package dev.konflux.ecosystem.internal.io;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads small documents (manifests, snapshots, signatures) with a hard size limit. */
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
}
