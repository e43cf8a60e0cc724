package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.konflux.ecosystem.api.BundleArtifact;
import dev.konflux.ecosystem.api.BundlePolicy;
import dev.konflux.ecosystem.api.BundleVerification;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The bundle, checkpoint and trusted-root readers take untrusted bytes: whatever they are given,
 * they answer with a typed {@link BundleRejection} (or a verdict), never another exception, and a
 * mutated real bundle never verifies.
 */
class BundleParserPropertiesTest {
  private static final Path ROOT = FixtureTable.BASE.resolve("trustroot/trusted_root.json");
  private static final List<String> BUNDLES =
      List.of(
          "bundle.v3.sigstore",
          "bundle.dsse.sigstore",
          "bundle.v1.sigstore",
          "PKIX_RSA_PKCS1V15_2048_SHA256.sigstore.json");
  private static final SigstoreBundleVerifier VERIFIER = new SigstoreBundleVerifier();

  private static byte[] read(String name) {
    try {
      return Files.readAllBytes(FixtureTable.BASE.resolve("bundles").resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BundleArtifact artifact() throws IOException {
    return BundleArtifact.ofStream(new ByteArrayInputStream(read("artifact.txt")), "artifact.txt");
  }

  private static void parseOrReject(byte[] bytes) {
    try {
      assertNotNull(ParsedBundle.parse(bytes));
    } catch (BundleRejection expected) {
      assertNotNull(expected.getMessage());
    }
  }

  @Property(tries = 300)
  void arbitraryBytesParseOrAreRejected(@ForAll @Size(max = 2048) byte[] bytes) {
    parseOrReject(bytes);
  }

  @Provide
  Arbitrary<String> jsonish() {
    return Arbitraries.strings()
        .withChars("{}[]\":,0123456789-.eE truefalsn\\u/+=abcdAB")
        .ofMaxLength(400);
  }

  @Property(tries = 300)
  void arbitraryJsonishTextParsesOrIsRejected(@ForAll("jsonish") String text) {
    parseOrReject(text.getBytes(StandardCharsets.UTF_8));
    try {
      Checkpoint.parse(text);
    } catch (BundleRejection expected) {
      assertNotNull(expected.getMessage());
    }
    try {
      TrustedRoot.parse(text.getBytes(StandardCharsets.UTF_8), "root");
    } catch (BundleRejection expected) {
      assertNotNull(expected.getMessage());
    }
  }

  @Property(tries = 200)
  void byteFlipsAnywhereGiveAVerdictNeverAnException(
      @ForAll @IntRange(min = 0, max = 3) int which,
      @ForAll @IntRange(min = 0, max = 20_000) int index,
      @ForAll @IntRange(min = 0, max = 7) int bit)
      throws Exception {
    byte[] b = read(BUNDLES.get(which)).clone();
    b[index % b.length] ^= (byte) (1 << bit);
    parseOrReject(b);
    assertNotNull(VERIFIER.verify(b, artifact(), anyIdentity()).reason());
  }

  @Provide
  Arbitrary<String> signedValue() {
    return Arbitraries.of(
        "\"signature\"",
        "\"digest\"",
        "\"rawBytes\"",
        "\"canonicalizedBody\"",
        "\"signedEntryTimestamp\"",
        "\"rootHash\"",
        "\"envelope\"",
        "\"payload\"",
        "\"sig\"",
        "\"logIndex\"",
        "\"integratedTime\"");
  }

  @Property(tries = 300)
  void flipsInsideAnyValueTheVerifierReadsNeverVerify(
      @ForAll @IntRange(min = 0, max = 3) int which,
      @ForAll("signedValue") String key,
      @ForAll @IntRange(min = 0, max = 20_000) int offset,
      @ForAll @IntRange(min = 0, max = 7) int bit)
      throws Exception {
    byte[] original = read(BUNDLES.get(which));
    String text = new String(original, StandardCharsets.ISO_8859_1);
    int k = text.indexOf(key + ":");
    if (k < 0) {
      return; // this bundle kind has no such field
    }
    int start = text.indexOf('"', k + key.length() + 1);
    if (start < 0
        || text.indexOf(':', k) + 3 < start && text.charAt(text.indexOf(':', k) + 1) != '"') {
      start = text.indexOf(':', k) + 1; // a number, not a string
    } else {
      start++;
    }
    int end = start;
    while (end < text.length()
        && text.charAt(end) != '"'
        && text.charAt(end) != ','
        && text.charAt(end) != '}') {
      end++;
    }
    if (end <= start) {
      return;
    }
    byte[] b = original.clone();
    b[start + offset % (end - start)] ^= (byte) (1 << bit);
    BundleVerification v = VERIFIER.verify(b, artifact(), anyIdentity());
    assertFalse(
        v.verified(), "a flip in " + key + " at " + (start + offset % (end - start)) + " verified");
  }

  private static BundlePolicy anyIdentity() {
    return BundlePolicy.keyless(dev.konflux.ecosystem.api.CertificateIdentity.regexp(".*", ".*"))
        .withTrustedRoot(ROOT);
  }

  @Property(tries = 200)
  void truncationsAreRejected(@ForAll @IntRange(min = 0, max = 20_000) int cut) {
    byte[] b = read("bundle.v3.sigstore");
    // The file ends "}}\n": dropping only the newline leaves valid JSON, so cut at least two bytes.
    byte[] t = java.util.Arrays.copyOf(b, cut % (b.length - 1));
    try {
      ParsedBundle.parse(t);
      throw new AssertionError("a truncated bundle parsed");
    } catch (BundleRejection expected) {
      assertNotNull(expected.getMessage());
    }
  }
}
