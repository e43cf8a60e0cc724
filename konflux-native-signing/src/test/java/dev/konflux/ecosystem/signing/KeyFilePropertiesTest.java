package dev.konflux.ecosystem.signing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Key files are untrusted input: anything that is not a key is an input error, never another
 * exception.
 */
class KeyFilePropertiesTest {

  @Property(tries = 300)
  void arbitraryBytesAreNeverASigstoreKey(@ForAll("keyish") byte[] bytes) {
    assertThrows(
        InvalidInputException.class,
        () -> SigstoreKeyFile.read(new ByteArrayInputStream(bytes), null, "k"));
  }

  @Property(tries = 300)
  void arbitraryBytesAreNeverAnOpenPgpKey(@ForAll("keyish") byte[] bytes) {
    assertThrows(
        InvalidInputException.class,
        () -> OpenPgpKeyFile.read(new ByteArrayInputStream(bytes), null, null, "k"));
  }

  @Provide
  Arbitrary<byte[]> keyish() {
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    Arbitrary<byte[]> pem =
        Arbitraries.of(
                "PRIVATE KEY",
                "EC PRIVATE KEY",
                "ENCRYPTED SIGSTORE PRIVATE KEY",
                "PGP PRIVATE KEY BLOCK")
            .flatMap(
                type ->
                    Arbitraries.strings()
                        .withChars("ABCDEFabcdef0123456789+/=\n{}\":,")
                        .ofMaxLength(300)
                        .map(
                            body ->
                                ("-----BEGIN "
                                        + type
                                        + "-----\n"
                                        + body
                                        + "\n-----END "
                                        + type
                                        + "-----\n")
                                    .getBytes(StandardCharsets.US_ASCII)));
    Arbitrary<byte[]> pgpPackets =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMinSize(1)
            .ofMaxSize(200)
            .map(
                b -> {
                  b[0] = (byte) 0x95; // old-format secret key packet header
                  return b;
                });
    return Arbitraries.oneOf(raw, pem, pgpPackets);
  }
}
