package dev.konflux.ecosystem.internal.verify;

import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationDecision.Kind;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Verifies Sigstore bundles that carry a {@code publicKey} hint instead of a certificate, with the
 * caller's keys (sigstore-java refuses these bundles). A message signature must sign the manifest
 * digest; a DSSE bundle is checked like any DSSE attestation. Transparency log entries of such
 * bundles are not checked: keyed Konflux signing does not use a log.
 */
public final class PublicKeyBundleVerifier {

  /** Reads the signed artifact's bytes when a key cannot verify a digest (Ed25519). */
  @FunctionalInterface
  public interface ArtifactBytes {
    /**
     * @return the artifact's bytes, or {@code null} when they cannot be read
     */
    byte @Nullable [] read();
  }

  private final DsseAttestationVerifier dsse = new DsseAttestationVerifier();

  /**
   * @param component the component name
   * @param subject the manifest digest that must be signed
   * @param referrer the referrer manifest digest
   * @param bundle the parsed bundle (must be a public-key bundle)
   * @param keys the keys any of which may have signed
   * @param artifact the manifest bytes, for Ed25519 message signatures
   * @return the decision
   */
  public VerificationDecision verify(
      String component,
      Digest subject,
      Digest referrer,
      SigstoreBundle bundle,
      List<CosignPublicKey> keys,
      ArtifactBytes artifact) {
    if (!bundle.isPublicKey()) {
      throw new IllegalArgumentException("not a public-key bundle");
    }
    if (bundle.isDsse()) {
      return dsse.verify(
          component,
          subject,
          referrer,
          Kind.BUNDLE,
          java.util.Objects.requireNonNull(bundle.envelope()),
          keys);
    }
    if (keys.isEmpty()) {
      return VerificationDecision.of(
          component,
          subject,
          referrer,
          Kind.BUNDLE,
          null,
          false,
          "no public key was given to verify public-key Sigstore bundles with (VerificationPolicy.addPublicKey)");
    }
    Digest signed = bundle.messageDigest();
    if (signed != null && !signed.equals(subject)) {
      return VerificationDecision.of(
          component,
          subject,
          referrer,
          Kind.BUNDLE,
          null,
          false,
          "bundle message digest " + signed + " does not match manifest " + subject);
    }
    byte[] signature =
        java.util.Objects.requireNonNull(bundle.messageSignature(), "message signature");
    byte[] artifactBytes = null;
    for (CosignPublicKey key : keys) {
      boolean ok;
      if (key.algorithm() == CosignPublicKey.Algorithm.ED25519) {
        if (artifactBytes == null) {
          artifactBytes = artifact.read();
        }
        ok =
            artifactBytes != null
                && Digest.of(subject.algorithm(), artifactBytes).equals(subject)
                && SignatureCheck.verify(key, artifactBytes, signature);
      } else {
        ok = SignatureCheck.verifyPrehashed(key, subject, signature);
      }
      if (ok) {
        return VerificationDecision.of(
            component,
            subject,
            referrer,
            Kind.BUNDLE,
            key.fingerprint(),
            true,
            "Sigstore bundle message signature verifies with key "
                + key.fingerprint()
                + " over manifest "
                + subject);
      }
    }
    String fps = CosignSignatureVerifier.fingerprints(keys);
    return VerificationDecision.of(
        component,
        subject,
        referrer,
        Kind.BUNDLE,
        fps,
        false,
        "bundle signature does not verify with key " + fps);
  }
}
