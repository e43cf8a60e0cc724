package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.spi.KeylessVerificationRequest;
import dev.konflux.ecosystem.spi.KeylessVerificationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture bundle against both trusted roots, as the fixtures README measured for
 * sigstore-java 2.0.0 — with two deliberate differences, both wrong acceptances of 2.0.0 that our
 * own checks in {@link SigstoreKeylessVerifier} close (they run before sigstore-java, so the two
 * bundles fail with our reason under either root):
 *
 * <ul>
 *   <li>{@code bundle.dsse.rekor-v2.bad-entry-type}: 2.0.0 accepts it under the staging root, but
 *       its log entry ({@code dsse:0.0.2}) cannot back a DSSE bundle; newer sigstore-java rejects
 *       it with "Unsupported entry type: 'dsse:0.0.2' for DSSE bundle" (the README names this one).
 *   <li>{@code bundle-with-expired-cert}: 2.0.0 accepts it under the public-good root, but the
 *       log's integrated time (2026-05-07T15:34:11Z, covered by a valid SET) is after the
 *       certificate expired (15:28:10Z); newer sigstore-java rejects it ("Signing time was after
 *       certificate expiry", its {@code testVerify_certificateExpired_rekorV1}). The README's
 *       explanation that it was signed inside the window does not hold for this bundle.
 * </ul>
 */
class SigstoreKeylessVerifierTest {
  private static final String WRONG_ACCEPTANCE = "bundle.dsse.rekor-v2.bad-entry-type.sigstore";

  /** Bundles that sigstore-java 2.0.0 wrongly accepts, and the reason we reject them with. */
  private static final java.util.Map<String, String> OUR_REJECTIONS =
      java.util.Map.of(
          WRONG_ACCEPTANCE,
          "Unsupported entry type 'dsse:0.0.2' for DSSE bundle",
          "bundle-with-expired-cert.sigstore",
          "certificate was not valid at signing time 2026-05-07T15:34:11Z");

  private static FixtureTable table;
  private static Digest artifact;
  private static final SigstoreKeylessVerifier VERIFIER = new SigstoreKeylessVerifier();

  @BeforeAll
  static void load() throws Exception {
    table = FixtureTable.load();
    artifact = Digest.sha256Of(Files.readAllBytes(table.bundles().resolve("artifact.txt")));
  }

  static Stream<Arguments> cases() throws Exception {
    FixtureTable t = FixtureTable.load();
    List<Arguments> out = new ArrayList<>();
    for (FixtureTable.Row row : t.rows()) {
      out.add(Arguments.of(row.bundle(), "trusted_root.json", row.publicGood()));
      out.add(Arguments.of(row.bundle(), "staging_trusted_root.json", row.staging()));
    }
    return out.stream();
  }

  private static KeylessVerificationResult verify(Path bundle, Path root, Digest digest)
      throws Exception {
    return VERIFIER.verify(
        new KeylessVerificationRequest(
            Files.readAllBytes(bundle), digest, root, false, bundle.getFileName().toString()));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("cases")
  void fixtureBundleVerifiesOrFailsAsMeasured(
      String bundle, String root, FixtureTable.Outcome measured) throws Exception {
    Path bundlePath = table.bundles().resolve(bundle);
    Path rootPath = table.roots().resolve(root);
    if (bundle.startsWith("PKIX_ECDSA_P384") || bundle.startsWith("PKIX_ECDSA_P521")) {
      // The gate knows only the manifest's SHA-256; these bundles sign SHA-384/512 digests (the CLI
      // and BundleVerifier verify them from the file).
      VerificationException e =
          assertThrows(VerificationException.class, () -> verify(bundlePath, rootPath, artifact));
      assertTrue(e.getMessage().contains("give the file, not its digest"), e.getMessage());
      return;
    }
    if (measured.verifies()) {
      KeylessVerificationResult r = verify(bundlePath, rootPath, artifact);
      assertFalse(r.subjectAlternativeName().isEmpty());
      assertNotNull(r.oidcIssuer(), "Fulcio certificates carry the OIDC issuer");
    } else {
      VerificationException e =
          assertThrows(VerificationException.class, () -> verify(bundlePath, rootPath, artifact));
      String expected = measured.message();
      assertTrue(
          fullMessage(e).contains(expected),
          () -> "expected '" + expected + "' in: " + fullMessage(e));
      assertTrue(
          e.getMessage().contains(bundle), "the message names the bundle: " + e.getMessage());
    }
  }

  @Test
  void theTableRecordsTheWrongAcceptancesWeClose() {
    FixtureTable.Row entryType =
        table.rows().stream()
            .filter(r -> r.bundle().equals(WRONG_ACCEPTANCE))
            .findFirst()
            .orElseThrow();
    // sigstore-java 2.0.0 accepted both; our verifier rejects them.
    assertFalse(entryType.staging().verifies());
    assertTrue(entryType.staging().message().contains(OUR_REJECTIONS.get(WRONG_ACCEPTANCE)));
    FixtureTable.Row expired =
        table.rows().stream()
            .filter(r -> r.bundle().equals("bundle-with-expired-cert.sigstore"))
            .findFirst()
            .orElseThrow();
    assertFalse(expired.publicGood().verifies());
  }

  @Test
  void aValidBundleFailsForAnotherArtifact() throws Exception {
    Digest other =
        Digest.sha256Of("not the artifact".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () ->
                verify(
                    table.bundles().resolve("bundle.v3.sigstore"),
                    table.roots().resolve("trusted_root.json"),
                    other));
    assertTrue(e.getMessage().contains("bundle.v3.sigstore"));
  }

  @Test
  void identityOfAVerifiedBundleIsReported() throws Exception {
    KeylessVerificationResult r =
        verify(
            table.bundles().resolve("bundle.v3.sigstore"),
            table.roots().resolve("trusted_root.json"),
            artifact);
    assertEquals("appu@google.com", r.subjectAlternativeName());
    assertEquals("https://accounts.google.com", r.oidcIssuer());
    assertNull(r.dssePayload());
    KeylessVerificationResult dsse =
        verify(
            table.bundles().resolve("bundle.dsse.sigstore"),
            table.roots().resolve("trusted_root.json"),
            artifact);
    assertEquals("application/vnd.in-toto+json", dsse.payloadType());
    assertNotNull(dsse.dssePayload());
  }

  static String fullMessage(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" / ");
    }
    return sb.toString();
  }
}
