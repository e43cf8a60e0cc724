package dev.konflux.ecosystem.pypi.internal.attest;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.pypi.Pep740Attestation;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.List;

/**
 * Key-based PEP 740 signing: a private key whose public half is wrapped in an X.509 certificate
 * (self-signed naming the publisher, or issued by a CA the index trusts), so the attestation has
 * the shape PEP 740 requires without Fulcio. No transparency log entries are made.
 */
public final class CertificateKeySigner implements DsseSigner {
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final String algorithm;

  /**
   * @param key the private key (EC P-256/P-384, RSA or Ed25519)
   * @param certificate its certificate
   * @throws InvalidInputException if the certificate does not hold the key's public half
   */
  public CertificateKeySigner(PrivateKey key, X509Certificate certificate)
      throws InvalidInputException {
    this.key = key;
    this.certificate = certificate;
    this.algorithm = signatureAlgorithm(key);
    try {
      byte[] probe = "konflux-native key check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(certificate.getPublicKey());
      v.update(probe);
      if (!v.verify(sig)) {
        throw new InvalidInputException(
            "the certificate "
                + certificate.getSubjectX500Principal()
                + " does not hold the public half of the signing key");
      }
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(
          "the signing key and certificate do not fit together: " + e.getMessage(), e);
    }
  }

  static String signatureAlgorithm(PrivateKey key) throws InvalidInputException {
    return switch (key.getAlgorithm()) {
      case "EC" ->
          ((ECKey) key).getParams().getCurve().getField().getFieldSize() > 256
              ? "SHA384withECDSA"
              : "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default ->
          throw new InvalidInputException(
              "unsupported signing key algorithm " + key.getAlgorithm());
    };
  }

  @Override
  public byte[] signDsse(String payloadType, byte[] payload) throws KonfluxNativeException {
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(Pep740Attestation.pae(payloadType, payload));
      byte[] sig = s.sign();
      return new Pep740Attestation(payload, sig, certificate.getEncoded(), List.of()).toBundle();
    } catch (GeneralSecurityException e) {
      throw new OutputException("signing a PEP 740 attestation failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String identity() {
    return certificate.getSubjectX500Principal().getName();
  }

  /**
   * @return the signing certificate
   */
  public X509Certificate certificate() {
    return certificate;
  }
}
