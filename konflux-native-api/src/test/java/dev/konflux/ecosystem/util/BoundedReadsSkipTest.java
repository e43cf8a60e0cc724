package dev.konflux.ecosystem.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.internal.io.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * {@link BoundedReads#skipByReading}: skipped bytes go through the stream's filters. The streams
 * here are {@link DigestInputStream}s over byte arrays, whose own {@code skip} seeks past bytes
 * without hashing them: only a skip that reads gives the digest of the whole stream.
 */
class BoundedReadsSkipTest {

  /** At most {@code most} bytes per read, as network and archive streams give them. */
  private static InputStream shortReads(byte[] data, int most) {
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, most));
      }
    };
  }

  private static byte[] bytes(int length, long seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return data;
  }

  /**
   * Skipping {@code n} bytes of a stream of any length, in reads of any size, then reading the
   * rest: the count is {@code n} or what the stream held, the rest is the stream's tail, and the
   * digest fed by the stream is that of every byte of it.
   */
  @Property(tries = 200)
  void skippedBytesAreFedToTheDigestLikeReadOnes(
      @ForAll @IntRange(max = 70_000) int length,
      @ForAll @LongRange(min = -5, max = 80_000) long n,
      @ForAll @IntRange(min = 1, max = 20_000) int bufferSize,
      @ForAll @IntRange(min = 1, max = 9_000) int readSize)
      throws Exception {
    byte[] data = bytes(length, length * 31L + n);
    MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
    try (InputStream in = new DigestInputStream(shortReads(data, readSize), md)) {
      long skipped = BoundedReads.skipByReading(in, n, bufferSize);

      assertEquals(Math.max(0, Math.min(n, length)), skipped);
      byte[] rest = in.readAllBytes();
      assertArrayEquals(Arrays.copyOfRange(data, (int) skipped, length), rest);
    }
    assertEquals(Digest.sha256Of(data), Digest.sha256(md.digest()));
  }

  /**
   * A verifying stream skipped through: every byte is hashed, so the stream verifies when the
   * declared bytes were skipped or read, and a stream holding other bytes fails whether the changed
   * byte was skipped or read.
   */
  @Property(tries = 200)
  void aVerifyingStreamChecksTheBytesItSkips(
      @ForAll @IntRange(min = 1, max = 70_000) int length,
      @ForAll @LongRange(min = 0, max = 80_000) long n,
      @ForAll @IntRange(min = 1, max = 9_000) int readSize,
      @ForAll boolean damaged)
      throws Exception {
    byte[] declared = bytes(length, length * 17L + n);
    byte[] stored = declared.clone();
    int flipped = (int) (n % length);
    if (damaged) {
      stored[flipped] ^= 1;
    }
    VerifyingInputStream in =
        new VerifyingInputStream(
            shortReads(stored, readSize), Digest.sha256Of(declared), length, "test blob", null);
    if (damaged) {
      assertThrows(
          BlobIntegrityException.class,
          () -> {
            in.skip(n);
            in.readAllBytes();
          });
      assertFalse(in.isVerified());
      return;
    }
    long skipped = in.skip(n);
    assertEquals(Math.min(n, length), skipped);
    assertArrayEquals(Arrays.copyOfRange(declared, (int) skipped, length), in.readAllBytes());
    assertTrue(in.isVerified());
  }

  @Test
  void nothingIsReadForNoBytesAndABufferMustHoldOne() throws Exception {
    byte[] data = bytes(10, 1);
    InputStream in = new ByteArrayInputStream(data);
    assertEquals(0, BoundedReads.skipByReading(in, 0, 8));
    assertEquals(0, BoundedReads.skipByReading(in, -3, 8));
    assertEquals(10, in.available());
    assertThrows(IllegalArgumentException.class, () -> BoundedReads.skipByReading(in, 1, 0));
    assertEquals(10, BoundedReads.skipByReading(in, Long.MAX_VALUE, 1));
    assertEquals(0, BoundedReads.skipByReading(in, 5, 8));
  }
}
