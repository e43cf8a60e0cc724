package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.spi.KeylessVerificationRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A certificate that was not valid when the log says the bundle was signed must fail, and say so.
 * The signing time of a Rekor v1 bundle is the entry's integrated time; here it is moved a day past
 * the ten-minute certificate window. (The signed entry timestamp no longer verifies either, which
 * is what sigstore-java alone would report; our check of the claimed time runs first and names the
 * defect. A bundle whose log-certified signing time lies outside the certificate's validity would
 * need a self-made Sigstore instance.)
 */
class SigningTimeTest {

  @Test
  void certificateExpiredAtLoggedSigningTimeFails() throws Exception {
    // A real public-good bundle whose valid SET certifies a signing time after the certificate's
    // expiry; sigstore-java 2.0.0 accepts it (see SigstoreKeylessVerifierTest), we must not.
    FixtureTable table = FixtureTable.load();
    Digest artifact = Digest.sha256Of(Files.readAllBytes(table.bundles().resolve("artifact.txt")));
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () ->
                new SigstoreKeylessVerifier()
                    .verify(
                        new KeylessVerificationRequest(
                            Files.readAllBytes(
                                table.bundles().resolve("bundle-with-expired-cert.sigstore")),
                            artifact,
                            table.roots().resolve("trusted_root.json"),
                            false,
                            "bundle-with-expired-cert")));
    assertTrue(
        e.getMessage().startsWith("Sigstore bundle of bundle-with-expired-cert does not verify"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "signing certificate was not valid at signing time 2026-05-07T15:34:11Z (valid from"
                    + " 2026-05-07T15:18:10Z to 2026-05-07T15:28:10Z)"),
        e.getMessage());
  }

  @Test
  void signingTimeOutsideCertificateValidityFails() throws Exception {
    FixtureTable table = FixtureTable.load();
    Digest artifact = Digest.sha256Of(Files.readAllBytes(table.bundles().resolve("artifact.txt")));
    String bundle = Files.readString(table.bundles().resolve("bundle.v3.sigstore"));
    // The certificate lives 2023-10-11 14:28:03 .. 14:38:03 UTC; claim it was logged a day later.
    assertTrue(bundle.contains("\"integratedTime\":\"1697034484\""));
    String moved =
        bundle.replace("\"integratedTime\":\"1697034484\"", "\"integratedTime\":\"1697120884\"");
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () ->
                new SigstoreKeylessVerifier()
                    .verify(
                        new KeylessVerificationRequest(
                            moved.getBytes(StandardCharsets.UTF_8),
                            artifact,
                            table.roots().resolve("trusted_root.json"),
                            false,
                            "bundle.v3 with a later integrated time")));
    // The integrated time is signed by the log (SET): moving it breaks the promise.
    assertTrue(
        e.getMessage()
            .contains("signed entry timestamp of transparency log entry 41958702 does not verify"),
        e.getMessage());
    assertTrue(e.getMessage().contains("bundle.v3 with a later integrated time"), e.getMessage());
  }
}
