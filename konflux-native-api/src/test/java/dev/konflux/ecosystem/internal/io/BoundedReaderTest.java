package dev.konflux.ecosystem.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedReaderTest {

  /** Answers 0 to every other read, as a network stream may. */
  private static InputStream stuttering(byte[] data) {
    return new ByteArrayInputStream(data) {
      private boolean stutter;

      @Override
      public synchronized int read(byte[] b, int off, int len) {
        stutter = !stutter;
        return stutter ? 0 : super.read(b, off, len);
      }
    };
  }

  @Test
  void aZeroByteReadIsNotTheEndOfTheDocument() throws Exception {
    byte[] doc = "{\"manifests\":[]}".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(doc, BoundedReader.readAtMost(stuttering(doc), 1024, "index.json"));
  }

  @Test
  void theLimitHolds() {
    byte[] doc = new byte[2000];
    assertThrows(
        InvalidInputException.class, () -> BoundedReader.readAtMost(stuttering(doc), 1024, "big"));
  }
}
