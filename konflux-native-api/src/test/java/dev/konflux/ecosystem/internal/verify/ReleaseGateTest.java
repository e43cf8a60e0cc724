package dev.konflux.ecosystem.internal.verify;

import static dev.konflux.ecosystem.internal.verify.TestSigning.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.api.CertificateIdentity;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.ProvenanceView;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.Referrer.Discovery;
import dev.konflux.ecosystem.api.ResolvedComponent;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationDecision.Kind;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.spi.KeylessBundleVerifier;
import dev.konflux.ecosystem.spi.KeylessVerificationRequest;
import dev.konflux.ecosystem.spi.KeylessVerificationResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseGateTest {
  private final Key key = p256();
  private final Blobs blobs = new Blobs();
  private final Manifest root =
      artifact(MediaTypes.ARTIFACT_RPM_BUILD, utf8("{\"root\":\"manifest\"}"));
  private final ReleaseGate gate = new ReleaseGate(Optional.empty());

  private Referrer signature(Key signer, byte[] payload) {
    Descriptor layer =
        blobs.put(
            MediaTypes.COSIGN_SIMPLE_SIGNING,
            payload,
            Map.of(MediaTypes.ANNOTATION_COSIGN_SIGNATURE, b64(signer.sign(payload))));
    return referrer(
        Referrer.Kind.COSIGN_SIGNATURE, Discovery.COSIGN_TAG, root, null, List.of(layer));
  }

  private Referrer attestation(Key signer, String predicateType, String predicate) {
    Descriptor layer =
        blobs.put(
            MediaTypes.DSSE_ENVELOPE,
            envelope(statement(root.digest(), predicateType, predicate), signer),
            Map.of());
    return referrer(
        Referrer.Kind.COSIGN_ATTESTATION, Discovery.COSIGN_TAG, root, null, List.of(layer));
  }

  private ResolvedComponent component(Referrer... referrers) {
    ComponentArtifact a =
        new ComponentArtifact("app", reference(root.digest()), root.digest(), root, List.of());
    return new ResolvedComponent(
        "app", reference(root.digest()), root, List.of(referrers), List.of(a));
  }

  private VerificationPolicy.Builder keyed() {
    return VerificationPolicy.builder().addPublicKey(key.publicKey());
  }

  @Test
  void signedComponentPassesAndEveryDecisionIsReturned() throws Exception {
    List<VerificationDecision> ds =
        gate.verify(
            component(
                signature(key, simpleSigning(root.digest(), "r")),
                attestation(key, ProvenanceView.SLSA_V02, SLSA_V02)),
            blobs,
            keyed().requirePredicateType(ProvenanceView.SLSA_V02).build());
    assertEquals(
        List.of(Kind.SIGNATURE, Kind.ATTESTATION, Kind.POLICY, Kind.POLICY),
        ds.stream().map(VerificationDecision::kind).toList());
    assertTrue(ds.stream().allMatch(VerificationDecision::passed));
    assertEquals("https://tekton.dev/chains/v2", ds.get(1).provenance().builderId());
  }

  @Test
  void defaultPolicyWithoutKeysFails() {
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () ->
                gate.verify(
                    component(signature(key, simpleSigning(root.digest(), "r"))),
                    blobs,
                    VerificationPolicy.builder().build()));
    assertTrue(e.details().contains("no public key was given"), e.details());
    assertTrue(
        e.details().contains("a valid signature by (no key or identity configured) is required"));
  }

  @Test
  void missingSignatureFailsTheGate() {
    VerificationException e =
        assertThrows(
            VerificationException.class, () -> gate.verify(component(), blobs, keyed().build()));
    assertTrue(e.details().contains("component app"), e.details());
    assertTrue(e.details().contains(root.digest().toString()));
    assertTrue(e.details().contains("no signature was found"), e.details());
  }

  @Test
  void wrongKeyFailureNamesComponentManifestReferrerAndKey() {
    Referrer sig = signature(p256(), simpleSigning(root.digest(), "r"));
    VerificationException e =
        assertThrows(
            VerificationException.class, () -> gate.verify(component(sig), blobs, keyed().build()));
    assertTrue(e.details().contains("referrer " + sig.manifest().digest()), e.details());
    assertTrue(
        e.details()
            .contains("signature does not verify with key " + key.publicKey().fingerprint()));
  }

  @Test
  void oneGoodSignatureIsEnoughButTheBadOneIsRecorded() throws Exception {
    List<VerificationDecision> ds =
        gate.verify(
            component(
                signature(p256(), simpleSigning(root.digest(), "r")),
                signature(key, simpleSigning(root.digest(), "r"))),
            blobs,
            keyed().build());
    assertFalse(ds.get(0).passed());
    assertTrue(ds.get(1).passed());
  }

  @Test
  void unknownPredicateTypeDoesNotMeetARequiredOne() {
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () ->
                gate.verify(
                    component(
                        signature(key, simpleSigning(root.digest(), "r")),
                        attestation(key, "https://example.com/unknown/v1", "{}")),
                    blobs,
                    keyed().requirePredicateType(ProvenanceView.SLSA_V1).build()));
    assertTrue(
        e.details()
            .contains(
                "an attestation of predicate type https://slsa.dev/provenance/v1 by key "
                    + key.publicKey().fingerprint()
                    + " is required; found predicate types [https://example.com/unknown/v1]"),
        e.details());
  }

  @Test
  void insecureSkipVerifyReturnsOneDecisionSayingSo() throws Exception {
    List<VerificationDecision> ds =
        gate.verify(component(), blobs, VerificationPolicy.skipVerification());
    assertEquals(1, ds.size());
    assertEquals(Kind.POLICY, ds.get(0).kind());
    assertTrue(ds.get(0).reason().contains("insecureSkipVerify"));
  }

  @Test
  void sbomRequirementWithoutAnySbomFails() {
    VerificationPolicy policy = keyed().requireSbom(true).build();
    Referrer sig = signature(key, simpleSigning(root.digest(), "r"));
    VerificationException e =
        assertThrows(VerificationException.class, () -> gate.verify(component(sig), blobs, policy));
    assertTrue(e.details().contains("an SBOM is required; none is attached"), e.details());
  }

  @Test
  void sbomRequirementFailsClosedWithoutAnInspectorAndSaysWhatToAdd() {
    // An SBOM-typed referrer alone proves nothing: without konflux-native-bom nobody can tell
    // whether it parses, is signed or describes the artifact.
    VerificationPolicy policy = keyed().requireSbom(true).build();
    Referrer sig = signature(key, simpleSigning(root.digest(), "r"));
    Referrer sbom =
        referrer(
            Referrer.Kind.SBOM,
            Discovery.REFERRERS_API,
            root,
            MediaTypes.SPDX_JSON,
            List.of(blobs.put(MediaTypes.SPDX_JSON, utf8("{}"), Map.of())));
    VerificationException e =
        assertThrows(
            VerificationException.class, () -> gate.verify(component(sig, sbom), blobs, policy));
    assertTrue(e.details().contains("no SbomInspector is installed"), e.details());
    assertTrue(e.details().contains(ReleaseGate.BOM_MODULE), e.details());
    assertEquals("dev.konflux.ecosystem:konflux-native-bom", ReleaseGate.BOM_MODULE);
    // Without the requirement the attachment is recorded and nothing fails.
    assertDoesNotThrow(() -> gate.verify(component(sig, sbom), blobs, keyed().build()));
  }

  @Test
  void anSbomTheSourceFailsToDeliverIsUnavailableNotAFailedInspection() {
    // Inspectors never throw: like konflux-native-bom's, this one turns a read failure into a
    // failing inspection. The gate must still tell an outage (exit 5) from a bad SBOM (exit 3).
    dev.konflux.ecosystem.spi.SbomInspector swallowing =
        new dev.konflux.ecosystem.spi.SbomInspector() {
          @Override
          public String name() {
            return "test";
          }

          @Override
          public dev.konflux.ecosystem.spi.SbomInspection inspect(
              dev.konflux.ecosystem.spi.SbomInspectionRequest request) {
            String reason;
            try (java.io.InputStream in = request.content().open()) {
              in.readAllBytes();
              reason = "read";
            } catch (java.io.IOException | dev.konflux.ecosystem.api.KonfluxNativeException e) {
              reason = "could not be read: " + e.getMessage();
            }
            return new dev.konflux.ecosystem.spi.SbomInspection(
                false,
                false,
                request.signed(),
                null,
                null,
                0,
                new VerificationDecision(
                    request.component(),
                    request.subject(),
                    request.referrer(),
                    Kind.SBOM,
                    null,
                    false,
                    reason,
                    null,
                    null,
                    request.sbom()));
          }
        };
    ReleaseGate inspecting =
        new ReleaseGate(Optional.empty(), Optional.empty(), Optional.of(swallowing));
    VerificationPolicy policy = keyed().requireSbom(true).build();
    Referrer sig = signature(key, simpleSigning(root.digest(), "r"));
    Descriptor sbomLayer = blobs.put(MediaTypes.SPDX_JSON, utf8("{}"), Map.of());
    Referrer sbom =
        referrer(
            Referrer.Kind.SBOM,
            Discovery.REFERRERS_API,
            root,
            MediaTypes.SPDX_JSON,
            List.of(sbomLayer));
    dev.konflux.ecosystem.spi.BlobReader breakingOnSbom =
        d -> {
          if (!d.digest().equals(sbomLayer.digest())) {
            return blobs.open(d);
          }
          return new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
              throw new java.io.IOException("connection reset at byte 0 after 4 attempts");
            }
          };
        };
    dev.konflux.ecosystem.api.SourceUnavailableException e =
        assertThrows(
            dev.konflux.ecosystem.api.SourceUnavailableException.class,
            () -> inspecting.verify(component(sig, sbom), breakingOnSbom, policy));
    assertTrue(e.getMessage().contains(sbomLayer.digest().toString()), e.getMessage());
    // Bytes that were read and are wrong stay a failed inspection: verification fails (exit 3).
    blobs.content.put(sbomLayer.digest(), utf8("{ tampered"));
    VerificationException wrong =
        assertThrows(
            VerificationException.class,
            () -> inspecting.verify(component(sig, sbom), new BlobsCheckingDigest(blobs), policy));
    assertTrue(wrong.details().contains("could not be read"), wrong.details());
  }

  @Test
  void perArtifactTypeOverrideApplies() throws Exception {
    VerificationPolicy policy =
        keyed()
            .requireSbom(true)
            .forArtifactType(MediaTypes.ARTIFACT_RPM_BUILD, keyed().build())
            .build();
    assertFalse(
        gate.verify(component(signature(key, simpleSigning(root.digest(), "r"))), blobs, policy)
            .isEmpty());
  }

  private Referrer keylessBundle() {
    byte[] bundle =
        utf8(
            "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":"
                + "{\"certificate\":{\"rawBytes\":\""
                + b64(utf8("cert"))
                + "\"},\"tlogEntries\":[]},\"messageSignature\":"
                + "{\"signature\":\""
                + b64(utf8("sig"))
                + "\"}}");
    return referrer(
        Referrer.Kind.SIGSTORE_BUNDLE,
        Discovery.REFERRERS_API,
        root,
        MediaTypes.SIGSTORE_BUNDLE_V03,
        List.of(blobs.put(MediaTypes.SIGSTORE_BUNDLE_V03, bundle, Map.of())));
  }

  private Referrer publicKeyBundle(String tlogEntries) {
    byte[] bundle =
        new String(
                PublicKeyBundleVerifierTest.messageBundle(
                    root.digest(), key.sign(utf8("{\"root\":\"manifest\"}"))),
                java.nio.charset.StandardCharsets.UTF_8)
            .replace("\"tlogEntries\":[]", "\"tlogEntries\":" + tlogEntries)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return referrer(
        Referrer.Kind.SIGSTORE_BUNDLE,
        Discovery.REFERRERS_API,
        root,
        MediaTypes.SIGSTORE_BUNDLE_V03,
        List.of(blobs.put(MediaTypes.SIGSTORE_BUNDLE_V03, bundle, Map.of())));
  }

  @Test
  void publicKeyBundleWithoutLogEntriesPassesWithTheApisOwnCheck() throws Exception {
    Referrer bundle = publicKeyBundle("[]");
    List<VerificationDecision> ds = gate.verify(component(bundle), blobs, keyed().build());
    VerificationDecision d = ds.get(0);
    assertTrue(d.passed(), d.reason());
    assertEquals(bundle.manifest().digest(), d.referrer());
    assertEquals(bundle.manifest().layers().get(0).digest(), d.layer());
  }

  @Test
  void publicKeyBundleWithLogEntriesFailsWithoutTheSigstoreModule() {
    // The api cannot check a log entry; accepting the bundle would claim the entry was checked.
    Referrer bundle =
        publicKeyBundle("[{\"kindVersion\":{\"kind\":\"hashedrekord\",\"version\":\"0.0.1\"}}]");
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () -> gate.verify(component(bundle), blobs, keyed().build()));
    VerificationDecision d = e.decisions().get(0);
    assertFalse(d.passed());
    assertTrue(
        d.reason()
            .contains("carries transparency log entries or timestamps that cannot be checked"),
        d.reason());
    assertTrue(
        d.reason().contains("add dev.konflux.ecosystem:konflux-native-sigstore to the class path"),
        d.reason());
    assertEquals(bundle.manifest().digest(), d.referrer());
    assertEquals(bundle.manifest().layers().get(0).digest(), d.layer());
  }

  @Test
  void keylessBundleWithoutTheSigstoreModuleNamesTheModule() {
    VerificationPolicy policy =
        VerificationPolicy.builder()
            .trustedRoot(Path.of("trusted_root.json"))
            .addIdentity(CertificateIdentity.exact("me@example.com", "https://accounts.google.com"))
            .build();
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () -> gate.verify(component(keylessBundle()), blobs, policy));
    assertTrue(
        e.details().contains("add dev.konflux.ecosystem:konflux-native-sigstore to the class path"),
        e.details());
  }

  @Test
  void keylessIdentityIsCheckedAgainstThePolicy() throws Exception {
    List<KeylessVerificationRequest> seen = new ArrayList<>();
    KeylessBundleVerifier fake =
        new KeylessBundleVerifier() {
          @Override
          public String name() {
            return "fake";
          }

          @Override
          public KeylessVerificationResult verify(KeylessVerificationRequest request) {
            seen.add(request);
            return new KeylessVerificationResult(
                "builder@konflux.dev", "https://issuer.example", null, null);
          }
        };
    ReleaseGate withKeyless = new ReleaseGate(Optional.of(fake));
    VerificationPolicy wrong =
        VerificationPolicy.builder()
            .trustedRoot(Path.of("trusted_root.json"))
            .addIdentity(CertificateIdentity.exact("me@example.com", "https://issuer.example"))
            .build();
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () -> withKeyless.verify(component(keylessBundle()), blobs, wrong));
    assertTrue(
        e.details()
            .contains(
                "certificate SAN builder@konflux.dev (issuer https://issuer.example) does not "
                    + "match policy [SAN me@example.com issuer https://issuer.example]"),
        e.details());
    VerificationPolicy right =
        VerificationPolicy.builder()
            .trustedRoot(Path.of("trusted_root.json"))
            .addIdentity(CertificateIdentity.regexp(".*@konflux\\.dev", "https://issuer\\.example"))
            .build();
    List<VerificationDecision> ds = withKeyless.verify(component(keylessBundle()), blobs, right);
    assertTrue(ds.get(0).passed(), ds.get(0).reason());
    assertEquals(root.digest(), seen.get(0).artifactDigest());
  }

  @Test
  void referrerOfAnotherSubjectFails() {
    Manifest other = artifact(MediaTypes.ARTIFACT_RPM_BUILD, utf8("other"));
    Referrer foreign =
        new Referrer(
            Referrer.Kind.COSIGN_SIGNATURE,
            Discovery.COSIGN_TAG,
            other.digest(),
            signature(key, simpleSigning(other.digest(), "r")).manifest());
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () -> gate.verify(component(foreign), blobs, keyed().build()));
    assertTrue(
        e.details()
            .contains("referrer subject " + other.digest() + " is not manifest " + root.digest()));
  }

  @Test
  void corruptBlobFailsAsVerificationFailure() {
    Referrer sig = signature(key, simpleSigning(root.digest(), "r"));
    Digest layer = sig.manifest().layers().get(0).digest();
    blobs.content.put(layer, utf8("corrupt"));
    BlobsCheckingDigest checking = new BlobsCheckingDigest(blobs);
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () -> gate.verify(component(sig), checking, keyed().build()));
    assertTrue(e.details().contains("cannot read signature payload " + layer), e.details());
  }

  @Test
  void aSourceThatCannotServeTheSignatureIsUnavailableNotAVerificationFailure() {
    Referrer sig = signature(key, simpleSigning(root.digest(), "r"));
    dev.konflux.ecosystem.spi.BlobReader down =
        d -> {
          throw new dev.konflux.ecosystem.api.SourceUnavailableException(
              "pulling blob " + d.digest() + ": registry answered HTTP 503 (after 4 attempts)");
        };
    dev.konflux.ecosystem.api.SourceUnavailableException e =
        assertThrows(
            dev.konflux.ecosystem.api.SourceUnavailableException.class,
            () -> gate.verify(component(sig), down, keyed().build()));
    assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
  }

  @Test
  void aTransferThatBreaksWhileReadingEvidenceIsUnavailable() {
    Referrer sig = signature(key, simpleSigning(root.digest(), "r"));
    dev.konflux.ecosystem.spi.BlobReader breaking =
        d ->
            new java.io.InputStream() {
              @Override
              public int read() throws java.io.IOException {
                throw new java.io.IOException("connection failed at byte 0 after 4 attempts");
              }
            };
    dev.konflux.ecosystem.api.SourceUnavailableException e =
        assertThrows(
            dev.konflux.ecosystem.api.SourceUnavailableException.class,
            () -> gate.verify(component(sig), breaking, keyed().build()));
    assertTrue(
        e.getMessage().contains(sig.manifest().layers().get(0).digest().toString()),
        e.getMessage());
  }

  /** A reader that checks digests the way the real sources do. */
  record BlobsCheckingDigest(Blobs blobs) implements dev.konflux.ecosystem.spi.BlobReader {
    @Override
    public java.io.InputStream open(Descriptor d)
        throws dev.konflux.ecosystem.api.KonfluxNativeException {
      return new dev.konflux.ecosystem.internal.io.VerifyingInputStream(
          blobs.open(d), d.digest(), d.size(), "blob " + d.digest(), n -> {});
    }
  }
}
