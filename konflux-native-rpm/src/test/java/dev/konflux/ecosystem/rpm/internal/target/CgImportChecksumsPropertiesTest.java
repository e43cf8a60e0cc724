package dev.konflux.ecosystem.rpm.internal.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * {@code cg_import.json} comes from the artifact, so it is untrusted: any bytes give either a
 * checksum table or {@link InvalidInputException}, never another exception.
 */
class CgImportChecksumsPropertiesTest {
  private static final String DOC =
      "{\"build\":{\"name\":\"foo\"},\"output\":["
          + "{\"filename\":\"foo-1.0-1.noarch.rpm\",\"checksum_type\":\"md5\",\"checksum\":\""
          + "a".repeat(32)
          + "\"},"
          + "{\"filename\":\"foo-1.0-1.src.rpm\",\"checksum_type\":\"sha256\",\"checksum\":\""
          + "b".repeat(64)
          + "\"}]}";

  @Property(tries = 1000)
  void arbitraryBytesGiveChecksumsOrInvalidInput(@ForAll @Size(max = 1024) byte[] bytes) {
    parseOrInvalid(bytes);
  }

  @Property(tries = 2000)
  void mutatedDocumentsGiveChecksumsOrInvalidInput(@ForAll("mutated") String text) {
    parseOrInvalid(text.getBytes(StandardCharsets.UTF_8));
  }

  @Example
  void wellFormedDocumentIsRead() throws Exception {
    CgImportChecksums c = CgImportChecksums.parse(DOC.getBytes(StandardCharsets.UTF_8), "cg");
    assertEquals("md5", c.forFile("foo-1.0-1.noarch.rpm").orElseThrow().algorithm());
    assertEquals("b".repeat(64), c.forFile("foo-1.0-1.src.rpm").orElseThrow().hex());
  }

  @Example
  void malformedChecksumsAreInvalidInput() {
    for (String bad :
        new String[] {
          "[]",
          "1",
          "{\"output\":{}}",
          "{\"output\":[{\"filename\":\"a.rpm\",\"checksum_type\":\"crc32\",\"checksum\":\"00\"}]}",
          "{\"output\":[{\"filename\":\"a.rpm\",\"checksum_type\":\"md5\",\"checksum\":\"xyz\"}]}"
        }) {
      assertThrows(
          InvalidInputException.class,
          () -> CgImportChecksums.parse(bad.getBytes(StandardCharsets.UTF_8), "cg"),
          bad);
    }
  }

  /** The valid document with a random character replaced and a random cut. */
  @Provide
  Arbitrary<String> mutated() {
    Arbitrary<Integer> position = Arbitraries.integers().between(0, DOC.length() - 1);
    Arbitrary<Character> ch =
        Arbitraries.of('"', '{', '}', '[', ']', ',', ':', '0', 'x', '\\', ' ', '\u00e9', 'n');
    Arbitrary<Integer> cut = Arbitraries.integers().between(0, DOC.length());
    return net.jqwik.api.Combinators.combine(position, ch, cut)
        .as(
            (p, c, k) -> {
              String s = DOC.substring(0, p) + c + DOC.substring(p + 1);
              return s.substring(0, Math.min(k + 1, s.length()));
            });
  }

  private static void parseOrInvalid(byte[] bytes) {
    try {
      CgImportChecksums c = CgImportChecksums.parse(bytes, "cg_import.json");
      c.forFile("foo-1.0-1.noarch.rpm").ifPresent(CgImportChecksums.Checksum::newDigest);
    } catch (InvalidInputException expected) {
      // the typed answer
    }
  }
}
