package dev.konflux.ecosystem.internal.verify;

import static dev.konflux.ecosystem.internal.verify.TestSigning.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.ProvenanceView;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationDecision.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DsseAttestationVerifierTest {
  private final DsseAttestationVerifier verifier = new DsseAttestationVerifier();
  private final Digest manifest = Digest.sha256Of(utf8("the manifest"));
  private final Digest referrer = Digest.sha256Of(utf8("the .att manifest"));

  @Test
  void slsaV02ProvenanceVerifiesAndIsParsed() {
    Key key = p256();
    byte[] env = envelope(statement(manifest, ProvenanceView.SLSA_V02, SLSA_V02), key);
    VerificationDecision d =
        verifier.verify("app", manifest, referrer, Kind.ATTESTATION, env, List.of(key.publicKey()));
    assertTrue(d.passed(), d.reason());
    assertEquals(ProvenanceView.SLSA_V02, d.predicateType());
    ProvenanceView p = d.provenance();
    assertEquals("https://tekton.dev/chains/v2", p.builderId());
    assertEquals("tekton.dev/v1beta1/PipelineRun", p.buildType());
    assertEquals("git+https://github.com/konflux/app.git", p.materials().get(0).uri());
    assertEquals("abc", p.materials().get(0).digest().get("sha1"));
    assertEquals("https://github.com/konflux/app", p.parameters().get("git-url"));
    assertEquals("quay.io/konflux/app@sha256:" + "1".repeat(64), p.sbomBlobUrl().orElseThrow());
  }

  @Test
  void slsaV1ProvenanceVerifiesAndIsParsed() {
    Key key = rsa();
    byte[] env = envelope(statement(manifest, ProvenanceView.SLSA_V1, SLSA_V1), key);
    VerificationDecision d =
        verifier.verify("app", manifest, referrer, Kind.ATTESTATION, env, List.of(key.publicKey()));
    assertTrue(d.passed(), d.reason());
    ProvenanceView p = d.provenance();
    assertEquals("https://tekton.dev/chains/v2/slsa", p.buildType());
    assertEquals("https://tekton.dev/chains/v2", p.builderId());
    assertEquals("def", p.materials().get(0).digest().get("sha1"));
    assertEquals("{\"pipelineRef\":\"build\"}", p.parameters().get("runSpec"));
    assertEquals("quay.io/konflux/app@sha256:" + "2".repeat(64), p.sbomBlobUrl().orElseThrow());
  }

  @Test
  void wrongSubjectFailsNamingBothDigests() {
    Key key = p256();
    Digest other = Digest.sha256Of(utf8("other"));
    byte[] env = envelope(statement(other, ProvenanceView.SLSA_V1, SLSA_V1), key);
    VerificationDecision d =
        verifier.verify("app", manifest, referrer, Kind.ATTESTATION, env, List.of(key.publicKey()));
    assertFalse(d.passed());
    assertEquals(
        "attestation subject " + other + " does not match manifest " + manifest, d.reason());
  }

  @Test
  void tamperedPayloadFails() {
    Key key = p256();
    byte[] env = envelope(statement(manifest, ProvenanceView.SLSA_V1, SLSA_V1), key);
    String json = new String(env, StandardCharsets.UTF_8);
    String payload = b64(statement(manifest, ProvenanceView.SLSA_V1, SLSA_V1));
    String tampered =
        json.replace(
            payload,
            b64(
                statement(
                    manifest,
                    ProvenanceView.SLSA_V1,
                    SLSA_V1.replace("konflux/app.git", "evil/app.git"))));
    VerificationDecision d =
        verifier.verify(
            "app",
            manifest,
            referrer,
            Kind.ATTESTATION,
            tampered.getBytes(StandardCharsets.UTF_8),
            List.of(key.publicKey()));
    assertFalse(d.passed());
    assertEquals(
        "DSSE signature does not verify with key " + key.publicKey().fingerprint(), d.reason());
  }

  @Test
  void missingSignatureFails() {
    byte[] env = envelope(statement(manifest, ProvenanceView.SLSA_V1, SLSA_V1));
    VerificationDecision d =
        verifier.verify(
            "app", manifest, referrer, Kind.ATTESTATION, env, List.of(p256().publicKey()));
    assertFalse(d.passed());
    assertEquals("DSSE envelope has no signatures (missing signature)", d.reason());
  }

  @Test
  void wrongPayloadTypeFails() {
    Key key = p256();
    byte[] statement = statement(manifest, ProvenanceView.SLSA_V1, SLSA_V1);
    byte[] sig = key.sign(DsseEnvelope.pae("text/plain", statement));
    byte[] env =
        utf8(
            "{\"payloadType\":\"text/plain\",\"payload\":\""
                + b64(statement)
                + "\",\"signatures\":[{\"sig\":\""
                + b64(sig)
                + "\"}]}");
    VerificationDecision d =
        verifier.verify("app", manifest, referrer, Kind.ATTESTATION, env, List.of(key.publicKey()));
    assertFalse(d.passed());
    assertTrue(
        d.reason().contains("payloadType 'text/plain' is not application/vnd.in-toto+json"),
        d.reason());
  }

  @Test
  void signedButMalformedProvenanceFails() {
    Key key = p256();
    byte[] env = envelope(statement(manifest, ProvenanceView.SLSA_V1, "{\"runDetails\":{}}"), key);
    VerificationDecision d =
        verifier.verify("app", manifest, referrer, Kind.ATTESTATION, env, List.of(key.publicKey()));
    assertFalse(d.passed());
    assertTrue(d.reason().contains("buildDefinition"), d.reason());
  }

  @Test
  void paeIsTheDsseV1Encoding() {
    assertEquals(
        "DSSEv1 29 http://example.com/HelloWorld 11 hello world",
        new String(
            DsseEnvelope.pae("http://example.com/HelloWorld", utf8("hello world")),
            StandardCharsets.UTF_8));
  }
}
