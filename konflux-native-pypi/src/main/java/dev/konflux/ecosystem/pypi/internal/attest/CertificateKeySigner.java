package dev.konflux.ecosystem.pypi.internal.attest;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.pypi.Pep740Attestation;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.jspecify.annotations.Nullable;

/**
 * Key-based PEP 740 signing: a private key whose public half is wrapped in an X.509 certificate
 * (self-signed naming the publisher, or issued by a CA the index trusts), so the attestation has
 * the shape PEP 740 requires without Fulcio. No transparency log entries are made.
 *
 * <p>A release signs one or two attestations per distribution, thousands per release. The JDK 17
 * ECDSA implementation costs about 0.5 ms of CPU per P-256 signature plus seconds of JIT
 * compilation; Bouncy Castle's specialised P-256/P-384 arithmetic with a fixed-point comb for the
 * generator is about five times cheaper, so EC keys on those curves are signed with it (nonces per
 * RFC 6979, so a signature depends only on key and message). The constructor checks every signer
 * against the certificate with the JDK's verifier. Instances are thread-safe.
 */
public final class CertificateKeySigner implements DsseSigner {
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final byte[] encodedCertificate;
  private final String algorithm;
  private final @Nullable FastEcdsa fastEcdsa;

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
    this.fastEcdsa = key instanceof ECPrivateKey ec ? FastEcdsa.of(ec) : null;
    try {
      this.encodedCertificate = certificate.getEncoded();
      byte[] probe = "konflux-native key check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] sig = sign(probe);
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

  private byte[] sign(byte[] message) throws GeneralSecurityException {
    if (fastEcdsa != null) {
      return fastEcdsa.sign(message);
    }
    Signature s = Signature.getInstance(algorithm);
    s.initSign(key);
    s.update(message);
    return s.sign();
  }

  @Override
  public byte[] signDsse(String payloadType, byte[] payload) throws KonfluxNativeException {
    return new Pep740Attestation(
            payload, signature(payloadType, payload), encodedCertificate, List.of())
        .toBundle();
  }

  @Override
  public Pep740Attestation attest(byte[] statement) throws KonfluxNativeException {
    return new Pep740Attestation(
        statement,
        signature(Pep740Attestation.PAYLOAD_TYPE, statement),
        encodedCertificate,
        List.of());
  }

  private byte[] signature(String payloadType, byte[] payload) throws OutputException {
    try {
      return sign(Pep740Attestation.pae(payloadType, payload));
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

  /**
   * ECDSA over P-256 with SHA-256 or P-384 with SHA-384 (what {@link #signatureAlgorithm} names for
   * those curves), DER-encoded like the JDK's signatures.
   */
  private record FastEcdsa(ECDomainParameters domain, ECPrivateKeyParameters key, boolean p384) {

    /**
     * @return the signer, or {@code null} when the key is on another curve (the JDK signs then)
     */
    static @Nullable FastEcdsa of(ECPrivateKey key) {
      NamedCurves.Curve curve = NamedCurves.of(key.getParams());
      return curve == null
          ? null
          : new FastEcdsa(
              curve.domain(), new ECPrivateKeyParameters(key.getS(), curve.domain()), curve.p384());
    }

    byte[] sign(byte[] message) throws GeneralSecurityException {
      byte[] hash = MessageDigest.getInstance(p384 ? "SHA-384" : "SHA-256").digest(message);
      Digest nonceDigest = p384 ? new SHA384Digest() : new SHA256Digest();
      ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(nonceDigest));
      signer.init(true, key);
      BigInteger[] rs = signer.generateSignature(hash);
      try {
        return StandardDSAEncoding.INSTANCE.encode(domain.getN(), rs[0], rs[1]);
      } catch (IOException e) {
        throw new GeneralSecurityException("cannot encode an ECDSA signature", e);
      }
    }
  }
}
