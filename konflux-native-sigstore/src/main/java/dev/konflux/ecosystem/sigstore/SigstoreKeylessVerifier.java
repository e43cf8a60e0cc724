package dev.konflux.ecosystem.sigstore;

import dev.konflux.ecosystem.api.BundleArtifact;
import dev.konflux.ecosystem.api.BundleVerification;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.spi.KeylessBundleVerifier;
import dev.konflux.ecosystem.spi.KeylessVerificationRequest;
import dev.konflux.ecosystem.spi.KeylessVerificationResult;

/**
 * The release gate's keyless bundle verification: {@link SigstoreBundleVerifier} without the
 * identity match (the gate matches the returned SAN and issuer against its own policy), offline
 * against the request's {@code trusted_root.json}, or the public-good root shipped in the jar
 * when the request has none (the gate's "TUF" case: no network is used).
 */
public final class SigstoreKeylessVerifier implements KeylessBundleVerifier {

  private final SigstoreBundleVerifier verifier = new SigstoreBundleVerifier();

  /** Created by {@link java.util.ServiceLoader}. */
  public SigstoreKeylessVerifier() {}

  @Override
  public String name() {
    return "konflux-native Sigstore bundle verifier";
  }

  @Override
  public KeylessVerificationResult verify(KeylessVerificationRequest request) throws VerificationException {
    BundleVerification v = verifier.verifyUnmatched(request.bundleJson(),
        BundleArtifact.ofDigest(request.artifactDigest()), request.trustedRoot());
    if (!v.verified()) {
      throw new VerificationException("Sigstore bundle of " + request.describe() + " does not verify against "
          + (request.trustedRoot() == null ? "the shipped public-good trusted root" : "trusted root "
              + request.trustedRoot()) + ": " + v.reason());
    }
    return new KeylessVerificationResult(v.signer(), v.oidcIssuer(), v.payloadType(), v.dssePayload());
  }
}
