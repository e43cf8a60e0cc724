package dev.konflux.ecosystem.pypi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.BundleArtifact;
import dev.konflux.ecosystem.api.BundlePolicy;
import dev.konflux.ecosystem.api.BundleVerification;
import dev.konflux.ecosystem.api.BundleVerifier;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.spi.KeylessBundleVerifier;
import dev.konflux.ecosystem.spi.KeylessVerificationRequest;
import dev.konflux.ecosystem.spi.KeylessVerificationResult;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Verifies a PEP 740 attestation for one distribution file: the DSSE signature over the statement,
 * the signer (a given certificate, a CA that issued it, or a public key; or, keyless, a Sigstore
 * trusted root), and that the statement is an in-toto v1 statement with exactly one subject, the
 * file's name and sha256, and a PEP 740 predicate type.
 */
public final class Pep740Verifier {
  private Pep740Verifier() {}

  /** Predicate types PEP 740 attestations carry. */
  public static final Set<String> PREDICATE_TYPES =
      Set.of("https://docs.pypi.org/attestations/publish/v1", "https://slsa.dev/provenance/v1");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * What a verified attestation states.
   *
   * @param predicateType its predicate type
   * @param signer the certificate subject (key-based) or subject alternative name (keyless)
   * @param statement the verified statement bytes
   */
  public record Result(String predicateType, String signer, byte[] statement) {
    /** Copies. */
    public Result {
      statement = statement.clone();
    }

    /**
     * @return the verified statement bytes
     */
    @Override
    public byte[] statement() {
      return statement.clone();
    }
  }

  /**
   * Key-based verification against a trusted certificate: the attestation's certificate must be it,
   * or be issued (signed) by it.
   *
   * @param attestation the attestation
   * @param fileName the distribution's file name
   * @param sha256 the distribution's sha256
   * @param trusted the publisher's certificate or the CA that issues publisher certificates
   * @return what it states
   * @throws VerificationException naming the reason when it does not verify
   */
  public static Result verify(
      Pep740Attestation attestation, String fileName, Digest sha256, X509Certificate trusted)
      throws VerificationException {
    X509Certificate cert = certificate(attestation);
    try {
      if (!Arrays.equals(cert.getEncoded(), trusted.getEncoded())) {
        cert.verify(trusted.getPublicKey());
        if (trusted.getBasicConstraints() < 0
            && !trusted.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
          throw new VerificationException(
              "the attestation's certificate was not issued by the trusted certificate");
        }
      }
    } catch (GeneralSecurityException e) {
      throw new VerificationException(
          "the attestation's certificate "
              + cert.getSubjectX500Principal()
              + " is neither the trusted certificate nor issued by it",
          e);
    }
    checkSignature(attestation, cert.getPublicKey());
    String type = checkStatement(attestation.statement(), fileName, sha256);
    return new Result(type, cert.getSubjectX500Principal().getName(), attestation.statement());
  }

  /**
   * Key-based verification against a public key: the attestation's certificate must hold it.
   *
   * @param attestation the attestation
   * @param fileName the distribution's file name
   * @param sha256 the distribution's sha256
   * @param trusted the publisher's public key
   * @return what it states
   * @throws VerificationException naming the reason when it does not verify
   */
  public static Result verify(
      Pep740Attestation attestation, String fileName, Digest sha256, PublicKey trusted)
      throws VerificationException {
    X509Certificate cert = certificate(attestation);
    if (!Arrays.equals(cert.getPublicKey().getEncoded(), trusted.getEncoded())) {
      throw new VerificationException(
          "the attestation's certificate holds another key than the trusted one");
    }
    checkSignature(attestation, trusted);
    String type = checkStatement(attestation.statement(), fileName, sha256);
    return new Result(type, cert.getSubjectX500Principal().getName(), attestation.statement());
  }

  /**
   * Keyless verification, offline, against a Sigstore trusted root: certificate chain to a Fulcio
   * CA, transparency log entry and signature, through the {@link KeylessBundleVerifier} on the
   * class path ({@code konflux-native-sigstore}). The caller checks the returned signer identity
   * against its policy (e.g. the project's Trusted Publisher).
   *
   * @param attestation the attestation
   * @param fileName the distribution's file name
   * @param sha256 the distribution's sha256
   * @param trustedRoot a {@code trusted_root.json}
   * @return what it states; {@link Result#signer()} is the certificate's subject alternative name
   * @throws VerificationException naming the reason when it does not verify or no keyless verifier
   *     is installed
   */
  public static Result verifyKeyless(
      Pep740Attestation attestation, String fileName, Digest sha256, Path trustedRoot)
      throws VerificationException {
    Objects.requireNonNull(trustedRoot, "trustedRoot");
    Iterator<KeylessBundleVerifier> it = ServiceLoader.load(KeylessBundleVerifier.class).iterator();
    if (!it.hasNext()) {
      throw new VerificationException(
          "keyless PEP 740 verification needs konflux-native-sigstore on the class path");
    }
    KeylessVerificationResult r =
        it.next()
            .verify(
                new KeylessVerificationRequest(
                    attestation.toBundle(),
                    sha256,
                    trustedRoot,
                    false,
                    "PEP 740 attestation of " + UntrustedText.quoted(fileName)));
    if (r.dssePayload() == null || !Arrays.equals(r.dssePayload(), attestation.statement())) {
      throw new VerificationException(
          "the keyless verifier did not verify the attestation's statement");
    }
    String type = checkStatement(attestation.statement(), fileName, sha256);
    return new Result(type, r.subjectAlternativeName(), attestation.statement());
  }

