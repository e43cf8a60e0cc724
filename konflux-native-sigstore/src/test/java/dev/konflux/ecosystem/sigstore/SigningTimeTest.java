package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.spi.KeylessVerificationRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A certificate that was not valid when the log says the bundle was signed must fail. The signing
 * time of a Rekor v1 bundle is the entry's integrated time, which the signed entry timestamp
 * covers; moving it outside the ten-minute certificate window therefore fails at the log entry
 * before sigstore-java compares it with the certificate's validity. (A bundle whose certified
 * signing time lies outside its certificate's validity needs a self-made Sigstore instance.)
 */
class SigningTimeTest {

  @Test
  void signingTimeOutsideCertificateValidityFails() throws Exception {
    FixtureTable table = FixtureTable.load();
    Digest artifact = Digest.sha256Of(Files.readAllBytes(table.bundles().resolve("artifact.txt")));
    String bundle = Files.readString(table.bundles().resolve("bundle.v3.sigstore"));
    // The certificate lives 2023-10-11 14:28:03 .. 14:38:03 UTC; claim it was logged a day later.
    assertTrue(bundle.contains("\"integratedTime\":\"1697034484\""));
    String moved = bundle.replace("\"integratedTime\":\"1697034484\"", "\"integratedTime\":\"1697120884\"");
    VerificationException e = assertThrows(VerificationException.class, () -> new SigstoreKeylessVerifier().verify(
        new KeylessVerificationRequest(moved.getBytes(StandardCharsets.UTF_8), artifact,
            table.roots().resolve("trusted_root.json"), false, "bundle.v3 with a later integrated time")));
    assertTrue(e.getMessage().contains("Transparency log entry could not be verified"), e.getMessage());
    assertTrue(e.getMessage().contains("bundle.v3 with a later integrated time"), e.getMessage());
  }
}
