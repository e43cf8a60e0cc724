package dev.konflux.ecosystem.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks one transparency log entry of a bundle: the entry's body is of the kind and version the
 * bundle states and logs exactly this bundle's signature, signing material and signed digest; the
 * entry is proven included (inclusion proof against a signed checkpoint, or for v0.1 bundles a
 * signed entry timestamp); and, when present, the signed entry timestamp verifies.
 */
final class LogEntryCheck {
  private LogEntryCheck() {}

  /**
   * What the bundle claims to have logged.
   *
   * @param signature the message or DSSE signature
   * @param certificate the signing certificate, or null for keyed bundles
   * @param key the signing key (the certificate's, or the policy key)
   * @param messageHash the Java digest algorithm of the signed message digest (message signatures)
   * @param messageDigest the signed message digest (message signatures), else null
   * @param dsse the DSSE envelope, else null
   */
  record Claim(
      byte[] signature,
      @Nullable X509Certificate certificate,
      PublicKey key,
      @Nullable String messageHash,
      byte @Nullable [] messageDigest,
      ParsedBundle.@Nullable Dsse dsse) {}

  /**
   * @return the entry's integrated time if a verified signed entry timestamp vouches for it, else
   *     null
   */
  static @Nullable Instant check(
      ParsedBundle.TlogEntry e, int bundleMinor, Claim claim, TrustedRoot root)
      throws BundleRejection {
    TrustedRoot.Log log = root.tlog(e.logId());
    if (log == null) {
      throw BundleRejection.rejected(
          "transparency log "
              + HexFormat.of().formatHex(e.logId())
              + " of entry "
              + e.logIndex()
              + " is not in the trusted root");
    }
    body(e, claim);
    if (e.proof() == null && (bundleMinor >= 2 || e.signedEntryTimestamp() == null)) {
      throw BundleRejection.rejected(
          "transparency log entry "
              + e.logIndex()
              + " has no inclusion proof"
              + (bundleMinor >= 2
                  ? " (required from bundle v0.2 on)"
                  : " and no inclusion promise"));
    }
    if (e.proof() != null) {
      ParsedBundle.InclusionProof p = e.proof();
      if (p.rootHash().length != 32
          || !MerkleProof.verify(
              p.logIndex(),
              p.treeSize(),
              MerkleProof.leafHash(e.body()),
              p.hashes(),
              p.rootHash())) {
        throw BundleRejection.rejected(
            "inclusion proof of transparency log entry "
                + e.logIndex()
                + " does not lead to its root hash");
      }
      Checkpoint.parse(p.checkpoint()).verify(log, p.treeSize(), p.rootHash());
    }
    @Nullable Instant integrated = null;
    if (e.signedEntryTimestamp() != null) {
      if (e.integratedTime() < 0) {
        throw BundleRejection.rejected(
            "transparency log entry " + e.logIndex() + " has a promise but no integrated time");
      }
      ObjectNode canonical = StrictJson.MAPPER.createObjectNode();
      // Keys in lexical order, no whitespace: Rekor's canonical JSON of the entry.
      canonical.put("body", e.bodyBase64());
      canonical.put("integratedTime", e.integratedTime());
      canonical.put("logID", HexFormat.of().formatHex(e.logId()));
      canonical.put("logIndex", e.logIndex());
      byte[] signed;
      try {
        signed = StrictJson.MAPPER.writeValueAsBytes(canonical);
      } catch (IOException ex) {
        throw new IllegalStateException(ex);
      }
      if (!Keys.verify(log.key(), signed, e.signedEntryTimestamp())) {
        throw BundleRejection.rejected(
            "signed entry timestamp of transparency log entry "
                + e.logIndex()
                + " does not verify with the key of log "
                + log.host());
      }
      integrated = Instant.ofEpochSecond(e.integratedTime());
      if (!log.validFor().contains(integrated)) {
        throw BundleRejection.rejected(
            "transparency log entry "
                + e.logIndex()
                + " was integrated at "
                + integrated
                + ", outside the validity of log "
                + log.host()
                + " ("
                + log.validFor()
                + ")");
      }
    }
    return integrated;
  }

