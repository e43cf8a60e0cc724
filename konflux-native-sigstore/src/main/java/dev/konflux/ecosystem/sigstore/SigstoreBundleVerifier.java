package dev.konflux.ecosystem.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.BundleArtifact;
import dev.konflux.ecosystem.api.BundlePolicy;
import dev.konflux.ecosystem.api.BundleVerification;
import dev.konflux.ecosystem.api.BundleVerification.Outcome;
import dev.konflux.ecosystem.api.BundleVerifier;
import dev.konflux.ecosystem.api.CertificateIdentity;
import dev.konflux.ecosystem.api.CosignPublicKey;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link BundleVerifier}: verifies Sigstore bundles v0.1 to v0.3 offline, in our own code on
 * the JDK and Bouncy Castle (sigstore-java 2.0.0, the newest release reachable, cannot read Rekor
 * v2 DSSE entries nor SHA-384/512 message digests, and accepts a bundle signed after its
 * certificate expired; the module README lists every check and why it is ours).
 *
 * <p>Checks, in order: the bundle's material is of the kind the policy expects; the signature
 * verifies over the input (message digest, or DSSE PAE with the input among the in-toto subjects);
 * every transparency log entry logs exactly this signature, material and digest and is proven
 * included (inclusion proof against a checkpoint signed by the log, or a signed entry timestamp for
 * v0.1); every RFC 3161 timestamp verifies with a trusted timestamp authority; keyless: at least
 * one verified signing time, the certificate valid at each (inclusive), a chain to a Fulcio CA of
 * the trusted root valid then, a verifying SCT, and the exact identity.
 */
