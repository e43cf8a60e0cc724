package dev.konflux.ecosystem.rpm.internal.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.rpm.Fixtures;
import dev.konflux.ecosystem.testkit.OpenPgpTestKey;
import dev.konflux.ecosystem.testkit.RpmHeaderSignature;
import dev.konflux.ecosystem.testkit.SampleRpms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit's in-process signature check ({@link RpmHeaderSignature}) agrees with rpm: it accepts
 * the rpm test suite's signed package with its key, and packages our signer signs, and rejects
 * unsigned packages, other keys and a changed header.
 */
class RpmHeaderSignatureReaderTest {
  @TempDir Path tmp;

  private static String key(String name) throws Exception {
    return Files.readString(Fixtures.key(name), StandardCharsets.US_ASCII);
  }

  @Test
  void acceptsRpmsOwnSignedFixtureWithItsKeyOnly() throws Exception {
    RpmHeaderSignature signed =
        RpmHeaderSignature.read(Fixtures.rpm("hello-2.0-1.x86_64-signed.rpm"));
    assertTrue(signed.isSigned(), signed.toString());
    assertTrue(
        signed.isSignedBy(key("rpm.org-rsa-2048-test.pub")),
        signed.problemWith(key("rpm.org-rsa-2048-test.pub")));
    assertFalse(signed.isSignedBy(key("rpm.org-ed25519-test.pub")));
    assertTrue(
        signed.problemWith(key("rpm.org-ed25519-test.pub")).contains("not by the given key"));
  }

  @Test
  void unsignedPackagesAreNotSigned() throws Exception {
    assertFalse(RpmHeaderSignature.read(Fixtures.rpm("hello-2.0-1.x86_64.rpm")).isSigned());
    Path sample = SampleRpms.writeTo(tmp, SampleRpms.NOARCH);
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> RpmHeaderSignature.assertSignedBy(sample, key("rpm.org-rsa-2048-test.pub")));
    assertTrue(e.getMessage().contains("has no header signature"), e.getMessage());
  }

  @Test
  void packagesOurSignerSignsVerifyAndAChangedHeaderDoesNot() throws Exception {
    for (OpenPgpTestKey key :
        new OpenPgpTestKey[] {
          OpenPgpTestKey.ed25519("T <t@test.invalid>"),
          OpenPgpTestKey.rsa("R <r@test.invalid>", 2048)
        }) {
      Path signed = tmp.resolve("signed.rpm");
      new RpmHeaderSigner(
              dev.konflux.ecosystem.signing.OpenPgpKeyFile.read(
                  new java.io.ByteArrayInputStream(
                      key.secretKeyArmored().getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                  null,
                  null,
                  "test key"),
              Instant.parse("2026-01-01T00:00:00Z"))
          .signFile(SampleRpms.writeTo(tmp, SampleRpms.X86_64), signed, SampleRpms.X86_64);
      RpmHeaderSignature.assertSignedBy(signed, key.publicKeyArmored());
      assertNotNull(RpmHeaderSignature.read(signed).keyId().orElse(null));

      // Change one byte of the summary, which only the (signed) main header holds.
      byte[] bytes = Files.readAllBytes(signed);
      RpmHeaderSignature before = RpmHeaderSignature.read(signed);
      int summary = indexOf(bytes, "Example package".getBytes(StandardCharsets.US_ASCII));
      bytes[summary] = (byte) 'e';
      Path changed = Files.write(tmp.resolve("changed.rpm"), bytes);
      assertTrue(before.isSigned());
      assertFalse(RpmHeaderSignature.read(changed).isSignedBy(key.publicKeyArmored()));
      assertEquals(before.signatureTags(), RpmHeaderSignature.read(changed).signatureTags());
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
