package dev.konflux.ecosystem.pypi.internal.attest;

import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.pypi.Pep740Attestation;

/**
 * Signs a DSSE payload into a Sigstore bundle v0.3. Shaped like the core's planned {@code
 * spi.SigstoreSigner#signDsse}; TODO(core): use spi.SigstoreSigner once public.
 */
public interface DsseSigner {

  /**
   * @param payloadType the DSSE payload type
   * @param payload the payload bytes
   * @return the bundle's JSON bytes, with a certificate in its verification material
   * @throws KonfluxNativeException if signing fails
   */
  byte[] signDsse(String payloadType, byte[] payload) throws KonfluxNativeException;

  /**
   * Signs an in-toto statement into a PEP 740 attestation. The default converts the bundle {@link
   * #signDsse} makes; a signer that holds the key itself builds the attestation directly, without
   * writing and parsing a bundle per distribution.
   *
   * @param statement the in-toto statement bytes
   * @return the attestation
   * @throws KonfluxNativeException if signing fails or the bundle has no certificate
   */
  default Pep740Attestation attest(byte[] statement) throws KonfluxNativeException {
    return Pep740Attestation.fromBundle(signDsse(Pep740Attestation.PAYLOAD_TYPE, statement));
  }

  /**
   * @return who signs, for the provenance object's publisher (the certificate subject)
   */
  String identity();
}
