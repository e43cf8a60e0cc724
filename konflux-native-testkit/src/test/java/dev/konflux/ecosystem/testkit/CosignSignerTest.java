package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CosignSignerTest {

  static final String REPO = "quay.io/konflux-test/demo";

  @TempDir Path tmp;
  Path dir;
  CosignKeyPair key;
  PublicKey publicKey;
  StoredArtifact artifact;

  @BeforeEach
  void writeArtifact() throws Exception {
    dir = tmp.resolve("layout");
    key = CosignKeyPair.generate();
    publicKey = SignatureChecks.readPem(key.writePublicKey(tmp.resolve("keys/cosign.pub")));
    Path rpm = Files.writeString(tmp.resolve("demo-1.0-1.noarch.rpm"), "rpm");
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      artifact = RpmBuildArtifact.create().addRpm(rpm).tag("build").writeTo(store);
    }
  }

  /** The .sig payload and whether its signature verifies with the test key. */
  record SigCheck(JsonNode payload, String signature, boolean verified) {}

  SigCheck readSig() throws Exception {
    Manifest m =
        LayoutAssertions.readArtifactManifest(
            dir, LayoutAssertions.tagged(dir, "sha256-" + artifact.digest().hex() + ".sig"));
    assertEquals(1, m.layers().size());
    Descriptor layer = m.layers().get(0);
    assertEquals(MediaTypes.COSIGN_SIMPLE_SIGNING, layer.mediaType());
    byte[] payload = LayoutAssertions.blob(dir, layer);
    String sig = layer.annotations().get(MediaTypes.ANNOTATION_COSIGN_SIGNATURE);
    boolean verified =
        sig != null
            && SignatureChecks.verifies(publicKey, payload, Base64.getDecoder().decode(sig));
    return new SigCheck(OciJson.tree(payload), sig, verified);
  }

  @Test
  void sigTagHoldsASignedSimpleSigningPayload() throws Exception {
    StoredArtifact sig;
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      sig = CosignSigner.with(key).sign(store, artifact.descriptor(), REPO);
      assertEquals(store.reference(CosignSigner.signatureTag(artifact.digest())), sig.reference());
    }
    LayoutAssertions.assertValidLayout(dir);
    SigCheck check = readSig();
    assertTrue(check.verified(), "signature must verify over the exact payload bytes");
    JsonNode critical = check.payload().get("critical");
    assertEquals(REPO, critical.get("identity").get("docker-reference").asText());
    assertEquals(
        artifact.digest().toString(), critical.get("image").get("docker-manifest-digest").asText());
    assertEquals("cosign container image signature", critical.get("type").asText());
    assertTrue(check.payload().get("optional").isNull());
    Manifest m = LayoutAssertions.readArtifactManifest(dir, sig.descriptor());
    assertEquals(CosignSigner.IMAGE_CONFIG, m.config().mediaType());
  }

  @ParameterizedTest
  @EnumSource(SignatureFault.class)
  void eachSigFaultBreaksExactlyWhatItSays(SignatureFault fault) throws Exception {
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      CosignSigner.with(key).withFault(fault).sign(store, artifact.descriptor(), REPO);
    }
    SigCheck check = readSig();
    String named =
        check.payload().get("critical").get("image").get("docker-manifest-digest").asText();
    switch (fault) {
      case NONE -> {
        assertTrue(check.verified());
        assertEquals(artifact.digest().toString(), named);
      }
      case TAMPERED_PAYLOAD -> {
        assertFalse(check.verified());
        assertEquals(artifact.digest().toString(), named, "tampering leaves the digest alone");
      }
      case WRONG_SUBJECT_DIGEST -> {
        assertTrue(check.verified(), "validly signed…");
        assertNotEquals(artifact.digest().toString(), named, "…but for another manifest");
      }
      case OTHER_KEY -> {
        assertFalse(check.verified());
        assertEquals(artifact.digest().toString(), named);
      }
      case MISSING_SIGNATURE -> assertNull(check.signature());
    }
  }

  @ParameterizedTest
  @EnumSource(SignatureFault.class)
  void attTagHoldsADsseSignedProvenanceStatement(SignatureFault fault) throws Exception {
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      CosignSigner.with(key)
          .withFault(fault)
          .attest(store, artifact.descriptor(), REPO, SlsaProvenance.v02());
    }
    LayoutAssertions.assertValidLayout(dir);
    Manifest m =
        LayoutAssertions.readArtifactManifest(
            dir, LayoutAssertions.tagged(dir, CosignSigner.attestationTag(artifact.digest())));
    Descriptor layer = m.layers().get(0);
    assertEquals(MediaTypes.DSSE_ENVELOPE, layer.mediaType());
    assertEquals(SlsaProvenance.PREDICATE_V02, layer.annotations().get("predicateType"));
    SignatureChecks.DsseResult dsse =
        SignatureChecks.checkDsse(OciJson.tree(LayoutAssertions.blob(dir, layer)), publicKey);
    assertEquals(MediaTypes.IN_TOTO_JSON, dsse.payloadType());
    JsonNode statement = dsse.statement();
    assertEquals(SlsaProvenance.STATEMENT_V01, statement.get("_type").asText());
    assertEquals(SlsaProvenance.PREDICATE_V02, statement.get("predicateType").asText());
    assertEquals(REPO, statement.get("subject").get(0).get("name").asText());
    String subjectHex = statement.get("subject").get(0).get("digest").get("sha256").asText();
    assertEquals(
        "https://tekton.dev/chains/v2",
        statement.get("predicate").get("builder").get("id").asText());
    assertTrue(statement.get("predicate").get("materials").size() >= 2);
    switch (fault) {
      case NONE -> {
        assertTrue(dsse.verified());
        assertEquals(artifact.digest().hex(), subjectHex);
      }
      case TAMPERED_PAYLOAD, OTHER_KEY -> {
        assertFalse(dsse.verified());
        assertEquals(artifact.digest().hex(), subjectHex);
      }
      case WRONG_SUBJECT_DIGEST -> {
        assertTrue(dsse.verified());
        assertNotEquals(artifact.digest().hex(), subjectHex);
      }
      case MISSING_SIGNATURE -> assertEquals(0, dsse.signatureCount());
    }
  }

  @Test
  void v1ProvenanceUsesStatementV1AndBuildDefinition() throws Exception {
    byte[] bytes = SlsaProvenance.v1().pipelineRun("run-1").statement(REPO, artifact.digest());
    JsonNode statement = OciJson.tree(bytes);
    assertEquals(SlsaProvenance.STATEMENT_V1, statement.get("_type").asText());
    assertEquals(SlsaProvenance.PREDICATE_V1, statement.get("predicateType").asText());
    JsonNode predicate = statement.get("predicate");
    assertEquals(
        "https://tekton.dev/chains/v2",
        predicate.get("runDetails").get("builder").get("id").asText());
    assertEquals("run-1", predicate.get("runDetails").get("metadata").get("invocationID").asText());
    assertTrue(predicate.get("buildDefinition").get("resolvedDependencies").size() >= 2);
    assertEquals(
        "\"" + artifact.digest() + "\"",
        new String(
            Base64.getDecoder()
                .decode(
                    predicate.get("runDetails").get("byproducts").get(0).get("content").asText())));
  }

  @Test
  void sbomTagHoldsTheSbom() throws Exception {
    byte[] sbom = SbomDocuments.spdx("demo", artifact.contents());
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      CosignSigner.with(key).attachSbom(store, artifact.descriptor(), MediaTypes.SPDX_JSON, sbom);
    }
    Manifest m =
        LayoutAssertions.readArtifactManifest(
            dir, LayoutAssertions.tagged(dir, CosignSigner.sbomTag(artifact.digest())));
    assertEquals(MediaTypes.SPDX_JSON, m.layers().get(0).mediaType());
    JsonNode doc = OciJson.tree(LayoutAssertions.blob(dir, m.layers().get(0)));
    assertEquals("SPDX-2.3", doc.get("spdxVersion").asText());
    assertEquals(
        artifact.contents().get(0).digest().hex(),
        doc.get("packages").get(0).get("checksums").get(0).get("checksumValue").asText());
    JsonNode cdx = OciJson.tree(SbomDocuments.cycloneDx("demo", artifact.contents()));
    assertEquals("CycloneDX", cdx.get("bomFormat").asText());
  }

  @Test
  void publicKeyPemRoundTripsAndSignDigestEqualsSigningTheMessage() throws Exception {
    assertEquals(key.publicKey(), CosignKeyPair.readPublicKeyPem(key.publicKeyPem()));
    byte[] message = "some manifest bytes".getBytes();
    byte[] overDigest = key.signDigest(Digest.sha256Of(message).bytes());
    assertTrue(SignatureChecks.verifies(publicKey, message, overDigest));
    assertFalse(SignatureChecks.verifies(publicKey, "other".getBytes(), overDigest));
    assertFalse(
        key.toString().contains(Base64.getEncoder().encodeToString(key.privateKey().getEncoded())));
  }

  @Test
  void signTogetherWritesOneLayerPerSigner() throws Exception {
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      CosignSigner good = CosignSigner.with(key);
      CosignSigner.signTogether(
          store,
          artifact.descriptor(),
          REPO,
          java.util.List.of(good.withFault(SignatureFault.OTHER_KEY), good));
    }
    Manifest m =
        LayoutAssertions.readArtifactManifest(
            dir, LayoutAssertions.tagged(dir, CosignSigner.signatureTag(artifact.digest())));
    assertEquals(2, m.layers().size());
    java.util.List<Boolean> verified = new java.util.ArrayList<>();
    for (Descriptor layer : m.layers()) {
      verified.add(
          SignatureChecks.verifies(
              publicKey,
              LayoutAssertions.blob(dir, layer),
              Base64.getDecoder()
                  .decode(layer.annotations().get(MediaTypes.ANNOTATION_COSIGN_SIGNATURE))));
    }
    assertEquals(java.util.List.of(false, true), verified);
  }
}
