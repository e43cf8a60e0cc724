package dev.konflux.ecosystem.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link RpmHeaderSignature} reads untrusted bytes: whatever it is given, it answers or throws an
 * {@link IOException}, never anything else, and never claims a signature it could not check.
 */
class RpmHeaderSignaturePropertiesTest {
  private static final String KEY = OpenPgpTestKey.ed25519("P <p@test.invalid>").publicKeyArmored();

  private static byte[] sample() {
    try (InputStream in =
        SampleRpms.class.getResourceAsStream(
            "/dev/konflux/ecosystem/testkit/rpms/" + SampleRpms.NOARCH)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final byte[] SAMPLE = sample();

  private static void check(byte[] bytes) {
    RpmHeaderSignature s;
    try {
      s = RpmHeaderSignature.read(new ByteArrayInputStream(bytes), Path.of("input.rpm"));
    } catch (IOException expected) {
      return;
    }
    s.signatureTags();
    s.keyId();
    if (s.isSignedBy(KEY)) {
      throw new AssertionError("arbitrary bytes verified with a fresh key");
    }
  }

  @Property(tries = 300)
  void arbitraryBytesGiveOnlyIoExceptions(@ForAll @Size(max = 600) byte[] bytes) {
    check(bytes);
  }

  @Provide
  Arbitrary<Integer> offsets() {
    return Arbitraries.integers().between(0, 1200);
  }

  @Property(tries = 500)
  void aMutatedSamplePackageGivesOnlyIoExceptions(
      @ForAll("offsets") int at,
      @ForAll @IntRange(min = 1, max = 255) int xor,
      @ForAll @IntRange(min = 0, max = 3) int truncate) {
    byte[] bytes = SAMPLE.clone();
    bytes[at] ^= (byte) xor;
    int length = truncate == 0 ? bytes.length : Math.min(bytes.length, at + truncate * 7);
    check(java.util.Arrays.copyOf(bytes, length));
  }
}
