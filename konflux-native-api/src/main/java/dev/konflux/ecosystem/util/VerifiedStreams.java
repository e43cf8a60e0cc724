package dev.konflux.ecosystem.util;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.internal.io.VerifyingInputStream;
import java.io.InputStream;
import java.util.Objects;

/**
 * Streams checked against their digest and size as they are read: the last read (at the latest, end
 * of stream) throws {@link dev.konflux.ecosystem.api.BlobIntegrityException} if the bytes do not
 * match, so a consumer that reads to the end never accepts wrong content. For {@link
 * dev.konflux.ecosystem.spi.BlobReader} implementations.
 */
public final class VerifiedStreams {
  private VerifiedStreams() {}

  /**
   * @param in the raw stream (closed with the returned one)
   * @param expected the digest the bytes must have
   * @param expectedSize the size they must have
   * @param what a name for messages
   * @return the verifying stream
   */
  public static InputStream verifying(
      InputStream in, Digest expected, long expectedSize, String what) {
    return new VerifyingInputStream(
        Objects.requireNonNull(in, "in"), expected, expectedSize, what, null);
  }
}
