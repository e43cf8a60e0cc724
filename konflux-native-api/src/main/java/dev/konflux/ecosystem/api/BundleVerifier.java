package dev.konflux.ecosystem.api;

import java.util.ServiceLoader;

/**
 * Verifies one Sigstore bundle (v0.1 to v0.3) offline against an artifact and a policy: the
 * certificate chain, its SCTs, the transparency log entries and their inclusion proofs or promises,
 * the signing time and RFC 3161 timestamps, the signer identity (keyless) or key (keyed), and the
 * signature over the artifact digest or DSSE envelope.
 *
 * <p>The implementation lives in {@code konflux-native-sigstore} (which carries Bouncy Castle);
 * {@link #load()} finds it with {@link ServiceLoader}. The release gate, the CLI's {@code
 * verify-bundle} and the Python target's PEP 740 verification all use it.
 */
public interface BundleVerifier {

  /**
   * Verifies a bundle. Never throws for a bad bundle: the result says why it failed.
   *
   * @param bundleJson the bundle's exact bytes
   * @param artifact the signed artifact (its digests)
   * @param policy who must have signed and which trusted root to use
   * @return the verdict with its reason
   */
  BundleVerification verify(byte[] bundleJson, BundleArtifact artifact, BundlePolicy policy);

  /**
   * @return the verifier found on the class path
   * @throws IllegalStateException if {@code konflux-native-sigstore} is not on the class path
   */
  static BundleVerifier load() {
    return ServiceLoader.load(BundleVerifier.class, BundleVerifier.class.getClassLoader())
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no BundleVerifier on the class path: add the konflux-native-sigstore module"));
  }
}