  private static void body(ParsedBundle.TlogEntry e, Claim claim) throws BundleRejection {
    JsonNode b = StrictJson.tree(e.body(), "transparency log entry body");
    String kind = b.path("kind").asText("");
    String version = b.path("apiVersion").asText("");
    if (!kind.equals(e.kind()) || !version.equals(e.version())) {
      throw BundleRejection.rejected(
          "transparency log entry "
              + e.logIndex()
              + " body is "
              + Text.quoted(kind + ":" + version)
              + " but the bundle says "
              + Text.quoted(e.kind() + ":" + e.version()));
    }
    String kv = kind + ":" + version;
    if (claim.dsse() == null) {
      if (!kv.equals("hashedrekord:0.0.1") && !kv.equals("hashedrekord:0.0.2")) {
        throw BundleRejection.rejected(
            "Unsupported entry type " + Text.quoted(kv) + " for a message signature bundle");
      }
    } else if (!kv.equals("dsse:0.0.1")
        && !kv.equals("intoto:0.0.2")
        && !kv.equals("hashedrekord:0.0.2")) {
      // dsse:0.0.2 is refused as sigstore-java refuses it ("Unsupported entry type ... for DSSE
      // bundle").
      throw BundleRejection.rejected(
          "Unsupported entry type " + Text.quoted(kv) + " for DSSE bundle");
    }
    JsonNode spec = StrictJson.object(b, "spec", "transparency log entry body");
    String what = "transparency log entry " + e.logIndex();
    switch (kv) {
      case "hashedrekord:0.0.1" -> {
        JsonNode hash = spec.path("data").path("hash");
        String alg =
            switch (hash.path("algorithm").asText("")) {
              case "sha256" -> "SHA-256";
              case "sha384" -> "SHA-384";
              case "sha512" -> "SHA-512";
              default ->
                  throw BundleRejection.rejected(what + " logs an unsupported hash algorithm");
            };
        expectDigest(
            what,
            alg,
            hexOrNull(hash.path("value").asText("")),
            claim.messageHash(),
            claim.messageDigest());
        expectSignature(what, b64(spec.path("signature").path("content").asText("")), claim);
        expectMaterial(
            what,
            pemDer(b64(spec.path("signature").path("publicKey").path("content").asText(""))),
            claim);
      }
      case "hashedrekord:0.0.2" -> {
        JsonNode v = spec.path("hashedRekordV002");
        String alg =
            switch (v.path("data").path("algorithm").asText("")) {
              case "SHA2_256" -> "SHA-256";
              case "SHA2_384" -> "SHA-384";
              case "SHA2_512" -> "SHA-512";
              default ->
                  throw BundleRejection.rejected(what + " logs an unsupported hash algorithm");
            };
        byte[] logged = b64(v.path("data").path("digest").asText(""));
        ParsedBundle.Dsse dsse = claim.dsse();
        if (dsse != null) {
          // A DSSE bundle on Rekor v2 is logged as a hashedrekord over the envelope's PAE.
          expectDigest(what, alg, logged, alg, Keys.hash(alg, dsse.pae()));
        } else {
          expectDigest(what, alg, logged, claim.messageHash(), claim.messageDigest());
        }
        JsonNode sig = v.path("signature");
        expectSignature(what, b64(sig.path("content").asText("")), claim);
        JsonNode verifier = sig.path("verifier");
        byte[] material =
            verifier.has("x509Certificate")
                ? b64(verifier.path("x509Certificate").path("rawBytes").asText(""))
                : b64(verifier.path("publicKey").path("rawBytes").asText(""));
        expectMaterial(what, material, claim);
      }
      case "dsse:0.0.1" -> {
        JsonNode ph = spec.path("payloadHash");
        if (!"sha256".equals(ph.path("algorithm").asText(""))) {
          throw BundleRejection.rejected(what + " logs an unsupported payload hash algorithm");
        }
        if (!Arrays.equals(
            hexOrNull(ph.path("value").asText("")), Keys.hash("SHA-256", dssePayload(claim)))) {
          throw BundleRejection.rejected(
              what + " logs another DSSE payload (payload hash differs)");
        }
        boolean found = false;
        for (JsonNode s : spec.path("signatures")) {
          byte[] sig = b64(s.path("signature").asText(""));
          byte[] verifier = pemDer(b64(s.path("verifier").asText("")));
          if (Arrays.equals(sig, claim.signature()) && materialMatches(verifier, claim)) {
            found = true;
          }
        }
        if (!found) {
          throw BundleRejection.rejected(
              what + " does not log this DSSE signature and certificate");
        }
      }
      case "intoto:0.0.2" -> {
        JsonNode content = spec.path("content");
        JsonNode ph = content.path("payloadHash");
        if (!"sha256".equals(ph.path("algorithm").asText(""))
            || !Arrays.equals(
                hexOrNull(ph.path("value").asText("")), Keys.hash("SHA-256", dssePayload(claim)))) {
          throw BundleRejection.rejected(
              what + " logs another DSSE payload (payload hash differs)");
        }
        boolean found = false;
        for (JsonNode s : content.path("envelope").path("signatures")) {
          // intoto:0.0.2 stores the signature base64-encoded twice.
          byte[] sig =
              b64(
                  new String(
                      b64(s.path("sig").asText("")), java.nio.charset.StandardCharsets.US_ASCII));
          byte[] verifier = pemDer(b64(s.path("publicKey").asText("")));
          if (Arrays.equals(sig, claim.signature()) && materialMatches(verifier, claim)) {
            found = true;
          }
        }
        if (!found) {
          throw BundleRejection.rejected(
              what + " does not log this DSSE signature and certificate");
        }
      }
      default -> throw new IllegalStateException(kv);
    }
  }

