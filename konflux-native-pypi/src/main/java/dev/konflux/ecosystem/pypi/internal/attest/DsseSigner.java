package dev.konflux.ecosystem.pypi.internal.attest;

import dev.konflux.ecosystem.api.KonfluxNativeException;

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
   * @return who signs, for the provenance object's publisher (the certificate subject)
   */
  String identity();
}
