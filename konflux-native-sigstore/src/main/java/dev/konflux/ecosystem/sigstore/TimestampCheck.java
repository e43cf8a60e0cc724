package dev.konflux.ecosystem.sigstore;

import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Checks an RFC 3161 timestamp of a bundle: signed by a timestamp authority of the trusted root
 * (its certificate chains to that authority's root and both were valid at the time stamped, the
 * authority's window included), over the bundle's signature bytes. Bouncy Castle reads the CMS.
 */
final class TimestampCheck {
  private TimestampCheck() {}

  /**
   * @return the verified time
   */
  static Instant check(byte[] signedTimestamp, byte[] signature, TrustedRoot root)
      throws BundleRejection {
    // Bundles carry the whole RFC 3161 TimeStampResp (status and token), as Sigstore clients write
    // it.
    TimeStampToken token;
    try {
      TimeStampResponse response = new TimeStampResponse(signedTimestamp);
      token = response.getStatus() <= 1 ? response.getTimeStampToken() : null;
    } catch (Exception e) {
      token = null;
    }
    if (token == null) {
      throw BundleRejection.rejected("RFC 3161 timestamp is unreadable");
    }
    Instant at = token.getTimeStampInfo().getGenTime().toInstant();
    String alg = token.getTimeStampInfo().getMessageImprintAlgOID().getId();
    String javaAlg =
        switch (alg) {
          case "2.16.840.1.101.3.4.2.1" -> "SHA-256";
          case "2.16.840.1.101.3.4.2.2" -> "SHA-384";
          case "2.16.840.1.101.3.4.2.3" -> "SHA-512";
          default ->
              throw BundleRejection.rejected(
                  "RFC 3161 timestamp uses an unsupported message imprint hash " + alg);
        };
    if (!Arrays.equals(
        token.getTimeStampInfo().getMessageImprintDigest(), Keys.hash(javaAlg, signature))) {
      throw BundleRejection.rejected("RFC 3161 timestamp is not over this bundle's signature");
    }
    String reason =
        "RFC 3161 timestamp of "
            + at
            + " is not signed by a timestamp authority of the trusted root";
    for (TrustedRoot.Authority tsa : root.timestampAuthorities()) {
      List<X509Certificate> chain = tsa.chain();
      X509Certificate leaf = chain.get(0);
      try {
        SignerInformationVerifier v = new JcaSimpleSignerInfoVerifierBuilder().build(leaf);
        if (!token.isSignatureValid(v)) {
          continue;
        }
      } catch (Exception e) {
        continue; // another authority's token
      }
      if (!tsa.validFor().contains(at)) {
        reason =
            "RFC 3161 timestamp of "
                + at
                + " is outside the validity of timestamp authority "
                + tsa.uri()
                + " ("
                + tsa.validFor()
                + ")";
        continue;
      }
      try {
        // validate() checks the signing certificate's ESS binding and validity at genTime.
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(leaf));
        if (chain.size() > 1) {
          PKIXParameters params =
              new PKIXParameters(Set.of(new TrustAnchor(chain.get(chain.size() - 1), null)));
          params.setRevocationEnabled(false);
          params.setDate(Date.from(at));
          CertPathValidator.getInstance("PKIX")
              .validate(
                  CertificateFactory.getInstance("X.509")
                      .generateCertPath(new ArrayList<>(chain.subList(0, chain.size() - 1))),
                  params);
        }
        return at;
      } catch (Exception e) {
        reason =
            "RFC 3161 timestamp of "
                + at
                + " does not validate with timestamp authority "
                + tsa.uri()
                + ": "
                + e.getMessage();
      }
    }
    throw BundleRejection.rejected(reason);
  }
}
