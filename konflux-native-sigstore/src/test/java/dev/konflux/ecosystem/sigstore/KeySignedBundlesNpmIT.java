package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.signing.SigstoreKeyFile;
import dev.konflux.ecosystem.spi.SigstoreBundle;
import dev.konflux.ecosystem.spi.SigstoreKeySigner;
import dev.konflux.ecosystem.testkit.NpmSigstoreVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key-based bundles made by our signers ({@link SigstoreKeySigner} over a JDK key, and over a
 * PKCS#8 key file read by {@link SigstoreKeyFile}) verify with the npm sigstore verifier
 * ({@code @sigstore/verify}) given the public key, and fail with another key. npm is required: the
 * pinned packages are installed into {@code target/npm-sigstore} when missing.
 */
class KeySignedBundlesNpmIT {
  private static NpmSigstoreVerifier npm;
  @TempDir Path dir;

  @BeforeAll
  static void installNpmVerifier() throws Exception {
    npm = NpmSigstoreVerifier.install(Path.of("target", "npm-sigstore"));
  }

  private static KeyPair p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private String npmVerdict(SigstoreBundle bundle, byte[] artifact, String publicKeyPem)
      throws Exception {
    Path b = Files.write(dir.resolve("bundle.json"), bundle.json());
    Path a = Files.write(dir.resolve("artifact"), artifact);
    Path k = Files.writeString(dir.resolve("key.pub"), publicKeyPem);
    NpmSigstoreVerifier.Verdict r = npm.verify(b, a, k);
    return r.exitCode() + " " + r.output();
  }

  private static String pem(KeyPair k) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(k.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  @Test
  void messageAndDsseBundlesVerifyWithNpmSigstoreGivenThePublicKey() throws Exception {
    KeyPair key = p256();
    SigstoreKeySigner signer = SigstoreKeySigner.of(key.getPublic(), key.getPrivate());
    byte[] wheel = "a wheel's bytes".getBytes(StandardCharsets.UTF_8);

    SigstoreBundle message = signer.signMessage(Digest.sha256Of(wheel));
    assertEquals("0 VERIFIED", npmVerdict(message, wheel, signer.publicKeyPem()).strip());
    assertTrue(
        npmVerdict(message, wheel, pem(p256())).startsWith("1 FAILED"),
        "another key must not verify");
    assertTrue(
        npmVerdict(message, "other bytes".getBytes(StandardCharsets.UTF_8), signer.publicKeyPem())
            .startsWith("1 FAILED"),
        "other content must not verify");

    String statement =
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"app.whl\","
            + "\"digest\":{\"sha256\":\""
            + Digest.sha256Of(wheel).hex()
            + "\"}}],\"predicateType\":"
            + "\"https://docs.pypi.org/attestations/publish/v1\",\"predicate\":{}}";
    SigstoreBundle dsse =
        signer.signDsse("application/vnd.in-toto+json", statement.getBytes(StandardCharsets.UTF_8));
    assertEquals("0 VERIFIED", npmVerdict(dsse, wheel, signer.publicKeyPem()).strip());
    assertTrue(
        npmVerdict(dsse, wheel, pem(p256())).startsWith("1 FAILED"), "another key must not verify");
  }

  @Test
  void bundlesFromAKeyFileVerifyWithNpmSigstore() throws Exception {
    KeyPair key = p256();
    Path file =
        Files.writeString(
            dir.resolve("key.pem"),
            "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    SigstoreKeySigner signer = SigstoreKeyFile.load(file, Secret.of(""));
    assertEquals(pem(key).replaceAll("\\s", ""), signer.publicKeyPem().replaceAll("\\s", ""));
    byte[] jar = "a jar".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "0 VERIFIED", npmVerdict(signer.signMessage(Digest.sha256Of(jar)), jar, pem(key)).strip());
  }
}
