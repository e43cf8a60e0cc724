package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.VerificationException;

/**
 * Verifies keyless (Fulcio certificate) Sigstore bundles against a trusted root. Found with {@link
 * java.util.ServiceLoader}; the implementation lives in {@code konflux-native-sigstore} so that the
 * api module carries no sigstore-java or gRPC. Without it on the class path, keyless bundles fail
 * verification with a message that names the module to add.
 *
 * <p>An implementation checks the certificate chain up to the trusted root, the signature over the
 * artifact digest (message signatures) or the DSSE envelope, the transparency log entry and that
 * the certificate was valid at signing time. The caller checks the identity (SAN and issuer) it
 * returns against its policy.
 */
public interface KeylessBundleVerifier {

  /**
   * @return a short name for messages and the release record, e.g. "sigstore-java 2.0.0"
   */
  String name();

  /**
   * @param request the bundle, artifact digest and trust material
   * @return the verified signer identity and, for DSSE bundles, the payload
   * @throws VerificationException with the precise reason when the bundle does not verify
   */
  KeylessVerificationResult verify(KeylessVerificationRequest request) throws VerificationException;
}
