package dev.konflux.ecosystem.rpm.internal.repodata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.konflux.ecosystem.api.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What goes through the compressor thread comes out compressed, counted and hashed, or fails. */
class MetadataStreamTest {
  @TempDir Path dir;

  /** A few MB of XML-like text in writes of every size, some larger than a chunk. */
  private static byte[] xml() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < 40_000; i++) {
      b.writeBytes(
          ("<package pkgid=\"" + Integer.toHexString(i * 7919) + "\"><name>p" + i + "</name>\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    return b.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(MetadataCompression.class)
  void theFileHoldsEveryByteWrittenAndItsChecksumsAreThoseOfTheBytes(MetadataCompression c)
      throws IOException {
    byte[] xml = xml();
    Path file = dir.resolve("primary.xml" + c.suffix());
    MetadataStream m = new MetadataStream(file, c);
    int at = 0;
    int size = 1;
    while (at < xml.length) {
      int n = Math.min(size, xml.length - at);
      if (n == 1) {
        m.out().write(xml[at]);
      } else {
        m.out().write(xml, at, n);
      }
      at += n;
      size = size * 3 % 700_001 + 1; // 1, 4, 13, ... up to 700 KB: smaller and larger than a chunk
    }
    m.close();
    byte[] stored = Files.readAllBytes(file);
    byte[] open;
    try (InputStream in =
        MetadataCompression.decompress(
            new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      open = in.readAllBytes();
    }
    assertArrayEquals(xml, open);
    assertEquals(xml.length, m.openSize());
    assertEquals(Digest.of(Digest.SHA256, xml), m.openChecksum());
    assertEquals(stored.length, m.size());
    assertEquals(Digest.of(Digest.SHA256, stored), m.checksum());
  }

  /**
   * A file that cannot be written: the writer hears of it, and closing neither hangs nor hides it.
   */
  @Test
  void aFailureToWriteTheFileReachesTheWriter() {
    OutputStream full =
        new OutputStream() {
          private long written;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (written > 100_000) {
              throw new IOException("No space left on device");
            }
          }
        };
    byte[] xml = xml();
    IOException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () ->
                assertThrows(
                    IOException.class,
                    () -> {
                      try (MetadataStream m = new MetadataStream(full, MetadataCompression.GZIP)) {
                        for (int i = 0; i < 20; i++) {
                          m.out().write(xml);
                        }
                      }
                    }));
    assertEquals("No space left on device", rootCause(e).getMessage());
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