public final class SigstoreBundleVerifier implements BundleVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(SigstoreBundleVerifier.class);
  private static final String IN_TOTO = "application/vnd.in-toto+json";

  private final Map<Path, TrustedRoot> roots = new ConcurrentHashMap<>();

  /** Created by {@link java.util.ServiceLoader} or directly. */
  public SigstoreBundleVerifier() {}

  @Override
  public BundleVerification verify(
      byte[] bundleJson, BundleArtifact artifact, BundlePolicy policy) {
    try {
      TrustedRoot root = root(policy.trustedRoot().orElse(null));
      ParsedBundle bundle = ParsedBundle.parse(bundleJson);
      BundleVerification v =
          verify(
              bundle,
              artifact,
              root,
              policy.identity().orElse(null),
              policy.publicKey().orElse(null),
              true);
      LOG.debug("bundle for {} verified: {}", artifact, v.reason());
      return v;
    } catch (BundleRejection r) {
      LOG.debug("bundle for {} failed: {}", artifact, r.getMessage());
      return BundleVerification.failed(r.outcome(), String.valueOf(r.getMessage()));
    }
  }

  /**
   * Verifies a keyless bundle without matching the identity, for the release gate which matches the
   * returned SAN and issuer against its own policy.
   */
  BundleVerification verifyUnmatched(
      byte[] bundleJson, BundleArtifact artifact, @Nullable Path trustedRoot) {
    try {
      return verify(ParsedBundle.parse(bundleJson), artifact, root(trustedRoot), null, null, false);
    } catch (BundleRejection r) {
      return BundleVerification.failed(r.outcome(), String.valueOf(r.getMessage()));
    }
  }

  private TrustedRoot root(@Nullable Path file) throws BundleRejection {
    if (file == null) {
      file = Path.of("<public-good>");
      TrustedRoot cached = roots.get(file);
      if (cached == null) {
        cached = TrustedRoot.publicGood();
        roots.put(file, cached);
      }
      return cached;
    }
    Path key = file.toAbsolutePath().normalize();
    TrustedRoot cached = roots.get(key);
    if (cached == null) {
      cached = TrustedRoot.load(file);
      roots.put(key, cached);
    }
    return cached;
  }

  private static BundleVerification verify(
      ParsedBundle b,
      BundleArtifact artifact,
      TrustedRoot root,
      @Nullable CertificateIdentity wanted,
      @Nullable CosignPublicKey policyKey,
      boolean matchIdentity)
      throws BundleRejection {
    boolean keyless = policyKey == null;
    if (keyless && b.publicKeyMaterial()) {
      throw BundleRejection.rejected(
          "bundle carries a public key, not a certificate; verify it with --key");
    }
    if (!keyless && !b.publicKeyMaterial()) {
      throw BundleRejection.rejected(
          "bundle carries a certificate, not a public key; verify it with an identity");
    }
    // A bundle without public-key material carries a certificate (ParsedBundle reads one or the
    // other).
    X509Certificate leaf = policyKey == null ? Objects.requireNonNull(b.leaf(), "leaf") : b.leaf();
    if (leaf != null && policyKey == null) {
      FulcioCertificate.leafShape(leaf);
    }
    PublicKey key =
        policyKey == null
            ? Objects.requireNonNull(leaf, "leaf").getPublicKey()
            : policyKey.publicKey();
    String keyName =
        policyKey == null ? "the signing certificate's key" : "key " + policyKey.fingerprint();

    // 1. The signature over the input.
    byte[] signature;
    String messageHash = null;
    byte[] messageDigest = null;
    ParsedBundle.MessageSignature message = b.message();
    if (message != null) {
      signature = message.signature();
      messageHash =
          message.javaDigestAlgorithm() != null
              ? message.javaDigestAlgorithm()
              : Keys.hashAlgorithm(key);
      Optional<byte[]> input = artifact.digest(messageHash);
      if (input.isEmpty()) {
        throw BundleRejection.rejected(
            "bundle signs a " + messageHash + " digest; give the file, not its digest");
      }
      messageDigest = input.get();
      byte[] stated = message.digest();
      if (stated != null && !Arrays.equals(stated, messageDigest)) {
        throw BundleRejection.rejected(
            "bundle message digest "
                + messageHash.toLowerCase(Locale.ROOT)
                + ":"
                + HexFormat.of().formatHex(stated)
                + " is not the input's digest");
      }
      if (!Keys.verifyPrehashed(key, messageHash, messageDigest, signature)) {
        throw BundleRejection.rejected(
            "message signature does not verify over the input's digest with " + keyName);
      }
    } else {
      // ParsedBundle carries exactly one of message signature and DSSE envelope.
      ParsedBundle.Dsse dsse = Objects.requireNonNull(b.dsse(), "dsse");
      signature = dsse.signature();
      if (!Keys.verify(key, dsse.pae(), signature)) {
        throw BundleRejection.rejected(
            "DSSE signature does not verify over the envelope with " + keyName);
      }
      if (!IN_TOTO.equals(dsse.payloadType())) {
        throw BundleRejection.rejected(
            "DSSE payload type "
                + Text.quoted(dsse.payloadType())
                + " is not an in-toto statement, so it cannot name the input");
      }
      subjectMatches(dsse.payload(), artifact);
    }

    // 2. Transparency log entries and timestamps.
    if (keyless && b.entries().isEmpty()) {
      throw BundleRejection.rejected("bundle has no transparency log entry");
    }
    LogEntryCheck.Claim claim =
        new LogEntryCheck.Claim(signature, leaf, key, messageHash, messageDigest, b.dsse());
    List<Instant> times = new ArrayList<>();
    for (ParsedBundle.TlogEntry e : b.entries()) {
      Instant t = LogEntryCheck.check(e, b.minorVersion(), claim, root);
      if (t != null) {
        times.add(t);
      }
    }
    for (byte[] ts : b.rfc3161Timestamps()) {
      times.add(TimestampCheck.check(ts, signature, root));
    }
    Instant signedAt = times.stream().min(Instant::compareTo).orElse(null);
    if (policyKey != null) {
      return verified(
          "bundle verifies with key " + policyKey.fingerprint() + logged(b),
          policyKey.fingerprint(),
          null,
          signedAt,
          b.dsse());
    }

    // 3. The certificate at signing time.
    if (times.isEmpty()) {
      throw BundleRejection.rejected(
          "bundle has no verified signing time (no signed entry timestamp or RFC 3161 timestamp)");
    }
    Objects.requireNonNull(leaf, "leaf");
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant notAfter = leaf.getNotAfter().toInstant();
    TrustedRoot.Authority ca = null;
    for (Instant t : times) {
      if (t.isBefore(notBefore) || t.isAfter(notAfter)) {
        throw BundleRejection.rejected(
            "signing certificate was not valid at signing time "
                + t
                + " (valid from "
                + notBefore
                + " to "
                + notAfter
                + ")");
      }
      ca = FulcioCertificate.chain(leaf, b.chainRest(), root, t);
    }
    // times is not empty, so the loop ran and set ca.
    FulcioCertificate.sct(
        leaf, FulcioCertificate.issuer(leaf, Objects.requireNonNull(ca, "ca")), root);

    // 4. Identity.
    List<String> sans = FulcioCertificate.sans(leaf);
    String issuer = FulcioCertificate.oidcIssuer(leaf);
    if (sans.isEmpty()) {
      throw BundleRejection.rejected(
          "signing certificate has no e-mail or URI subject alternative name");
    }
    String san = sans.get(0);
    if (matchIdentity) {
      CertificateIdentity identity = Objects.requireNonNull(wanted, "identity");
      if (sans.stream().noneMatch(identity::matchesSan)) {
        throw BundleRejection.rejected(
            "certificate identity "
                + Text.quoted(san)
                + " is not "
                + Text.quoted(identity.subjectAlternativeName()));
      }
      san = sans.stream().filter(identity::matchesSan).findFirst().orElseThrow();
      if (!identity.matchesIssuer(issuer)) {
        throw BundleRejection.rejected(
            "certificate OIDC issuer "
                + Text.quoted(issuer)
                + " is not "
                + Text.quoted(identity.oidcIssuer()));
      }
    }
    return verified(
        "bundle verifies: signed by " + san + " (issuer " + issuer + ") at " + signedAt + logged(b),
        san,
        issuer,
        signedAt,
        b.dsse());
  }

  // NullAway 0.14.3 reads BundleVerification's component `byte @Nullable [] dssePayload` from the
  // api module's class file as non-null for the canonical constructor (its accessor it reads as
  // @Nullable), so passing a null payload is reported although the api declares it nullable.
  @SuppressWarnings("NullAway")
  private static BundleVerification verified(
      String reason,
      String signer,
      @Nullable String issuer,
      @Nullable Instant signedAt,
      ParsedBundle.@Nullable Dsse dsse) {
    return new BundleVerification(
        Outcome.VERIFIED,
        reason,
        signer,
        issuer,
        signedAt,
        dsse == null ? null : dsse.payloadType(),
        dsse == null ? null : dsse.payload());
  }

  private static String logged(ParsedBundle b) {
    if (b.entries().isEmpty()) {
      return "";
    }
    ParsedBundle.TlogEntry e = b.entries().get(0);
    return ", logged at index " + e.logIndex() + " (" + e.kind() + ":" + e.version() + ")";
  }

  private static void subjectMatches(byte[] payload, BundleArtifact artifact)
      throws BundleRejection {
    JsonNode statement = StrictJson.tree(payload, "in-toto statement");
    JsonNode subjects = StrictJson.array(statement, "subject", "in-toto statement", true);
    for (JsonNode s : subjects) {
      JsonNode digest = s.path("digest");
      for (Map.Entry<String, String> alg :
          Map.of("sha256", "SHA-256", "sha384", "SHA-384", "sha512", "SHA-512").entrySet()) {
        JsonNode v = digest.get(alg.getKey());
        Optional<byte[]> mine = artifact.digest(alg.getValue());
        if (v != null
            && v.isTextual()
            && mine.isPresent()
            && v.textValue().equals(HexFormat.of().formatHex(mine.get()))) {
          return;
        }
      }
    }
    throw BundleRejection.rejected(
        "input " + artifact + " is not a subject of the in-toto statement");
  }
}
