package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.CertificateIdentity;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.ResolvedComponent;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.internal.verify.ReleaseGate;
import dev.konflux.ecosystem.spi.BlobReader;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gate with keyless bundles through the SPI as an embedder gets it: {@code new ReleaseGate()}
 * finds {@link SigstoreKeylessVerifier} with {@link java.util.ServiceLoader}. The fixture bundles
 * sign {@code artifact.txt}, so the "root manifest" here is a model whose digest is that file's.
 */
class KeylessReleaseGateTest {
  private static final String SAN = "appu@google.com";
  private static final String ISSUER = "https://accounts.google.com";

  private static ResolvedComponent component(Digest rootDigest, Descriptor bundleLayer) throws Exception {
    Descriptor config = Descriptor.of(MediaTypes.OCI_EMPTY, Digest.parse(MediaTypes.OCI_EMPTY_DIGEST), 2);
    Manifest root = new Manifest(rootDigest, 100, MediaTypes.OCI_MANIFEST, MediaTypes.ARTIFACT_RPM_BUILD, config,
        List.of(), null, Map.of());
    Manifest referrer = new Manifest(Digest.sha256Of(new byte[] {1}), 1, MediaTypes.OCI_MANIFEST,
        MediaTypes.SIGSTORE_BUNDLE_V03, config, List.of(bundleLayer), root.descriptor(), Map.of());
    ArtifactReference ref = ArtifactReference.parse("127.0.0.1:5000/konflux/app@" + rootDigest);
    return new ResolvedComponent("app", ref, root,
        List.of(new Referrer(Referrer.Kind.SIGSTORE_BUNDLE, Referrer.Discovery.REFERRERS_API, rootDigest, referrer)),
        List.of(new ComponentArtifact("app", ref, rootDigest, root, List.of())));
  }

  private static List<VerificationDecision> verify(String bundle, CertificateIdentity identity) throws Exception {
    return verify(bundle, identity, true);
  }

  private static List<VerificationDecision> verify(String bundle, CertificateIdentity identity, boolean requireSignature)
      throws Exception {
    FixtureTable t = FixtureTable.load();
    Digest artifact = Digest.sha256Of(Files.readAllBytes(t.bundles().resolve("artifact.txt")));
    byte[] bytes = Files.readAllBytes(t.bundles().resolve(bundle));
    Descriptor layer = Descriptor.of(MediaTypes.SIGSTORE_BUNDLE_V03, Digest.sha256Of(bytes), bytes.length);
    BlobReader blobs = d -> new ByteArrayInputStream(bytes);
    Path root = t.roots().resolve("trusted_root.json");
    VerificationPolicy policy = VerificationPolicy.builder().trustedRoot(root).addIdentity(identity)
        .requireSignature(requireSignature).build();
    return new ReleaseGate().verify(component(artifact, layer), blobs, policy);
  }

  @Test
  void keylessMessageSignaturePassesWithTheRightIdentity() throws Exception {
    List<VerificationDecision> ds = verify("bundle.v3.sigstore", CertificateIdentity.exact(SAN, ISSUER));
    assertTrue(ds.get(0).passed(), ds.get(0).reason());
    assertEquals("SAN " + SAN + " issuer " + ISSUER, ds.get(0).signer());
    assertTrue(ds.get(0).reason().contains("konflux-native Sigstore bundle verifier"), ds.get(0).reason());
  }

  @Test
  void keylessDsseBundlePassesAndItsStatementIsChecked() throws Exception {
    List<VerificationDecision> ds = verify("bundle.dsse.sigstore", CertificateIdentity.regexp(
        "https://github\\.com/loosebazooka/aa-test/\\.github/workflows/.*", "https://token\\.actions\\.githubusercontent\\.com"),
        false);
    assertTrue(ds.get(0).passed(), ds.get(0).reason());
    assertNotNull(ds.get(0).predicateType());
    // An attestation is not an image signature: with a signature required, it alone does not do.
    VerificationException e = assertThrows(VerificationException.class, () -> verify("bundle.dsse.sigstore",
        CertificateIdentity.regexp("https://github\\.com/.*", "https://token\\.actions\\.githubusercontent\\.com")));
    assertTrue(e.details().contains("no signature was found"), e.details());
  }

  @Test
  void wrongIdentityFailsNamingSanAndPolicy() {
    VerificationException e = assertThrows(VerificationException.class,
        () -> verify("bundle.v3.sigstore", CertificateIdentity.exact("release@konflux.dev", ISSUER)));
    assertTrue(e.details().contains("certificate SAN " + SAN + " (issuer " + ISSUER + ") does not match policy "
        + "[SAN release@konflux.dev issuer " + ISSUER + "]"), e.details());
  }

  @Test
  void invalidBundleFailsWithTheVerifiersReason() {
    VerificationException e = assertThrows(VerificationException.class,
        () -> verify("bundle-with-wrong-tlog-entry.sigstore", CertificateIdentity.exact(SAN, ISSUER)));
    assertTrue(e.details().contains("logs another artifact digest than the bundle signs"),
        e.details());
  }
}
