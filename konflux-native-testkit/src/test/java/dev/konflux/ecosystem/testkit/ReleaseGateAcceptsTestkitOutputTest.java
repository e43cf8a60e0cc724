package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.api.VerificationPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The library's verification gate accepts what the testkit signs and rejects every deliberate
 * fault: this pins the testkit's formats to what the verifier expects (and the other way round).
 */
class ReleaseGateAcceptsTestkitOutputTest {

  static final String REPO = "quay.io/konflux-test/demo";

  @TempDir Path tmp;

  private StoredArtifact artifact(Path dir) throws Exception {
    Path rpm = Files.writeString(tmp.resolve("demo-1.0-1.noarch.rpm"), "rpm");
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      return RpmBuildArtifact.create().addRpm(rpm).tag("build").writeTo(store);
    }
  }

  /** The gate through the public API: a Translator dry run of the layout's {@code build} tag. */
  private List<VerificationDecision> verify(
      Path dir, Path publicKey, VerificationPolicy.Builder policy) throws Exception {
    ArtifactReference ref = ArtifactReference.parse("oci-layout:" + dir + ":build");
    return ReleaseGateProbe.verify(
        "demo",
        ref,
        policy.addPublicKey(CosignPublicKey.fromPem(publicKey)).build(),
        Files.createTempDirectory(tmp, "probe"));
  }

  @Test
  void everythingTheExampleWritesVerifies() throws Exception {
    Path rpm = Files.writeString(tmp.resolve("demo-1.0-1.noarch.rpm"), "rpm");
    Path dir = tmp.resolve("layout");
    ExampleArtifacts.ExampleBuild build =
        ExampleArtifacts.rpmBuild(dir, List.of(rpm), tmp.resolve("cosign.pub"));
    List<VerificationDecision> decisions =
        verify(
            dir,
            build.publicKey(),
            VerificationPolicy.builder()
                .requireSignature(true)
                .requirePredicateType(SlsaProvenance.PREDICATE_V02)
                .requirePredicateType(SlsaProvenance.PREDICATE_V1)
                .requireSbom(true)
                .dockerReference(ExampleArtifacts.DOCKER_REFERENCE));
    List<VerificationDecision> failed = decisions.stream().filter(d -> !d.passed()).toList();
    assertTrue(failed.isEmpty(), "failed: " + failed);
    assertEquals(
        1, decisions.stream().filter(d -> d.kind() == VerificationDecision.Kind.SIGNATURE).count());
    assertEquals(
        1,
        decisions.stream().filter(d -> d.kind() == VerificationDecision.Kind.ATTESTATION).count());
    assertEquals(
        2, decisions.stream().filter(d -> d.kind() == VerificationDecision.Kind.BUNDLE).count());
  }

  @ParameterizedTest
  @EnumSource(value = SignatureFault.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void everyFaultIsRejected(SignatureFault fault) throws Exception {
    Path dir = tmp.resolve("layout");
    StoredArtifact artifact = artifact(dir);
    CosignKeyPair key = CosignKeyPair.generate();
    Path pub = key.writePublicKey(tmp.resolve("cosign.pub"));
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      CosignSigner cosign = CosignSigner.with(key).withFault(fault);
      cosign.sign(store, artifact.descriptor(), REPO);
      cosign.attest(store, artifact.descriptor(), REPO, SlsaProvenance.v02());
      ReferrerSigner referrers = ReferrerSigner.with(key).withFault(fault);
      referrers.signatureBundle(store, artifact.descriptor());
      referrers.attestationBundle(store, artifact.descriptor(), REPO, SlsaProvenance.v1());
    }
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () -> verify(dir, pub, VerificationPolicy.builder().requireSignature(true)));
    assertTrue(e.getMessage().contains(artifact.digest().toString()), e.getMessage());

    // Without requirements the gate still records each faulty referrer as failed.
    List<VerificationDecision> decisions =
        verify(dir, pub, VerificationPolicy.builder().requireSignature(false));
    List<VerificationDecision> checked =
        decisions.stream()
            .filter(
                d ->
                    d.kind() != VerificationDecision.Kind.POLICY
                        && d.kind() != VerificationDecision.Kind.SBOM)
            .toList();
    assertEquals(4, checked.size(), "one decision per signature/attestation: " + checked);
    for (VerificationDecision d : checked) {
      assertFalse(d.passed(), fault + " must fail: " + d);
    }
  }

  @Test
  void oneGoodSignatureAmongBadOnesIsEnough() throws Exception {
    Path dir = tmp.resolve("layout");
    StoredArtifact artifact = artifact(dir);
    CosignKeyPair key = CosignKeyPair.generate();
    Path pub = key.writePublicKey(tmp.resolve("cosign.pub"));
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      CosignSigner good = CosignSigner.with(key);
      CosignSigner.signTogether(
          store,
          artifact.descriptor(),
          REPO,
          List.of(good.withFault(SignatureFault.OTHER_KEY), good));
    }
    List<VerificationDecision> decisions =
        verify(dir, pub, VerificationPolicy.builder().requireSignature(true));
    assertEquals(
        List.of(false, true),
        decisions.stream()
            .filter(d -> d.kind() == VerificationDecision.Kind.SIGNATURE)
            .map(VerificationDecision::passed)
            .toList());
  }
}
