package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Index;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.ManifestOrIndex;
import dev.konflux.ecosystem.api.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReferrerSignerTest {

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
    publicKey = SignatureChecks.readPem(key.writePublicKey(tmp.resolve("cosign.pub")));
    Path wheel = Files.writeString(tmp.resolve("demo-1.0-py3-none-any.whl"), "wheel");
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      artifact = PythonWheelsArtifact.create().add(wheel).tag("build").writeTo(store);
    }
  }

  @Test
  void referrersHaveSubjectTypeAndAnnotationsAndAreIndexedTwice() throws Exception {
    ReferrerSigner signer = ReferrerSigner.with(key);
    StoredArtifact sig;
    StoredArtifact att;
    StoredArtifact sbom;
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      sig = signer.signatureBundle(store, artifact.descriptor());
      att = signer.attestationBundle(store, artifact.descriptor(), REPO, SlsaProvenance.v1());
      sbom =
          signer.sbom(
              store,
              artifact.descriptor(),
              MediaTypes.SPDX_JSON,
              SbomDocuments.spdx("demo", artifact.contents()));
    }
    LayoutAssertions.assertValidLayout(dir);

    Manifest sigManifest = LayoutAssertions.readArtifactManifest(dir, sig.descriptor());
    assertEquals(MediaTypes.SIGSTORE_BUNDLE_V03, sigManifest.artifactType());
    assertEquals(artifact.digest(), sigManifest.subject().digest());
    assertEquals(artifact.descriptor().size(), sigManifest.subject().size());
    assertEquals(MediaTypes.OCI_MANIFEST, sigManifest.subject().mediaType());
    assertEquals(
        "message-signature", sigManifest.annotations().get(MediaTypes.ANNOTATION_BUNDLE_CONTENT));
    assertEquals(MediaTypes.SIGSTORE_BUNDLE_V03, sigManifest.layers().get(0).mediaType());

    Manifest attManifest = LayoutAssertions.readArtifactManifest(dir, att.descriptor());
    assertEquals(
        "dsse-envelope", attManifest.annotations().get(MediaTypes.ANNOTATION_BUNDLE_CONTENT));
    assertEquals(
        SlsaProvenance.PREDICATE_V1,
        attManifest.annotations().get(MediaTypes.ANNOTATION_BUNDLE_PREDICATE_TYPE));

    Manifest sbomManifest = LayoutAssertions.readArtifactManifest(dir, sbom.descriptor());
    assertEquals(MediaTypes.COSIGN_SBOM_ARTIFACT, sbomManifest.artifactType());
    assertEquals(MediaTypes.SPDX_JSON, sbomManifest.layers().get(0).mediaType());
    assertEquals(artifact.digest(), sbomManifest.subject().digest());

    // Tag schema: sha256-HEX is an index of the three referrers with their types and annotations.
    ManifestOrIndex tagSchema =
        LayoutAssertions.readManifest(
            dir, LayoutAssertions.tagged(dir, "sha256-" + artifact.digest().hex()));
    assertTrue(tagSchema instanceof Index);
    List<Descriptor> listed = ((Index) tagSchema).manifests();
    assertEquals(
        List.of(sig.digest(), att.digest(), sbom.digest()),
        listed.stream().map(Descriptor::digest).toList());
    for (Descriptor d : listed) {
      Manifest m = LayoutAssertions.readArtifactManifest(dir, d);
      assertEquals(m.artifactType(), d.artifactType());
      assertEquals(m.annotations(), d.annotations());
    }
    assertEquals(listed, signer.referrersOf(artifact.digest()));

    // index.json also lists every referrer (untagged, with subject) for layout readers.
    Set<Digest> inIndexJson =
        LayoutAssertions.readIndex(dir).manifests().stream()
            .filter(d -> !d.annotations().containsKey(MediaTypes.ANNOTATION_REF_NAME))
            .map(Descriptor::digest)
            .collect(Collectors.toSet());
    assertEquals(Set.of(sig.digest(), att.digest(), sbom.digest()), inIndexJson);
  }

  /** What a message-signature bundle claims and whether it verifies over the subject's bytes. */
  record MessageCheck(
      Digest claimed, boolean hasSignature, boolean verifiesOverSubject, String hint) {}

  MessageCheck checkMessageBundle(StoredArtifact referrer) throws Exception {
    Manifest m = LayoutAssertions.readArtifactManifest(dir, referrer.descriptor());
    JsonNode bundle = OciJson.tree(LayoutAssertions.blob(dir, m.layers().get(0)));
    assertEquals(MediaTypes.SIGSTORE_BUNDLE_V03, bundle.get("mediaType").asText());
    JsonNode ms = bundle.get("messageSignature");
    assertEquals("SHA2_256", ms.get("messageDigest").get("algorithm").asText());
    Digest claimed =
        Digest.sha256(Base64.getDecoder().decode(ms.get("messageDigest").get("digest").asText()));
    byte[] subjectBytes = LayoutAssertions.blob(dir, artifact.descriptor());
    boolean verifies =
        ms.has("signature")
            && SignatureChecks.verifies(
                publicKey, subjectBytes, Base64.getDecoder().decode(ms.get("signature").asText()));
    return new MessageCheck(
        claimed,
        ms.has("signature"),
        verifies,
        bundle.get("verificationMaterial").get("publicKey").get("hint").asText());
  }

  @ParameterizedTest
  @EnumSource(SignatureFault.class)
  void messageSignatureBundleFaults(SignatureFault fault) throws Exception {
    StoredArtifact referrer;
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      referrer =
          ReferrerSigner.with(key).withFault(fault).signatureBundle(store, artifact.descriptor());
    }
    MessageCheck check = checkMessageBundle(referrer);
    assertEquals(key.hint(), check.hint());
    switch (fault) {
      case NONE -> {
        assertTrue(check.verifiesOverSubject(), "ECDSA-SHA256 over the subject manifest's bytes");
        assertEquals(artifact.digest(), check.claimed());
      }
      case TAMPERED_PAYLOAD, OTHER_KEY -> {
        assertFalse(check.verifiesOverSubject());
        assertEquals(artifact.digest(), check.claimed());
      }
      case WRONG_SUBJECT_DIGEST -> {
        assertFalse(check.verifiesOverSubject());
        assertNotEquals(artifact.digest(), check.claimed());
      }
      case MISSING_SIGNATURE -> assertFalse(check.hasSignature());
    }
  }

  @ParameterizedTest
  @EnumSource(SignatureFault.class)
  void dsseBundleFaults(SignatureFault fault) throws Exception {
    StoredArtifact referrer;
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      referrer =
          ReferrerSigner.with(key)
              .withFault(fault)
              .attestationBundle(store, artifact.descriptor(), REPO, SlsaProvenance.v02());
    }
    Manifest m = LayoutAssertions.readArtifactManifest(dir, referrer.descriptor());
    JsonNode bundle = OciJson.tree(LayoutAssertions.blob(dir, m.layers().get(0)));
    assertNull(bundle.get("messageSignature"));
    SignatureChecks.DsseResult dsse =
        SignatureChecks.checkDsse(bundle.get("dsseEnvelope"), publicKey);
    String subjectHex = dsse.statement().get("subject").get(0).get("digest").get("sha256").asText();
    boolean expectVerified =
        fault == SignatureFault.NONE || fault == SignatureFault.WRONG_SUBJECT_DIGEST;
    assertEquals(expectVerified, dsse.verified());
    assertEquals(
        fault != SignatureFault.WRONG_SUBJECT_DIGEST, artifact.digest().hex().equals(subjectHex));
    assertEquals(fault == SignatureFault.MISSING_SIGNATURE ? 0 : 1, dsse.signatureCount());
  }

  @Test
  void faultySignersShareTheTagSchemaIndex() throws Exception {
    ReferrerSigner good = ReferrerSigner.with(key);
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      good.signatureBundle(store, artifact.descriptor());
      good.withFault(SignatureFault.OTHER_KEY).signatureBundle(store, artifact.descriptor());
    }
    Index tagSchema =
        (Index)
            LayoutAssertions.readManifest(
                dir, LayoutAssertions.tagged(dir, ReferrerSigner.tagSchemaTag(artifact.digest())));
    assertEquals(2, tagSchema.manifests().size());
  }

  @Test
  void referrersAreReproducibleExceptForTheSignature() throws Exception {
    byte[] sbom = SbomDocuments.spdx("demo", artifact.contents());
    StoredArtifact one;
    StoredArtifact two;
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      one = ReferrerSigner.with(key).sbom(store, artifact.descriptor(), MediaTypes.SPDX_JSON, sbom);
      two = ReferrerSigner.with(key).sbom(store, artifact.descriptor(), MediaTypes.SPDX_JSON, sbom);
    }
    assertEquals(one.digest(), two.digest());
    assertArrayEquals(sbom, LayoutAssertions.blob(dir, one.contents().get(0)));
  }
}
