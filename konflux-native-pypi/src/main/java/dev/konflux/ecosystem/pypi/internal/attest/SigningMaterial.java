package dev.konflux.ecosystem.pypi.internal.attest;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Loads a PEM private key (PKCS#8) and certificates, and makes the self-signed certificate that
 * wraps a bare key for PEP 740. TODO(core): the key loading moves to the signers' SPI.
 */
public final class SigningMaterial {
  private SigningMaterial() {}

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  /**
   * @param file a PEM file with a {@code PRIVATE KEY} (unencrypted PKCS#8)
   * @return the key
   * @throws InvalidInputException if the file holds no usable key (the message never shows key
   *     material)
   */
  public static PrivateKey privateKey(Path file) throws InvalidInputException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read the signing key file " + file + ": " + e.getMessage());
    }
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      if (!m.group(1).equals("PRIVATE KEY")) {
        continue;
      }
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      for (String alg : List.of("EC", "Ed25519", "RSA")) {
        try {
          return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
          // try the next algorithm
        }
      }
      throw new InvalidInputException(
          "the signing key file " + file + " holds a key of an unsupported type");
    }
    throw new InvalidInputException(
        "the signing key file "
            + file
            + " holds no unencrypted PKCS#8 'PRIVATE KEY' block (encrypted keys need the release's Sigstore signer)");
  }

  /**
   * @param file a PEM file with one or more {@code CERTIFICATE} blocks, leaf first
   * @return the certificates
   * @throws InvalidInputException if there are none or one cannot be parsed
   */
  public static List<X509Certificate> certificates(Path file) throws InvalidInputException {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII);
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      List<X509Certificate> out = new ArrayList<>();
      Matcher m = PEM.matcher(text);
      while (m.find()) {
        if (m.group(1).equals("CERTIFICATE")) {
          out.add(
              (X509Certificate)
                  cf.generateCertificate(
                      new ByteArrayInputStream(Base64.getMimeDecoder().decode(m.group(2)))));
        }
      }
      if (out.isEmpty()) {
        throw new InvalidInputException(
            "the certificate file " + file + " holds no CERTIFICATE block");
      }
      return out;
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "cannot read the certificate file " + file + ": " + e.getMessage());
    }
  }

  /**
   * Makes a self-signed code-signing certificate for a key: subject {@code CN=<publisher>}, the
   * publisher also as a subject alternative name (e-mail when it looks like one, else URI when it
   * is one), valid from a minute before {@code now} for {@code validity}.
   *
   * @param key the key pair
   * @param publisher who publishes (a name, an e-mail address or a URI)
   * @param now the signing time
   * @param validity how long it stays valid
   * @return the certificate
   * @throws InvalidInputException if it cannot be made (unsupported key)
   */
  public static X509Certificate selfSigned(
      KeyPair key, String publisher, Instant now, Duration validity) throws InvalidInputException {
    try {
      X500Name subject =
          new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, publisher).build();
      BigInteger serial =
          new BigInteger(
                  1,
                  java.security.MessageDigest.getInstance("SHA-256")
                      .digest(
                          (publisher
                                  + "|"
                                  + now
                                  + "|"
                                  + Base64.getEncoder()
                                      .encodeToString(key.getPublic().getEncoded()))
                              .getBytes(StandardCharsets.UTF_8)))
              .shiftRight(100);
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              subject,
              serial,
              Date.from(now.minus(Duration.ofMinutes(1))),
              Date.from(now.plus(validity)),
              subject,
              key.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
      if (publisher.contains("@")) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(new GeneralName(GeneralName.rfc822Name, publisher)));
      } else if (publisher.contains("://")) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, publisher)));
      }
      ContentSigner signer =
          new JcaContentSignerBuilder(CertificateKeySigner.signatureAlgorithm(key.getPrivate()))
              .build(key.getPrivate());
      X509CertificateHolder holder = b.build(signer);
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new InvalidInputException(
          "cannot make a certificate for the signing key: " + e.getMessage(), e);
    }
  }

  /**
   * @param key a private key
   * @param certificates candidate certificates (the given chain), or empty
   * @return the public key: from the leaf certificate, or derived from the private key
   * @throws InvalidInputException if the public key cannot be derived
   */
  public static PublicKey publicKey(PrivateKey key, List<X509Certificate> certificates)
      throws InvalidInputException {
    if (!certificates.isEmpty()) {
      return certificates.get(0).getPublicKey();
    }
    try {
      return PublicKeyDerivation.derive(key);
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(
          "cannot derive the public key of the signing key: " + e.getMessage(), e);
    }
  }
}
