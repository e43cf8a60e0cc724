package dev.konflux.ecosystem.maven.internal.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One read gives the copy, the four digests, and SHA-2 states a signature can continue from. */
class ParallelDigesterTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65_535, 65_536, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 12_345})
  void digestsAndCopyMatchTheJdk(int size) throws Exception {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    FileDigests d;
    try (ParallelDigester digester = new ParallelDigester()) {
      // Short reads, as archive streams give them.
      InputStream in =
          new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              return super.read(b, off, Math.min(len, 7_777));
            }
          };
      d = digester.copy(in, copy);
    }
    assertArrayEquals(data, copy.toByteArray());
    assertEquals(size, d.size());
    for (String algorithm : new String[] {"MD5", "SHA-1", "SHA-256", "SHA-512"}) {
      assertEquals(
          HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data)),
          d.hex(algorithm),
          algorithm);
    }
    byte[] trailer = {4, 0, 1, 2};
    for (String algorithm : new String[] {"SHA-256", "SHA-512"}) {
      MessageDigest continued = d.continuation(algorithm).orElseThrow();
      continued.update(trailer);
      MessageDigest whole = MessageDigest.getInstance(algorithm);
      whole.update(data);
      whole.update(trailer);
      assertArrayEquals(whole.digest(), continued.digest(), algorithm);
      // Each continuation is a fresh copy.
      assertEquals(
          d.hex(algorithm),
          HexFormat.of().formatHex(d.continuation(algorithm).orElseThrow().digest()));
    }
  }
}
