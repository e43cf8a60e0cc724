package dev.konflux.ecosystem.internal.verify;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.internal.release.ReleaseRecordJson;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * Two more readers of text we did not write: the cosign {@code dev.sigstore.cosign/bundle}
 * annotation on a signature layer, and an existing {@code release.json} in the output directory.
 * Arbitrary input gives a reason (the annotation) or {@link InvalidInputException} (the record),
 * never another exception.
 */
class AnnotationAndRecordPropertiesTest {
  private static final RekorSetVerifier REKOR;

  static {
    try {
      REKOR =
          RekorSetVerifier.fromTrustedRoot(
              SigstoreFixtures.dir().resolve("trustroot/trusted_root.json"));
    } catch (InvalidInputException e) {
      throw new IllegalStateException(e);
    }
  }

  @Property(tries = 500)
  void arbitraryCosignBundleAnnotationsNeverVerifyAndNeverThrow(
      @ForAll @Size(max = 600) String annotation, @ForAll @Size(max = 64) byte[] signature) {
    assertNotNull(REKOR.check(annotation, signature, "payload".getBytes(StandardCharsets.UTF_8)));
  }

  @Property(tries = 500)
  void arbitraryReleaseRecordsGiveOnlyInvalidInput(@ForAll @Size(max = 1500) byte[] bytes) {
    try {
      ReleaseRecordJson.read(bytes);
    } catch (InvalidInputException expected) {
      // the typed answer
    }
  }

  @Property(tries = 500)
  void releaseRecordsWithArbitraryFieldValuesGiveOnlyInvalidInput(
      @ForAll @Size(max = 40) String value) {
    String v = value.replace("\\", "\\\\").replace("\"", "\\\"");
    String doc =
        "{\"schemaVersion\":1,\"application\":\""
            + v
            + "\",\"releaseTime\":\""
            + v
            + "\","
            + "\"components\":[{\"name\":\""
            + v
            + "\",\"rootDigest\":\""
            + v
            + "\",\"artifacts\":[]}],"
            + "\"verification\":{\"skipped\":false,\"decisions\":[{\"subject\":\""
            + v
            + "\",\"kind\":\""
            + v
            + "\"}]},"
            + "\"files\":[{\"path\":\""
            + v
            + "\",\"sha256\":\""
            + v
            + "\",\"origins\":[{\"manifestDigest\":\""
            + v
            + "\"}]}]}";
    try {
      ReleaseRecordJson.read(doc.getBytes(StandardCharsets.UTF_8));
    } catch (InvalidInputException expected) {
      // the typed answer
    }
  }
}
