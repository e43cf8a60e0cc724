package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.Digest;
import java.io.IOException;

/**
 * Makes Sigstore bundles (v0.3) for a release: message-signature bundles over a file's SHA-256 (PEP
 * 740 attestations of a wheel, Maven {@code .sigstore.json}) and DSSE bundles over an in-toto
 * statement. Configured once per release ({@code Translator.Builder.sigstoreSigner}) and handed to
 * every target through {@link TargetContext#sigstoreSigner()}.
 *
 * <p>Implementations: {@link SigstoreKeySigner} over a key the caller holds (a PEM or cosign key
 * file through {@code dev.konflux.ecosystem.signing.SigstoreKeyFile}, or a KMS/HSM through a {@link
 * DigestSigner}); keyless signing with a Fulcio certificate in {@code konflux-native-sigstore}; or
 * any class implementing this interface. Implementations must be safe for concurrent use.
 */
public interface SigstoreSigner {

  /**
   * @param sha256 the SHA-256 of the file to sign
   * @return a bundle with a {@code messageSignature} over that digest
   * @throws IOException if signing fails
   */
  SigstoreBundle signMessage(Digest sha256) throws IOException;

  /**
   * @param payloadType the DSSE payload type, for in-toto statements {@code
   *     application/vnd.in-toto+json}
   * @param payload the payload (for example an in-toto statement), signed as DSSE's PAE
   * @return a bundle with a {@code dsseEnvelope}
   * @throws IOException if signing fails
   */
  SigstoreBundle signDsse(String payloadType, byte[] payload) throws IOException;
}
