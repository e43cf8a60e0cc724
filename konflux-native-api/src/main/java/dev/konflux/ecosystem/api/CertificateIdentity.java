package dev.konflux.ecosystem.api;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Who a keyless (Fulcio) certificate must name: its subject alternative name and the OIDC issuer of
 * the token it was issued for, each matched exactly or as a whole-string regular expression.
 *
 * @param subjectAlternativeName the SAN (an e-mail, URI or workflow ref), or a regexp
 * @param sanIsRegexp whether {@code subjectAlternativeName} is a regular expression
 * @param oidcIssuer the OIDC issuer URL, or a regexp
 * @param issuerIsRegexp whether {@code oidcIssuer} is a regular expression
 */
public record CertificateIdentity(
    String subjectAlternativeName, boolean sanIsRegexp, String oidcIssuer, boolean issuerIsRegexp) {

  /**
   * Validates; regular expressions must compile.
   *
   * @param subjectAlternativeName the SAN (an e-mail, URI or workflow ref), or a regexp
   * @param sanIsRegexp whether {@code subjectAlternativeName} is a regular expression
   * @param oidcIssuer the OIDC issuer URL, or a regexp
   * @param issuerIsRegexp whether {@code oidcIssuer} is a regular expression
   */
  public CertificateIdentity {
    Objects.requireNonNull(subjectAlternativeName, "subjectAlternativeName");
    Objects.requireNonNull(oidcIssuer, "oidcIssuer");
    if (subjectAlternativeName.isEmpty() || oidcIssuer.isEmpty()) {
      throw new IllegalArgumentException("certificate identity and OIDC issuer must not be empty");
    }
    try {
      if (sanIsRegexp) {
        Pattern.compile(subjectAlternativeName);
      }
      if (issuerIsRegexp) {
        Pattern.compile(oidcIssuer);
      }
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "invalid certificate identity regexp: " + e.getDescription(), e);
    }
  }

  /**
   * @param san the exact SAN
   * @param issuer the exact OIDC issuer
   * @return an exact identity
   */
  public static CertificateIdentity exact(String san, String issuer) {
    return new CertificateIdentity(san, false, issuer, false);
  }

  /**
   * @param sanRegexp a regexp the whole SAN must match
   * @param issuerRegexp a regexp the whole issuer must match
   * @return an identity of regular expressions
   */
  public static CertificateIdentity regexp(String sanRegexp, String issuerRegexp) {
    return new CertificateIdentity(sanRegexp, true, issuerRegexp, true);
  }

  /**
   * @param san a certificate's SAN
   * @return whether it matches
   */
  public boolean matchesSan(String san) {
    return san != null
        && (sanIsRegexp
            ? Pattern.matches(subjectAlternativeName, san)
            : subjectAlternativeName.equals(san));
  }

  /**
   * @param issuer a certificate's OIDC issuer
   * @return whether it matches
   */
  public boolean matchesIssuer(@Nullable String issuer) {
    return issuer != null
        && (issuerIsRegexp ? Pattern.matches(oidcIssuer, issuer) : oidcIssuer.equals(issuer));
  }

  @Override
  public String toString() {
    return "SAN "
        + (sanIsRegexp ? "~" : "")
        + subjectAlternativeName
        + " issuer "
        + (issuerIsRegexp ? "~" : "")
        + oidcIssuer;
  }
}