  /** The DSSE payload; dsse and intoto entries are accepted above only for a DSSE claim. */
  private static byte[] dssePayload(Claim claim) {
    return Objects.requireNonNull(claim.dsse(), "dsse").payload();
  }

  private static void expectDigest(
      String what,
      String loggedAlg,
      byte @Nullable [] logged,
      @Nullable String alg,
      byte @Nullable [] digest)
      throws BundleRejection {
    if (digest == null || !loggedAlg.equals(alg) || !Arrays.equals(logged, digest)) {
      throw BundleRejection.rejected(what + " logs another artifact digest than the bundle signs");
    }
  }

  private static void expectSignature(String what, byte[] logged, Claim claim)
      throws BundleRejection {
    if (!Arrays.equals(logged, claim.signature())) {
      throw BundleRejection.rejected(what + " logs another signature than the bundle's");
    }
  }

  private static void expectMaterial(String what, byte @Nullable [] logged, Claim claim)
      throws BundleRejection {
    if (!materialMatches(logged, claim)) {
      throw BundleRejection.rejected(
          what
              + " logs another "
              + (claim.certificate() != null ? "certificate" : "public key")
              + " than the bundle's");
    }
  }

  private static boolean materialMatches(byte @Nullable [] der, Claim claim) {
    if (der == null) {
      return false;
    }
    X509Certificate certificate = claim.certificate();
    if (certificate != null) {
      return FulcioCertificate.sameCertificate(certificate, der);
    }
    return Arrays.equals(der, claim.key().getEncoded());
  }

  private static byte[] b64(String s) {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  private static byte @Nullable [] hexOrNull(String s) {
    try {
      return HexFormat.of().parseHex(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The DER inside a PEM block (certificate or public key), or the bytes themselves if not PEM. */
  private static byte @Nullable [] pemDer(byte[] maybePem) {
    String text = new String(maybePem, java.nio.charset.StandardCharsets.US_ASCII);
    int begin = text.indexOf("-----BEGIN ");
    if (begin < 0) {
      return maybePem;
    }
    int startBody = text.indexOf('\n', begin);
    int end = text.indexOf("-----END ", startBody < 0 ? begin : startBody);
    if (startBody < 0 || end < 0) {
      return null;
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(startBody + 1, end));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