  /**
   * Verification against a policy through the library's {@link BundleVerifier} ({@code
   * konflux-native-sigstore}): keyless with a certificate identity (SAN and OIDC issuer) against a
   * trusted root, offline, checking certificate chain, transparency log entries and signing time;
   * then the PEP 740 statement checks. For pypi.org attestations the identity is the project's
   * Trusted Publisher.
   *
   * @param attestation the attestation
   * @param fileName the distribution's file name
   * @param sha256 the distribution's sha256
   * @param policy who must have signed, and the trusted root
   * @return what it states; {@link Result#signer()} is the verified SAN or key
   * @throws VerificationException naming the reason when it does not verify
   */
  public static Result verify(
      Pep740Attestation attestation, String fileName, Digest sha256, BundlePolicy policy)
      throws VerificationException {
    BundleVerification v;
    try {
      v =
          BundleVerifier.load()
              .verify(attestation.toBundle(), BundleArtifact.ofDigest(sha256), policy);
    } catch (IllegalStateException e) {
      throw new VerificationException(
          "PEP 740 verification needs konflux-native-sigstore: " + e.getMessage(), e);
    }
    if (!v.verified()) {
      throw new VerificationException(
          "the PEP 740 attestation of "
              + UntrustedText.quoted(fileName)
              + " does not verify ("
              + policy
              + "): "
              + v.reason());
    }
    byte[] payload = v.dssePayloadBytes().orElse(null);
    if (payload == null || !Arrays.equals(payload, attestation.statement())) {
      throw new VerificationException(
          "the bundle verifier did not verify the attestation's statement");
    }
    String type = checkStatement(attestation.statement(), fileName, sha256);
    return new Result(type, v.signer() == null ? "" : v.signer(), attestation.statement());
  }

  private static X509Certificate certificate(Pep740Attestation attestation)
      throws VerificationException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(attestation.certificate()));
    } catch (GeneralSecurityException e) {
      throw new VerificationException("the attestation's certificate cannot be parsed", e);
    }
  }

  private static void checkSignature(Pep740Attestation attestation, PublicKey key)
      throws VerificationException {
    try {
      Signature s = Signature.getInstance(algorithm(key));
      s.initVerify(key);
      s.update(attestation.preAuthenticationEncoding());
      if (!s.verify(attestation.signature())) {
        throw new VerificationException("the attestation's DSSE signature does not verify");
      }
    } catch (GeneralSecurityException e) {
      throw new VerificationException(
          "the attestation's DSSE signature does not verify: " + e.getMessage(), e);
    }
  }

  private static String algorithm(PublicKey key) throws VerificationException {
    return switch (key.getAlgorithm()) {
      case "EC" ->
          ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize() > 256
              ? "SHA384withECDSA"
              : "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new VerificationException("unsupported key algorithm " + key.getAlgorithm());
    };
  }

  /**
   * @return the predicate type
   */
  static String checkStatement(byte[] statement, String fileName, Digest sha256)
      throws VerificationException {
    JsonNode s;
    try {
      s = MAPPER.readTree(statement);
    } catch (IOException e) {
      throw new VerificationException("the attested statement is not JSON");
    }
    if (s == null || !"https://in-toto.io/Statement/v1".equals(s.path("_type").asText())) {
      throw new VerificationException("the attested statement is not an in-toto v1 statement");
    }
    JsonNode subjects = s.path("subject");
    if (!subjects.isArray() || subjects.size() != 1) {
      throw new VerificationException("a PEP 740 statement has exactly one subject");
    }
    JsonNode subject = subjects.get(0);
    if (!fileName.equals(subject.path("name").asText(null))) {
      throw new VerificationException(
          "the attested subject is "
              + UntrustedText.quoted(subject.path("name").asText())
              + ", not "
              + UntrustedText.quoted(fileName));
    }
    if (!Digest.SHA256.equals(sha256.algorithm())
        || !sha256.hex().equals(subject.path("digest").path("sha256").asText(null))) {
      throw new VerificationException(
          "the attested sha256 of " + UntrustedText.quoted(fileName) + " is not " + sha256);
    }
    String type = s.path("predicateType").asText("");
    if (!PREDICATE_TYPES.contains(type)) {
      throw new VerificationException(
          "predicate type " + UntrustedText.quoted(type) + " is not a PEP 740 one");
    }
    return type;
  }
}
