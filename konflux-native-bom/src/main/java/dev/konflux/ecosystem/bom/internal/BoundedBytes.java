package dev.konflux.ecosystem.bom.internal;

import dev.konflux.ecosystem.bom.SbomException;
import dev.konflux.ecosystem.bom.SbomSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads a document into memory, never past a limit: a declared size over the limit fails before the
 * first byte, a stream that runs past it fails as soon as it does. Both SBOM libraries need the
 * whole document (schema validation, then parsing), so it is held once, bounded.
 */
public final class BoundedBytes {
  private BoundedBytes() {}

  /**
   * @param in the document stream (read to its end, so a verifying stream checks its digest)
   * @param limit the largest document accepted, in bytes
   * @param source the document, for errors
   * @return its bytes
   * @throws SbomException {@code TOO_LARGE} past the limit
   * @throws IOException if reading fails
   */
  public static byte[] read(InputStream in, long limit, SbomSource source)
      throws SbomException, IOException {
    if (source.size() > limit) {
      throw tooLarge(source, limit, "declares " + source.size() + " bytes");
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(
            (int) Math.min(limit, source.size() > 0 ? source.size() : 1 << 16));
    byte[] buf = new byte[1 << 16];
    long total = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      total += n;
      if (total > limit) {
        throw tooLarge(source, limit, "exceeds it after " + total + " bytes read");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static SbomException tooLarge(SbomSource source, long limit, String what) {
    return new SbomException(
        source,
        SbomException.Reason.TOO_LARGE,
        "larger than the limit of "
            + limit
            + " bytes ("
            + what
            + "); raise SbomReader.Builder.maxBytes to accept it",
        List.of(),
        null);
  }
}
