package dev.konflux.ecosystem.pypi;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.VerificationException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundle ↔ PEP 740 conversion and keyless verification on a real Sigstore DSSE bundle (a GitHub
 * Actions SLSA v1 attestation, whose predicate type is one PEP 740 allows) against the public-good
 * trusted root, offline.
 */
class Pep740AttestationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBJECT = "a.txt";
  private static final Digest SUBJECT_SHA256 =
      Digest.sha256("a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf");

  @TempDir Path dir;

  static byte[] resource(String name) throws Exception {
    try (InputStream in = Pep740AttestationTest.class.getResourceAsStream("/sigstore/" + name)) {
      return in.readAllBytes();
    }
  }

  private Path trustedRoot() throws Exception {
    Path p = dir.resolve("trusted_root.json");
    Files.write(p, resource("trusted_root.json"));
    return p;
  }

  @Test
  void bundleToAttestationAndBackKeepsStatementSignatureAndCertificateBytes() throws Exception {
    byte[] bundle = resource("bundle.dsse.sigstore");
    JsonNode original = JSON.readTree(bundle);
    Pep740Attestation a = Pep740Attestation.fromBundle(bundle);
    byte[] payload =
        Base64.getDecoder().decode(original.path("dsseEnvelope").path("payload").asText());
    byte[] sig =
        Base64.getDecoder()
            .decode(original.path("dsseEnvelope").path("signatures").get(0).path("sig").asText());
    byte[] cert =
        Base64.getDecoder()
            .decode(
                original
                    .path("verificationMaterial")
                    .path("certificate")
                    .path("rawBytes")
                    .asText());
    assertArrayEquals(payload, a.statement());
    assertArrayEquals(sig, a.signature());
    assertArrayEquals(cert, a.certificate());

    JsonNode attestationJson = JSON.readTree(a.toJson());
    assertEquals(1, attestationJson.path("version").asInt());
    assertEquals(
        original.path("dsseEnvelope").path("payload").asText(),
        attestationJson.path("envelope").path("statement").asText());
    assertEquals(
        original.path("verificationMaterial").path("tlogEntries"),
        attestationJson.path("verification_material").path("transparency_entries"));

    Pep740Attestation reparsed = Pep740Attestation.parse(a.toJson());
    JsonNode back = JSON.readTree(reparsed.toBundle());
    assertEquals(original.path("dsseEnvelope"), back.path("dsseEnvelope"));
    assertEquals(
        original.path("verificationMaterial").path("certificate"),
        back.path("verificationMaterial").path("certificate"));
    assertEquals(
        original.path("verificationMaterial").path("tlogEntries"),
        back.path("verificationMaterial").path("tlogEntries"));
    assertArrayEquals(a.toJson(), Pep740Attestation.fromBundle(reparsed.toBundle()).toJson());
  }

  @Test
  void aRealDsseAttestationVerifiesKeylessOfflineAfterConversion() throws Exception {
    Pep740Attestation a =
        Pep740Attestation.parse(
            Pep740Attestation.fromBundle(resource("bundle.dsse.sigstore")).toJson());
    Pep740Verifier.Result r =
        Pep740Verifier.verifyKeyless(a, SUBJECT, SUBJECT_SHA256, trustedRoot());
    assertEquals("https://slsa.dev/provenance/v1", r.predicateType());
    assertTrue(r.signer().startsWith("https://github.com/"), r.signer());

    VerificationException name =
        assertThrows(
            VerificationException.class,
            () -> Pep740Verifier.verifyKeyless(a, "b.txt", SUBJECT_SHA256, trustedRoot()));
    assertTrue(name.getMessage().contains("b.txt"), name.getMessage());
    Pep740Attestation bad =
        Pep740Attestation.fromBundle(resource("bundle.dsse.bad-signature.sigstore"));
    assertThrows(
        VerificationException.class,
        () -> Pep740Verifier.verifyKeyless(bad, SUBJECT, SUBJECT_SHA256, trustedRoot()));
    byte[] tampered = a.signature();
    tampered[10] ^= 1;
    Pep740Attestation forged =
        new Pep740Attestation(a.statement(), tampered, a.certificate(), a.transparencyEntries());
    assertThrows(
        VerificationException.class,
        () -> Pep740Verifier.verifyKeyless(forged, SUBJECT, SUBJECT_SHA256, trustedRoot()));
  }

  @Test
  void aRealDsseAttestationVerifiesAgainstAnIdentityPolicyThroughTheBundleVerifier()
      throws Exception {
    Pep740Attestation a = Pep740Attestation.fromBundle(resource("bundle.dsse.sigstore"));
    String san = Pep740Verifier.verifyKeyless(a, SUBJECT, SUBJECT_SHA256, trustedRoot()).signer();
    String issuer = "https://token.actions.githubusercontent.com";
    Pep740Verifier.Result r =
        Pep740Verifier.verify(
            a,
            SUBJECT,
            SUBJECT_SHA256,
            dev.konflux.ecosystem.api.BundlePolicy.keyless(san, issuer)
                .withTrustedRoot(trustedRoot()));
    assertEquals(san, r.signer());
    VerificationException other =
        assertThrows(
            VerificationException.class,
            () ->
                Pep740Verifier.verify(
                    a,
                    SUBJECT,
                    SUBJECT_SHA256,
                    dev.konflux.ecosystem.api.BundlePolicy.keyless(
                            "https://github.com/someone/else", issuer)
                        .withTrustedRoot(trustedRoot())));
    assertTrue(other.getMessage().contains("does not verify"), other.getMessage());
  }

  @Test
  void bundlesThatCannotBeAttestationsAreRefused() throws Exception {
    InvalidInputException message =
        assertThrows(
            InvalidInputException.class,
            () -> Pep740Attestation.fromBundle(resource("bundle.sigstore")));
    assertTrue(
        message.getMessage().contains("dsseEnvelope")
            || message.getMessage().contains("certificate"),
        message.getMessage());
    String publicKeyBundle =
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\","
            + "\"verificationMaterial\":{\"publicKey\":{\"hint\":\"x\"}},\"dsseEnvelope\":{\"payload\":\"e30=\","
            + "\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[{\"sig\":\"AAAA\"}]}}";
    assertThrows(
        InvalidInputException.class,
        () ->
            Pep740Attestation.fromBundle(
                publicKeyBundle.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    for (String bad :
        new String[] {
          "", "[]", "{\"version\":2}", "{\"version\":1}", "{\"version\":\"1\",\"envelope\":{}}"
        }) {
      assertThrows(
          InvalidInputException.class,
          () -> Pep740Attestation.parse(bad.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          bad);
    }
  }
}
