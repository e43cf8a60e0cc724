package dev.konflux.ecosystem.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {
  private static InputStream verifying(byte[] actual, byte[] expected, long size) {
    return new VerifyingInputStream(
        new ByteArrayInputStream(actual), Digest.sha256Of(expected), size, "blob", null);
  }

  @Test
  void passesMatchingContent() throws IOException {
    byte[] data = "content".getBytes();
    try (InputStream in = verifying(data, data, data.length)) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  @Test
  void singleByteReadsOverAStreamThatReturnsZeroGiveOnlyVerifiedBytes() throws IOException {
    byte[] data = "abc".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    // A network stream may answer 0 bytes to a read (ResumingBlobStream passes that on).
    InputStream stuttering =
        new ByteArrayInputStream(data) {
          private boolean stutter = true;

          @Override
          public synchronized int read(byte[] b, int off, int len) {
            stutter = !stutter;
            return stutter ? 0 : super.read(b, off, len);
          }
        };
    VerifyingInputStream in =
        new VerifyingInputStream(stuttering, Digest.sha256Of(data), data.length, "blob", null);
    java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) {
      seen.write(b);
    }
    assertArrayEquals(data, seen.toByteArray());
    assertTrue(in.isVerified());
  }

  @Test
  void wrongDigestFailsBeforeEndOfStream() {
    byte[] data = "content".getBytes();
    byte[] other = "CONTENT".getBytes();
    BlobIntegrityException e =
        assertThrows(
            BlobIntegrityException.class, () -> verifying(other, data, data.length).readAllBytes());
    assertTrue(e.getMessage().contains(Digest.sha256Of(data).toString()));
  }

  @Test
  void shortAndLongContentFail() {
    byte[] data = "content".getBytes();
    assertThrows(
        BlobIntegrityException.class, () -> verifying(data, data, data.length + 1).readAllBytes());
    assertThrows(
        BlobIntegrityException.class, () -> verifying(data, data, data.length - 1).readAllBytes());
  }

  @Test
  void skippedBytesAreHashed() {
    byte[] data = "content".getBytes();
    byte[] other = "cONTENT".getBytes();
    assertThrows(
        BlobIntegrityException.class,
        () -> {
          try (InputStream in = verifying(other, data, data.length)) {
            in.skip(3);
            in.readAllBytes();
          }
        });
  }

  @Property
  void anySingleByteChangeIsCaught(
      @ForAll @Size(min = 1, max = 512) byte[] data, @ForAll int index, @ForAll byte delta) {
    if (delta == 0) {
      return;
    }
    byte[] changed = data.clone();
    int i = Math.floorMod(index, data.length);
    changed[i] = (byte) (changed[i] + delta);
    assertThrows(
        BlobIntegrityException.class, () -> verifying(changed, data, data.length).readAllBytes());
  }
}
