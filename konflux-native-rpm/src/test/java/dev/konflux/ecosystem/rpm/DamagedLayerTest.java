package dev.konflux.ecosystem.rpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.VerificationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A package layer whose stored bytes differ from the ones its descriptor states (same size) is a
 * {@link VerificationException} and leaves no package, whether the layer is streamed or read from
 * its local file, signed at plan time or on demand: the layer's digest is checked, not only the
 * package's own digests.
 */
class DamagedLayerTest {
  private static final String TITLE = "x86_64/hello-2.0-1.x86_64.rpm";

  @TempDir Path tmp;

  /**
   * A byte of the lead's name padding flipped: no digest inside the package covers the lead, so
   * only the layer's digest can catch it (an unverified layer would be published).
   */
  @ParameterizedTest(name = "local={0} onDemand={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void aFlippedByteNoPackageDigestCoversIsAVerificationFailure(boolean local, boolean onDemand)
      throws Exception {
    byte[] rpm = Files.readAllBytes(Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    byte[] damaged = rpm.clone();
    damaged[40] ^= 0x5a;
    assertRefused(rpm, damaged, local, onDemand);
  }

  /**
   * Bytes after the package's payload, and a byte of the payload flipped: the reader must read to
   * the layer's declared end, so the layer's digest fails (a {@link VerificationException}) rather
   * than the payload's (a malformed package, which is what a reader stopping at the payload's end
   * would report, or nothing if it did not check the payload either).
   */
  @ParameterizedTest(name = "local={0} onDemand={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void bytesAfterThePayloadAreVerifiedToo(boolean local, boolean onDemand) throws Exception {
    byte[] rpm = Files.readAllBytes(Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    byte[] declared = Arrays.copyOf(rpm, rpm.length + (64 << 10));
    byte[] damaged = declared.clone();
    damaged[rpm.length - 10] ^= 0x5a;
    assertRefused(declared, damaged, local, onDemand);
  }

  /**
   * A byte of the package's header flipped in a layer longer than one read buffer: the signer finds
   * the header malformed (its SHA-256 no longer matches) long before the layer's end, and the rest
   * of the layer is read to check its digest, so what is reported is the damaged layer, not a bad
   * package (an {@code InvalidInputException} would blame the build).
   */
  @ParameterizedTest(name = "local={0} onDemand={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void aFlippedHeaderByteIsADamagedLayerNotABadPackage(boolean local, boolean onDemand)
      throws Exception {
    byte[] rpm = Files.readAllBytes(Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    byte[] declared = Arrays.copyOf(rpm, rpm.length + (256 << 10));
    byte[] damaged = declared.clone();
    damaged[5000] ^= 0x5a; // inside the main header (bytes 4504-7160 of this package)
    assertRefused(declared, damaged, local, onDemand);
  }

  private void assertRefused(byte[] declared, byte[] stored, boolean local, boolean onDemand)
      throws Exception {
    Path file = tmp.resolve("layer.blob");
    Files.write(file, stored);
    Path staging = tmp.resolve("rpm");
    TestTargetContext context =
        new TestTargetContext(staging, RpmTargetTest.key("rpm.org-rsa-2048-test"), Map.of());
    TestSession session = TestSession.open(onDemand ? context.onDemand() : context);
    TestArtifacts a = local ? new TestArtifacts().local() : new TestArtifacts();
    a.rpmClaiming(TITLE, file, declared);
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () -> session.add(a.artifact("c", MediaTypes.ARTIFACT_RPM_BUILD), a));
    assertTrue(String.valueOf(e.getMessage()).contains("not the expected one"), e.getMessage());
    assertEquals(Set.of(), RpmTargetTest.packages(tmp));
  }
}
