package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.spi.SigstoreBundle;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Keyless signing against Sigstore's public-good instance with a real OIDC identity token.
 *
 * <p>The one conditional test of the project: it runs only when {@value #TOKEN_ENV} holds a token
 * (a CI job's OIDC token with audience {@code sigstore}), because no token can be made locally.
 * Without one JUnit reports both tests as skipped, with the reason below, so a build log shows that
 * keyless signing was not exercised.
 */
@EnabledIfEnvironmentVariable(
    named = KeylessSigningLiveIT.TOKEN_ENV,
    matches = ".+",
    disabledReason = "NOT RUN: keyless signing needs a real OIDC token in SIGSTORE_ID_TOKEN")
class KeylessSigningLiveIT {
  static final String TOKEN_ENV = "SIGSTORE_ID_TOKEN";

  @Test
  void aMessageSignatureBundleVerifiesWithSigstoreJava() throws Exception {
    byte[] artifact = "konflux-native keyless live test".getBytes(StandardCharsets.UTF_8);
    try (SigstoreKeylessSigner signer =
        SigstoreKeylessSigner.publicGood(Secret.fromEnvironment(TOKEN_ENV))) {
      SigstoreBundle bundle = signer.signMessage(Digest.sha256Of(artifact));
      assertTrue(bundle.certificatePem().isPresent());
      Bundle parsed =
          Bundle.from(new StringReader(new String(bundle.json(), StandardCharsets.UTF_8)));
      KeylessVerifier.builder()
          .sigstorePublicDefaults()
          .build()
          .verify(artifact, parsed, VerificationOptions.empty());
    }
  }

  @Test
  void aDsseBundleCarriesTheStatement() throws Exception {
    String statement =
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":"
            + "{\"sha256\":\""
            + Digest.sha256Of(new byte[0]).hex()
            + "\"}}],\"predicateType\":"
            + "\"https://konflux.dev/test\",\"predicate\":{}}";
    try (SigstoreKeylessSigner signer =
        SigstoreKeylessSigner.publicGood(Secret.fromEnvironment(TOKEN_ENV))) {
      SigstoreBundle bundle =
          signer.signDsse(
              SigstoreKeylessSigner.IN_TOTO_PAYLOAD_TYPE,
              statement.getBytes(StandardCharsets.UTF_8));
      Bundle parsed =
          Bundle.from(new StringReader(new String(bundle.json(), StandardCharsets.UTF_8)));
      assertEquals(
          statement,
          new String(parsed.getDsseEnvelope().orElseThrow().getPayload(), StandardCharsets.UTF_8));
    }
  }
}
