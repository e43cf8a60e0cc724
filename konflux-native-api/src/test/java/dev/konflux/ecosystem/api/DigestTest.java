package dev.konflux.ecosystem.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DigestTest {

  @Test
  void computesAndParsesSha256() throws Exception {
    Digest d = Digest.sha256Of("{}".getBytes(StandardCharsets.UTF_8));
    assertEquals(MediaTypes.OCI_EMPTY_DIGEST, d.toString());
    assertEquals(d, Digest.parse(d.toString()));
    assertEquals("sha256-" + d.hex(), d.asTagPrefix());
  }

  @Test
  void rejectsUpperCaseWrongLengthAndUnknownAlgorithms() {
    String hex = "a".repeat(64);
    assertThrows(InvalidInputException.class, () -> Digest.parse("sha256:" + hex.toUpperCase()));
    assertThrows(InvalidInputException.class, () -> Digest.parse("sha256:" + hex.substring(1)));
    assertThrows(InvalidInputException.class, () -> Digest.parse("md5:" + hex));
    assertThrows(InvalidInputException.class, () -> Digest.parse("sha512:" + hex));
    assertThrows(InvalidInputException.class, () -> Digest.parse(hex));
    assertThrows(InvalidInputException.class, () -> Digest.parse(null));
  }

  @Test
  void matchesComparesRawBytes() {
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    Digest d = Digest.of(Digest.SHA512, data);
    assertTrue(d.matches(Digest.newMessageDigest(Digest.SHA512).digest(data)));
    assertFalse(d.matches(Digest.newMessageDigest(Digest.SHA512).digest(new byte[0])));
  }

  @Property
  void arbitraryTextParsesOrFailsTyped(@ForAll String text) {
    try {
      Digest d = Digest.parse(text);
      assertEquals(text, d.toString());
    } catch (InvalidInputException expected) {
      // the only allowed failure
    }
  }

  @Property
  void wellFormedDigestsRoundTrip(@ForAll("digests") String text) throws Exception {
    assertEquals(text, Digest.parse(text).toString());
  }

  @Provide
  Arbitrary<String> digests() {
    Arbitrary<String> sha256 =
        Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).map(h -> "sha256:" + h);
    Arbitrary<String> sha512 =
        Arbitraries.strings().withChars("0123456789abcdef").ofLength(128).map(h -> "sha512:" + h);
    return Arbitraries.oneOf(sha256, sha512);
  }
}
