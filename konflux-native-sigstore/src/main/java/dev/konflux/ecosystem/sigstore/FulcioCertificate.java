package dev.konflux.ecosystem.sigstore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.jspecify.annotations.Nullable;

/**
 * Checks on a Fulcio leaf certificate: the chain to a certificate authority of the trusted root
 * valid at signing time, the embedded SCTs (RFC 6962 precertificate timestamps) against the trusted
 * root's CT logs, and reads the identity (SAN) and OIDC issuer extensions.
 */
final class FulcioCertificate {
  private FulcioCertificate() {}

  /** Fulcio OIDC issuer extension, v2 (DER UTF8String). */
  static final String OID_ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";

  /** Fulcio OIDC issuer extension, v1 (raw string). */
  static final String OID_ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";

  /** Embedded SCT list (RFC 6962 §3.3). */
  static final String OID_SCT_LIST = "1.3.6.1.4.1.11129.2.4.2";

  private static final String EKU_CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

  /**
   * Verifies the chain from the leaf to one of the trusted root's certificate authorities, as of
   * {@code at}, and returns the issuing authority.
   */
  static TrustedRoot.Authority chain(
      X509Certificate leaf, List<X509Certificate> bundled, TrustedRoot root, Instant at)
      throws BundleRejection {
    for (X509Certificate c : bundled) {
      if (c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        throw BundleRejection.rejected(
            "bundle certificate chain contains a root certificate ("
                + c.getSubjectX500Principal().getName()
                + "); roots come from the trusted root only");
      }
    }
    String last = "no certificate authority in the trusted root";
    for (TrustedRoot.Authority ca : root.certificateAuthorities()) {
      if (!ca.validFor().contains(at)) {
        last = "no certificate authority of the trusted root was valid at signing time " + at;
        continue;
      }
      try {
        List<X509Certificate> chain = ca.chain();
        X509Certificate anchor = chain.get(chain.size() - 1);
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        path.addAll(chain.subList(0, chain.size() - 1));
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX")
            .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        return ca;
      } catch (java.security.cert.CertPathValidatorException e) {
        last =
            "signing certificate does not chain to a trusted Fulcio CA at "
                + at
                + ": "
                + e.getMessage();
      } catch (java.security.GeneralSecurityException | RuntimeException e) {
        last = "signing certificate chain cannot be checked: " + e.getMessage();
      }
    }
    throw BundleRejection.rejected(last);
  }

  /** Rejects a signing certificate that is not a code-signing leaf (material of the wrong kind). */
  static void leafShape(X509Certificate leaf) throws BundleRejection {
    if (leaf.getBasicConstraints() >= 0) {
      throw BundleRejection.rejected("bundle signing certificate is a CA certificate, not a leaf");
    }
    try {
      List<String> eku = leaf.getExtendedKeyUsage();
      if (eku == null || !eku.contains(EKU_CODE_SIGNING)) {
        throw BundleRejection.rejected("bundle signing certificate is not for code signing");
      }
    } catch (java.security.cert.CertificateParsingException e) {
      throw BundleRejection.rejected(
          "bundle signing certificate has an unreadable extended key usage");
    }
  }

