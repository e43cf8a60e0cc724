package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.api.CertificateIdentity;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.testkit.SigstoreTestInstance;
import dev.konflux.ecosystem.testkit.SigstoreTestInstance.Fault;
import dev.konflux.ecosystem.testkit.SigstoreTestInstance.Spec;
import dev.konflux.ecosystem.testkit.StoredArtifact;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate with keyless bundles as an embedder gets it: a Translator dry run (through the testkit's
 * {@code ReleaseGateProbe}) whose gate finds {@link SigstoreKeylessVerifier} with {@link
 * java.util.ServiceLoader}. The bundles are made by the testkit's Sigstore test instance over the
 * layout's real root manifest, and verified offline against that instance's trusted root.
 */
class KeylessReleaseGateTest {
  private static final String SAN = SigstoreTestInstance.SAN;
  private static final String ISSUER = SigstoreTestInstance.ISSUER;
  private static SigstoreTestInstance sigstore;

  @TempDir Path tmp;

  @BeforeAll
  static void instance() throws Exception {
    sigstore = SigstoreTestInstance.create();
  }

  private record Run(
      GateLayout layout, StoredArtifact referrer, VerificationPolicy.Builder policy) {
    List<VerificationDecision> verify() throws Exception {
      return layout.verify(policy.build());
    }
  }

  private Run signed(Spec spec, CertificateIdentity identity, boolean requireSignature)
      throws Exception {
    GateLayout layout = GateLayout.create(tmp);
    StoredArtifact referrer = layout.attach(sigstore.sign(layout.manifestBytes, spec).bundle());
    Path root = layout.writeTrustedRoot(sigstore.trustedRoot());
    return new Run(
        layout,
        referrer,
        VerificationPolicy.builder()
            .trustedRoot(root)
            .addIdentity(identity)
            .requireSignature(requireSignature));
  }

  private static VerificationDecision bundleDecision(List<VerificationDecision> ds) {
    return ds.stream()
        .filter(d -> d.kind() == VerificationDecision.Kind.BUNDLE)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void keylessMessageSignaturePassesWithTheRightIdentity() throws Exception {
    Run run = signed(Spec.keylessRekorV1(), CertificateIdentity.exact(SAN, ISSUER), true);
    VerificationDecision d = bundleDecision(run.verify());
    assertTrue(d.passed(), d.reason());
    assertEquals("SAN " + SAN + " issuer " + ISSUER, d.signer());
    assertTrue(d.reason().contains("konflux-native Sigstore bundle verifier"), d.reason());
    assertEquals(run.referrer().digest(), d.referrer());
    assertEquals(run.referrer().contents().get(0).digest(), d.layer());
  }

  @Test
  void keylessDsseBundlePassesAndItsStatementIsChecked() throws Exception {
    CertificateIdentity anyKonfluxTest =
        CertificateIdentity.regexp(".*@konflux\\.test", "https://issuer\\.konflux\\.test");
    Run run = signed(Spec.keylessRekorV2().asDsse(), anyKonfluxTest, false);
    VerificationDecision d = bundleDecision(run.verify());
    assertTrue(d.passed(), d.reason());
    assertEquals("https://konflux.test/p", d.predicateType());
    // An attestation is not an image signature: with a signature required, it alone does not do.
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () -> run.layout().verify(run.policy().requireSignature(true).build()));
    assertTrue(e.details().contains("no signature was found"), e.details());
  }

  @Test
  void wrongIdentityFailsNamingSanAndPolicy() throws Exception {
    Run run =
        signed(
            Spec.keylessRekorV1(), CertificateIdentity.exact("release@konflux.dev", ISSUER), true);
    VerificationException e = assertThrows(VerificationException.class, run::verify);
    assertTrue(
        e.details()
            .contains(
                "certificate SAN "
                    + SAN
                    + " (issuer "
                    + ISSUER
                    + ") does not match policy "
                    + "[SAN release@konflux.dev issuer "
                    + ISSUER
                    + "]"),
        e.details());
  }

  @Test
  void invalidBundleFailsWithTheVerifiersReason() throws Exception {
    Run run =
        signed(
            Spec.keylessRekorV1().with(Fault.CERT_EXPIRED_AT_SIGNING),
            CertificateIdentity.exact(SAN, ISSUER),
            true);
    VerificationException e = assertThrows(VerificationException.class, run::verify);
    assertTrue(
        e.details().contains("signing certificate was not valid at signing time"), e.details());
    VerificationDecision failed = bundleDecision(e.decisions());
    assertFalse(failed.passed());
    assertEquals(run.referrer().digest(), failed.referrer());
    assertEquals(run.referrer().contents().get(0).digest(), failed.layer());
  }
}
