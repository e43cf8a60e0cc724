package dev.konflux.ecosystem.sigstore;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.internal.json.Json;
import dev.konflux.ecosystem.spi.KeylessBundleVerifier;
import dev.konflux.ecosystem.spi.KeylessVerificationRequest;
import dev.konflux.ecosystem.spi.KeylessVerificationResult;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyless Sigstore bundle verification on sigstore-java 2.0.0, offline against a
 * {@code trusted_root.json} (TUF only when the request allows it).
 *
 * <p>sigstore-java checks the Fulcio chain, SCTs, the transparency log entry, the signing time
 * against the certificate's validity and the signature. Before handing it a bundle we close one
 * hole of 2.0.0 ourselves: it accepts a DSSE bundle backed by a Rekor v2 {@code dsse:0.0.2}
 * entry, which newer sigstore-java rejects ("Unsupported entry type"); so do we.
 */
public final class SigstoreKeylessVerifier implements KeylessBundleVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(SigstoreKeylessVerifier.class);

  /** Fulcio OIDC issuer extension, v2 (DER UTF8String). */
  static final String OID_ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
  /** Fulcio OIDC issuer extension, v1 (raw string). */
  static final String OID_ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";

  /** Transparency log entry kinds that may back a DSSE bundle. */
  static final Set<String> DSSE_ENTRY_KINDS = Set.of("dsse:0.0.1", "intoto:0.0.2", "hashedrekord:0.0.2");

  private final Map<Path, KeylessVerifier> verifiers = new ConcurrentHashMap<>();

  /** Created by {@link java.util.ServiceLoader}. */
  public SigstoreKeylessVerifier() {}

  @Override
  public String name() {
    return "sigstore-java 2.0.0";
  }

  // NullAway does not read the type-use @Nullable on the result's byte[] record component.
  @SuppressWarnings("NullAway")
  @Override
  public KeylessVerificationResult verify(KeylessVerificationRequest request) throws VerificationException {
    String what = request.describe();
    String json = new String(request.bundleJson(), StandardCharsets.UTF_8);
    checkEntryKinds(request.bundleJson(), what);
    Bundle bundle;
    try {
      bundle = Bundle.from(new StringReader(json));
    } catch (BundleParseException | RuntimeException e) {
      throw new VerificationException("Sigstore bundle of " + what + " cannot be read: " + e.getMessage(), e);
    }
    if (bundle.getCertPath() == null || bundle.getCertPath().getCertificates().isEmpty()) {
      throw new VerificationException("Sigstore bundle of " + what + " carries no certificate");
    }
    if (bundle.getCertPath().getCertificates().get(0) instanceof X509Certificate claimedLeaf) {
      checkSigningTime(bundle, claimedLeaf, what);
    }
    KeylessVerifier verifier = verifierFor(request);
    try {
      verifier.verify(request.artifactDigest().bytes(), bundle, VerificationOptions.empty());
    } catch (KeylessVerificationException e) {
      throw new VerificationException("Sigstore bundle of " + what + " does not verify against "
          + (request.trustedRoot() == null ? "the TUF trusted root" : "trusted root " + request.trustedRoot()) + ": "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new VerificationException("Sigstore bundle of " + what + " does not verify: " + e, e);
    }
    Certificate first = bundle.getCertPath().getCertificates().get(0);
    if (!(first instanceof X509Certificate leaf)) {
      throw new VerificationException("Sigstore bundle of " + what + " has no X.509 leaf certificate");
    }
    String san = subjectAlternativeName(leaf, what);
    String issuer = oidcIssuer(leaf);
    return bundle.getDsseEnvelope()
        .map(d -> new KeylessVerificationResult(san, issuer, d.getPayloadType(), d.getPayload()))
        .orElseGet(() -> new KeylessVerificationResult(san, issuer, null, null));
  }

  /**
   * Rejects a bundle whose log entries say it was signed when its certificate was not valid.
   * sigstore-java checks this too, but only after the entry's signature, so a moved integrated
   * time would be reported as a log failure; checking the claim first names the real defect.
   */
  static void checkSigningTime(Bundle bundle, X509Certificate leaf, String what) throws VerificationException {
    for (var entry : bundle.getEntries()) {
      java.time.Instant signedAt = java.time.Instant.ofEpochSecond(entry.getIntegratedTime());
      if (entry.getIntegratedTime() <= 0) {
        continue; // Rekor v2 entries carry no integrated time; a timestamp proves the time instead.
      }
      if (signedAt.isBefore(leaf.getNotBefore().toInstant()) || signedAt.isAfter(leaf.getNotAfter().toInstant())) {
        throw new VerificationException("Sigstore bundle of " + what + ": certificate was not valid at signing time "
            + signedAt + " (log entry " + entry.getLogIndex() + "); it is valid from "
            + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant());
      }
    }
  }

  /** Rejects DSSE bundles whose log entry type cannot carry a DSSE envelope (see class javadoc). */
  static void checkEntryKinds(byte[] bundleJson, String what) throws VerificationException {
    JsonNode root;
    try {
      root = Json.tree(bundleJson);
    } catch (IOException | RuntimeException e) {
      throw new VerificationException("Sigstore bundle of " + what + " is not JSON");
    }
    if (!root.has("dsseEnvelope")) {
      return;
    }
    for (JsonNode entry : root.path("verificationMaterial").path("tlogEntries")) {
      JsonNode kv = entry.path("kindVersion");
      String kind = kv.path("kind").asText("") + ":" + kv.path("version").asText("");
      if (!DSSE_ENTRY_KINDS.contains(kind)) {
        throw new VerificationException("Sigstore bundle of " + what + ": Unsupported entry type: '" + kind
            + "' for DSSE bundle");
      }
    }
  }

  private KeylessVerifier verifierFor(KeylessVerificationRequest request) throws VerificationException {
    Path key = request.trustedRoot() == null ? Path.of("<tuf>") : request.trustedRoot().toAbsolutePath();
    KeylessVerifier cached = verifiers.get(key);
    if (cached != null) {
      return cached;
    }
    try {
      KeylessVerifier.Builder builder = KeylessVerifier.builder();
      if (request.trustedRoot() != null) {
        builder.trustedRootProvider(TrustedRootProvider.from(request.trustedRoot()));
      } else {
        LOG.info("fetching the Sigstore public-good trusted root via TUF");
        builder.sigstorePublicDefaults();
      }
      KeylessVerifier built = builder.build();
      verifiers.put(key, built);
      return built;
    } catch (GeneralSecurityException | dev.sigstore.trustroot.SigstoreConfigurationException | RuntimeException e) {
      throw new VerificationException("cannot load Sigstore trusted root "
          + (request.trustedRoot() == null ? "via TUF" : request.trustedRoot().toString()) + ": " + e.getMessage(), e);
    }
  }

  static String subjectAlternativeName(X509Certificate leaf, String what) throws VerificationException {
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          // 1 = rfc822Name (e-mail), 6 = URI (workflow or SPIFFE identity).
          Object type = name.get(0);
          if ((Integer.valueOf(1).equals(type) || Integer.valueOf(6).equals(type)) && name.get(1) instanceof String s) {
            return s;
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new VerificationException("certificate of " + what + " has an unreadable SAN: " + e.getMessage(), e);
    }
    throw new VerificationException("certificate of " + what + " has no e-mail or URI subject alternative name");
  }

  static @Nullable String oidcIssuer(X509Certificate leaf) {
    try {
      byte[] v2 = leaf.getExtensionValue(OID_ISSUER_V2);
      if (v2 != null) {
        ASN1Primitive inner = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(v2).getOctets());
        if (inner instanceof ASN1String s) {
          return s.getString();
        }
      }
      byte[] v1 = leaf.getExtensionValue(OID_ISSUER_V1);
      if (v1 != null) {
        return new String(ASN1OctetString.getInstance(v1).getOctets(), StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("unreadable OIDC issuer extension: {}", e.toString());
    }
    return null;
  }
}