  /**
   * Requires at least one embedded SCT from a trusted CT log (valid at the SCT's time) to verify.
   */
  static void sct(X509Certificate leaf, X509Certificate issuer, TrustedRoot root)
      throws BundleRejection {
    byte[] ext = leaf.getExtensionValue(OID_SCT_LIST);
    if (ext == null) {
      throw BundleRejection.rejected("signing certificate has no embedded SCT");
    }
    byte[] list;
    byte[] tbs;
    try {
      list = ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
      tbs = tbsWithoutSct(leaf);
    } catch (IOException | java.security.cert.CertificateEncodingException | RuntimeException e) {
      throw BundleRejection.rejected("signing certificate SCT list is unreadable");
    }
    byte[] issuerKeyHash = Keys.hash("SHA-256", issuer.getPublicKey().getEncoded());
    String reason = "signing certificate has no SCT from a trusted CT log";
    try {
      ByteBuffer b = ByteBuffer.wrap(list);
      int total = Short.toUnsignedInt(b.getShort());
      if (total != b.remaining()) {
        throw BundleRejection.rejected("signing certificate SCT list has a wrong length");
      }
      while (b.hasRemaining()) {
        int len = Short.toUnsignedInt(b.getShort());
        ByteBuffer s = ByteBuffer.wrap(list, b.position(), len);
        b.position(b.position() + len);
        int version = Byte.toUnsignedInt(s.get());
        byte[] logId = new byte[32];
        s.get(logId);
        long timestamp = s.getLong();
        byte[] extensions = new byte[Short.toUnsignedInt(s.getShort())];
        s.get(extensions);
        s.get(); // hash algorithm: implied by the log key
        s.get(); // signature algorithm: implied by the log key
        byte[] sig = new byte[Short.toUnsignedInt(s.getShort())];
        s.get(sig);
        if (s.hasRemaining()) {
          throw BundleRejection.rejected("signing certificate SCT has trailing bytes");
        }
        TrustedRoot.Log log = root.ctlog(logId);
        if (version != 0 || log == null) {
          continue;
        }
        Instant when = Instant.ofEpochMilli(timestamp);
        if (!log.validFor().contains(when)) {
          reason =
              "SCT of CT log "
                  + log.baseUrl()
                  + " is dated "
                  + when
                  + ", outside the log's validity "
                  + log.validFor();
          continue;
        }
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.write(0); // v1
        signed.write(0); // certificate_timestamp
        signed.writeBytes(ByteBuffer.allocate(8).putLong(timestamp).array());
        signed.write(0);
        signed.write(1); // precert_entry
        signed.writeBytes(issuerKeyHash);
        signed.write(tbs.length >>> 16);
        signed.write(tbs.length >>> 8);
        signed.write(tbs.length);
        signed.writeBytes(tbs);
        signed.write(extensions.length >>> 8);
        signed.write(extensions.length);
        signed.writeBytes(extensions);
        String alg =
            log.key() instanceof java.security.interfaces.RSAPublicKey
                ? "SHA256withRSA"
                : "SHA256withECDSA";
        if (Keys.verify(alg, log.key(), signed.toByteArray(), sig)) {
          return;
        }
        reason = "SCT of CT log " + log.baseUrl() + " does not verify with the log's key";
      }
    } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
      throw BundleRejection.rejected("signing certificate SCT list is truncated");
    }
    throw BundleRejection.rejected(reason);
  }

  /** The leaf's TBSCertificate with the SCT list extension removed: what the CT log signed. */
  private static byte[] tbsWithoutSct(X509Certificate leaf)
      throws IOException, java.security.cert.CertificateEncodingException {
    ASN1Sequence tbs = ASN1Sequence.getInstance(leaf.getTBSCertificate());
    ASN1EncodableVector out = new ASN1EncodableVector();
    for (ASN1Encodable e : tbs) {
      if (e instanceof ASN1TaggedObject t && t.getTagNo() == 3) {
        Extensions exts = Extensions.getInstance(t.getExplicitBaseObject());
        List<Extension> kept = new ArrayList<>();
        for (var oid : exts.getExtensionOIDs()) {
          if (!oid.getId().equals(OID_SCT_LIST)) {
            kept.add(exts.getExtension(oid));
          }
        }
        out.add(new DERTaggedObject(true, 3, new Extensions(kept.toArray(new Extension[0]))));
      } else {
        out.add(e);
      }
    }
    return new DERSequence(out).getEncoded("DER");
  }

  /**
   * @return the issuer of the leaf within the authority's chain
   */
  static X509Certificate issuer(X509Certificate leaf, TrustedRoot.Authority ca)
      throws BundleRejection {
    for (X509Certificate c : ca.chain()) {
      if (c.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
        return c;
      }
    }
    throw BundleRejection.rejected(
        "issuer of the signing certificate is not in the trusted CA chain");
  }

  /**
   * @return the e-mail and URI subject alternative names
   */
  static List<String> sans(X509Certificate leaf) throws BundleRejection {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> n : names) {
          Object type = n.get(0);
          if ((Integer.valueOf(1).equals(type) || Integer.valueOf(6).equals(type))
              && n.get(1) instanceof String s) {
            out.add(s);
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      throw BundleRejection.rejected(
          "signing certificate has an unreadable subject alternative name");
    }
    return out;
  }

  /**
   * @return the Fulcio OIDC issuer (v2 extension preferred, else v1), or null
   */
  static @Nullable String oidcIssuer(X509Certificate leaf) {
    try {
      byte[] v2 = leaf.getExtensionValue(OID_ISSUER_V2);
      if (v2 != null) {
        ASN1Primitive inner =
            ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(v2).getOctets());
        if (inner instanceof ASN1String s) {
          return s.getString();
        }
        return null;
      }
      byte[] v1 = leaf.getExtensionValue(OID_ISSUER_V1);
      if (v1 != null) {
        return new String(ASN1OctetString.getInstance(v1).getOctets(), StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  static boolean sameCertificate(X509Certificate a, byte[] der) {
    try {
      return Arrays.equals(a.getEncoded(), der);
    } catch (java.security.cert.CertificateEncodingException e) {
      return false;
    }
  }
}
