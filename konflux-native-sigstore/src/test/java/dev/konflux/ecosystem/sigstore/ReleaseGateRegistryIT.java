package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.ProvenanceView;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationDecision.Kind;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.testkit.ArtifactManifest;
import dev.konflux.ecosystem.testkit.CosignKeyPair;
import dev.konflux.ecosystem.testkit.CosignSigner;
import dev.konflux.ecosystem.testkit.DockerRegistryExtension;
import dev.konflux.ecosystem.testkit.ReferrerSigner;
import dev.konflux.ecosystem.testkit.RegistryArtifactStore;
import dev.konflux.ecosystem.testkit.ReleaseGateProbe;
import dev.konflux.ecosystem.testkit.SbomDocuments;
import dev.konflux.ecosystem.testkit.SignatureFault;
import dev.konflux.ecosystem.testkit.SlsaProvenance;
import dev.konflux.ecosystem.testkit.StoredArtifact;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The verification gate on artifacts that the testkit signed and pushed to a real registry
 * (Debian's docker-registry, no referrers API, so referrers come from the tag schema), read back
 * through a Translator dry run (the registry source an embedder gets): in the cosign tag layout
 * ({@code .sig}/{@code .att}/ {@code .sbom}) and the OCI 1.1 referrers layout (public-key Sigstore
 * bundles, which the gate checks with the strict {@link SigstoreBundleVerifier} of this module).
 */
class ReleaseGateRegistryIT {
  @RegisterExtension
  static final DockerRegistryExtension REGISTRY = DockerRegistryExtension.anonymous();

  private static final String DOCKER_REFERENCE = "quay.io/konflux-ci/app";
  private static int repoCounter;
  private final CosignKeyPair key = CosignKeyPair.generate();
  @TempDir Path tmp;

  enum Layout {
    COSIGN_TAGS,
    REFERRERS
  }

  private record Pushed(RegistryArtifactStore store, StoredArtifact artifact) {}

  private Pushed pushArtifact() throws Exception {
    RegistryArtifactStore store = REGISTRY.registry().store("konflux/app" + (++repoCounter));
    Descriptor rpm =
        store.putBlob(MediaTypes.RPM, "not really an rpm".getBytes(StandardCharsets.UTF_8));
    Descriptor layer =
        new Descriptor(
            rpm.mediaType(),
            rpm.digest(),
            rpm.size(),
            null,
            Map.of(MediaTypes.ANNOTATION_TITLE, "x86_64/app-1.0-1.x86_64.rpm"));
    StoredArtifact artifact =
        ArtifactManifest.of(MediaTypes.ARTIFACT_RPM_BUILD).layer(layer).storeIn(store, "build");
    return new Pushed(store, artifact);
  }

  private void sign(
      Layout layout,
      Pushed p,
      SignatureFault signatureFault,
      SignatureFault attestationFault,
      SlsaProvenance provenance)
      throws Exception {
    Descriptor subject = p.artifact().descriptor();
    byte[] sbom = SbomDocuments.spdx("app", p.artifact().contents());
    // The provenance names the SBOM, as Konflux's does: that covers it with a verified signature
    // (--require-sbom wants a signed SBOM that describes the artifact, checked by the bom module).
    provenance.result("SBOM_BLOB_URL", DOCKER_REFERENCE + "@" + Digest.sha256Of(sbom));
    if (layout == Layout.COSIGN_TAGS) {
      CosignSigner signer = CosignSigner.with(key);
      signer.withFault(signatureFault).sign(p.store(), subject, DOCKER_REFERENCE);
      signer.withFault(attestationFault).attest(p.store(), subject, DOCKER_REFERENCE, provenance);
      signer.attachSbom(p.store(), subject, MediaTypes.SPDX_JSON, sbom);
    } else {
      ReferrerSigner signer = ReferrerSigner.with(key);
      signer.withFault(signatureFault).signatureBundle(p.store(), subject);
      signer
          .withFault(attestationFault)
          .attestationBundle(p.store(), subject, DOCKER_REFERENCE, provenance);
      signer.sbom(p.store(), subject, MediaTypes.SPDX_JSON, sbom);
    }
  }

  /**
   * The gate through the public API: a Translator dry run reading the registry like an embedder.
   */
  private List<VerificationDecision> verify(Pushed p, VerificationPolicy policy) throws Exception {
    ArtifactReference ref = ArtifactReference.parse(p.store().reference("build"));
    SourceOptions options =
        SourceOptions.builder().plainHttp(REGISTRY.registry().hostAndPort()).maxAttempts(1).build();
    return ReleaseGateProbe.verify(
        "app", ref, policy, options, Files.createTempDirectory(tmp, "probe"));
  }

  private VerificationPolicy.Builder policy(SlsaProvenance provenance) throws Exception {
    return VerificationPolicy.builder()
        .addPublicKey(CosignPublicKey.fromPem(key.publicKeyPem()))
        .requirePredicateType(provenance.predicateType())
        .requireSbom(true);
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void testkitSignedArtifactPasses(Layout layout) throws Exception {
    for (SlsaProvenance provenance : List.of(SlsaProvenance.v02(), SlsaProvenance.v1())) {
      Pushed p = pushArtifact();
      sign(layout, p, SignatureFault.NONE, SignatureFault.NONE, provenance);
      VerificationPolicy.Builder policy = policy(provenance);
      if (layout == Layout.COSIGN_TAGS) {
        policy.dockerReference(DOCKER_REFERENCE);
      }
      List<VerificationDecision> ds = verify(p, policy.build());
      assertTrue(ds.stream().allMatch(VerificationDecision::passed), ds.toString());
      Kind signatureKind = layout == Layout.COSIGN_TAGS ? Kind.SIGNATURE : Kind.BUNDLE;
      String fingerprint = CosignPublicKey.fromPem(key.publicKeyPem()).fingerprint();
      assertTrue(
          ds.stream().anyMatch(d -> d.kind() == signatureKind && fingerprint.equals(d.signer())),
          ds.toString());
      VerificationDecision provenanceDecision =
          ds.stream().filter(d -> d.provenance() != null).findFirst().orElseThrow();
      assertEquals(provenance.predicateType(), provenanceDecision.predicateType());
      assertFalse(provenanceDecision.provenance().builderId().isEmpty());
      assertTrue(ds.stream().anyMatch(d -> d.kind() == Kind.SBOM && d.passed()));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "COSIGN_TAGS, TAMPERED_PAYLOAD, signature does not verify with key SHA256:",
    "COSIGN_TAGS, OTHER_KEY, signature does not verify with key SHA256:",
    "COSIGN_TAGS, WRONG_SUBJECT_DIGEST, signature payload names manifest",
    "COSIGN_TAGS, MISSING_SIGNATURE, (missing signature)",
    "REFERRERS, TAMPERED_PAYLOAD, does not verify over the input",
    "REFERRERS, OTHER_KEY, does not verify over the input",
    "REFERRERS, WRONG_SUBJECT_DIGEST, is not the input",
    "REFERRERS, MISSING_SIGNATURE, has no string field 'signature'"
  })
  void faultySignatureFailsWithItsOwnMessage(Layout layout, SignatureFault fault, String reason)
      throws Exception {
    Pushed p = pushArtifact();
    SlsaProvenance provenance = SlsaProvenance.v1();
    sign(layout, p, fault, SignatureFault.NONE, provenance);
    VerificationException e =
        assertThrows(VerificationException.class, () -> verify(p, policy(provenance).build()));
    assertTrue(e.details().contains(reason), e.details());
    assertTrue(e.details().contains("component app"), e.details());
    assertTrue(e.details().contains(p.artifact().digest().toString()), e.details());
    assertTrue(e.details().contains("a valid signature by key SHA256:"), e.details());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "COSIGN_TAGS, TAMPERED_PAYLOAD, DSSE signature does not verify with key SHA256:",
    "COSIGN_TAGS, OTHER_KEY, DSSE signature does not verify with key SHA256:",
    "COSIGN_TAGS, WRONG_SUBJECT_DIGEST, attestation subject sha256:",
    "COSIGN_TAGS, MISSING_SIGNATURE, DSSE envelope has no signatures (missing signature)",
    "REFERRERS, TAMPERED_PAYLOAD, DSSE signature does not verify over the envelope with key SHA256:",
    "REFERRERS, WRONG_SUBJECT_DIGEST, is not a subject of the in-toto statement",
    "REFERRERS, MISSING_SIGNATURE, dsseEnvelope must carry exactly one signature, has 0"
  })
  void faultyAttestationFailsWithItsOwnMessage(Layout layout, SignatureFault fault, String reason)
      throws Exception {
    Pushed p = pushArtifact();
    SlsaProvenance provenance = SlsaProvenance.v02();
    sign(layout, p, SignatureFault.NONE, fault, provenance);
    VerificationException e =
        assertThrows(VerificationException.class, () -> verify(p, policy(provenance).build()));
    assertTrue(e.details().contains(reason), e.details());
    assertTrue(
        e.details().contains("an attestation of predicate type " + ProvenanceView.SLSA_V02),
        e.details());
  }

  @Test
  void wrongKeyInThePolicyFailsNamingTheKey() throws Exception {
    Pushed p = pushArtifact();
    sign(Layout.COSIGN_TAGS, p, SignatureFault.NONE, SignatureFault.NONE, SlsaProvenance.v1());
    CosignPublicKey other = CosignPublicKey.fromPem(CosignKeyPair.generate().publicKeyPem());
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () -> verify(p, VerificationPolicy.builder().addPublicKey(other).build()));
    assertTrue(
        e.details().contains("signature does not verify with key " + other.fingerprint()),
        e.details());
  }

  @Test
  void unsignedArtifactFailsAndSkipIsRecorded() throws Exception {
    Pushed p = pushArtifact();
    VerificationException e =
        assertThrows(
            VerificationException.class, () -> verify(p, policy(SlsaProvenance.v1()).build()));
    assertTrue(e.details().contains("no signature was found"), e.details());
    List<VerificationDecision> skipped = verify(p, VerificationPolicy.skipVerification());
    assertEquals(1, skipped.size());
    assertTrue(skipped.get(0).reason().contains("insecureSkipVerify"));
  }
}
