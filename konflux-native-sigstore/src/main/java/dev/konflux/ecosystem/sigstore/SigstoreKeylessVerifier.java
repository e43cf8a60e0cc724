package dev.konflux.ecosystem.sigstore;

import dev.konflux.ecosystem.api.BundleArtifact;
import dev.konflux.ecosystem.api.BundleVerification;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.spi.KeylessBundleVerifier;
import dev.konflux.ecosystem.spi.KeylessVerificationRequest;
import dev.konflux.ecosystem.spi.KeylessVerificationResult;
import java.util.Objects;

/**
 * The release gate's keyless bundle verification: {@link SigstoreBundleVerifier} without the
 * identity match (the gate matches the returned SAN and issuer against its own policy), offline
 * against the request's {@code trusted_root.json}, or the public-good root shipped in the jar when
 * the request has none (the gate's "TUF" case: no network is used).
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
  public KeylessVerificationResult verify(KeylessVerificationRequest request)
      throws VerificationException {
    BundleVerification v =
        verifier.verifyUnmatched(
            request.bundleJson(),
            BundleArtifact.ofDigest(request.artifactDigest()),
            request.trustedRoot());
    if (!v.verified()) {
      throw new VerificationException(
          "Sigstore bundle of "
              + request.describe()
              + " does not verify against "
              + (request.trustedRoot() == null
                  ? "the shipped public-good trusted root"
                  : "trusted root " + request.trustedRoot())
              + ": "
              + v.reason());
    }
    return result(v);
  }

  // NullAway 0.14.3 reads KeylessVerificationResult's component `byte @Nullable [] dssePayload`
  // from the api module's class file as non-null for the canonical constructor, so passing the
  // (declared nullable) payload through is reported although the api allows null.
  @SuppressWarnings("NullAway")
  private static KeylessVerificationResult result(BundleVerification v) {
    // A verified keyless bundle names its signer (the certificate's subject alternative name).
    return new KeylessVerificationResult(
        Objects.requireNonNull(v.signer(), "signer"),
        v.oidcIssuer(),
        v.payloadType(),
        v.dssePayload());
  }
}
