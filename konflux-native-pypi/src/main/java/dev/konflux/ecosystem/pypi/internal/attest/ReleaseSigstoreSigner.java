package dev.konflux.ecosystem.pypi.internal.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.pypi.Pep740Attestation;
import dev.konflux.ecosystem.spi.SigstoreBundle;
import dev.konflux.ecosystem.spi.SigstoreKeySigner;
import dev.konflux.ecosystem.spi.SigstoreSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.jspecify.annotations.Nullable;

/**
 * Signs PEP 740 attestations through the release's {@link SigstoreSigner}. Keyless bundles carry
 * their Fulcio certificate and are used as they are. Key-based bundles name only a key hint, so the
 * key is wrapped in a self-signed certificate naming the publisher, itself signed through the same
 * signer: its message signature over the certificate's to-be-signed bytes is exactly the ECDSA
 * P-256 SHA-256 signature a certificate needs. The key never leaves the signer.
 */
public final class ReleaseSigstoreSigner implements DsseSigner {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final SigstoreSigner signer;
  private final String publisher;
  private final Instant now;
  private byte @Nullable [] certificate;

  /**
   * @param signer the release's signer
   * @param publisher the subject of a self-signed certificate for a key-based signer
   * @param now the release time
   */
  public ReleaseSigstoreSigner(SigstoreSigner signer, String publisher, Instant now) {
    this.signer = signer;
    this.publisher = publisher;
    this.now = now;
  }

  @Override
  public synchronized byte[] signDsse(String payloadType, byte[] payload)
      throws KonfluxNativeException {
    try {
      byte[] json = signer.signDsse(payloadType, payload).json();
      JsonNode material = MAPPER.readTree(json).path("verificationMaterial");
      if (material.has("certificate") || material.has("x509CertificateChain")) {
        return json;
      }
      JsonNode dsse = MAPPER.readTree(json).path("dsseEnvelope");
      byte[] signature =
          Base64.getDecoder().decode(dsse.path("signatures").path(0).path("sig").asText());
      return new Pep740Attestation(payload, signature, certificate(), List.of()).toBundle();
    } catch (IOException | UncheckedIOException e) {
      throw new OutputException(
          "signing a PEP 740 attestation through the release's Sigstore signer failed: "
              + e.getMessage(),
          e);
    }
  }

  private byte[] certificate() throws IOException, InvalidInputException {
    if (certificate != null) {
      return certificate;
    }
    if (!(signer instanceof SigstoreKeySigner key)) {
      throw new InvalidInputException(
          "the release's Sigstore signer makes bundles without a certificate and does"
              + " not expose its public key: PEP 740 needs a certificate (use pypi.sigstoreKey with pypi.certificate)");
    }
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, publisher).build();
    BigInteger serial =
        new BigInteger(
                1,
                Digest.sha256Of(
                        (publisher + "|" + now).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .bytes())
            .shiftRight(100);
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            subject,
            serial,
            Date.from(now.minus(Duration.ofMinutes(1))),
            Date.from(now.plus(Duration.ofDays(365))),
            subject,
            key.publicKey());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    b.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
    certificate = b.build(new MessageSigner()).getEncoded();
    return certificate;
  }

  /**
   * Collects the to-be-signed bytes and signs their SHA-256 through {@link
   * SigstoreSigner#signMessage}.
   */
  private final class MessageSigner implements ContentSigner {
    private final ByteArrayOutputStream tbs = new ByteArrayOutputStream();

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
    }

    @Override
    public OutputStream getOutputStream() {
      return tbs;
    }

    @Override
    public byte[] getSignature() {
      try {
        SigstoreBundle bundle = signer.signMessage(Digest.sha256Of(tbs.toByteArray()));
        return Base64.getDecoder()
            .decode(
                MAPPER.readTree(bundle.json()).path("messageSignature").path("signature").asText());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public String identity() {
    return "CN=" + publisher;
  }
}
