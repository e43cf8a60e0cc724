package dev.konflux.ecosystem.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Sigstore bundle read strictly: media type (v0.1, v0.2, v0.3, both spellings), verification
 * material (exactly one of public key, certificate, certificate chain), transparency log entries,
 * RFC 3161 timestamps, and exactly one of message signature and DSSE envelope. Reading checks shape
 * only; {@link SigstoreBundleVerifier} checks meaning.
 */
record ParsedBundle(
    int minorVersion,
    boolean publicKeyMaterial,
    @Nullable X509Certificate leaf,
    List<X509Certificate> chainRest,
    List<TlogEntry> entries,
    List<byte[]> rfc3161Timestamps,
    @Nullable MessageSignature message,
    @Nullable Dsse dsse) {

  /** Largest bundle read. */
  static final int MAX_BYTES = 16 * 1024 * 1024;

  private static final int MAX_ENTRIES = 32;
  private static final int MAX_HASHES = 64;

  private static final Map<String, Integer> MEDIA_TYPES =
      Map.of(
          "application/vnd.dev.sigstore.bundle+json;version=0.1", 1,
          "application/vnd.dev.sigstore.bundle+json;version=0.2", 2,
          "application/vnd.dev.sigstore.bundle+json;version=0.3", 3,
          "application/vnd.dev.sigstore.bundle.v0.1+json", 1,
          "application/vnd.dev.sigstore.bundle.v0.2+json", 2,
          "application/vnd.dev.sigstore.bundle.v0.3+json", 3);

  /**
   * @param javaDigestAlgorithm {@code SHA-256}, {@code SHA-384}, {@code SHA-512}, or null when
   *     absent
   * @param digest the digest, or null when absent
   * @param signature the signature
   */
  record MessageSignature(
      @Nullable String javaDigestAlgorithm, byte @Nullable [] digest, byte[] signature) {}

  /** A DSSE envelope with its single signature. */
  record Dsse(String payloadType, byte[] payload, byte[] signature) {
    byte[] pae() {
      byte[] type = payloadType.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      java.io.ByteArrayOutputStream out =
          new java.io.ByteArrayOutputStream(payload.length + type.length + 32);
      out.writeBytes(
          ("DSSEv1 " + type.length + " ").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.writeBytes(type);
      out.writeBytes(
          (" " + payload.length + " ").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.writeBytes(payload);
      return out.toByteArray();
    }
  }

  /** An inclusion proof with its checkpoint. */
  record InclusionProof(
      long logIndex, byte[] rootHash, long treeSize, List<byte[]> hashes, String checkpoint) {}

  /** One transparency log entry as the bundle states it. */
  record TlogEntry(
      long logIndex,
      byte[] logId,
      String kind,
      String version,
      long integratedTime,
      byte @Nullable [] signedEntryTimestamp,
      @Nullable InclusionProof proof,
      byte[] body,
      String bodyBase64) {}

  static ParsedBundle parse(byte[] json) throws BundleRejection {
    if (json.length > MAX_BYTES) {
      throw BundleRejection.unreadable("bundle is larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root = StrictJson.tree(json, "bundle");
    String mediaType = StrictJson.text(root, "mediaType", "bundle");
    Integer minor = MEDIA_TYPES.get(mediaType);
    if (minor == null) {
      throw BundleRejection.rejected("bundle has unknown media type " + Text.quoted(mediaType));
    }
    JsonNode material = StrictJson.object(root, "verificationMaterial", "bundle");
    int kinds =
        (material.has("publicKey") ? 1 : 0)
            + (material.has("certificate") ? 1 : 0)
            + (material.has("x509CertificateChain") ? 1 : 0);
    if (kinds != 1) {
      throw BundleRejection.rejected(
          "bundle verification material must be exactly one of publicKey, certificate and x509CertificateChain");
    }
    boolean publicKey = material.has("publicKey");
    X509Certificate leaf = null;
    List<X509Certificate> rest = new ArrayList<>();
    if (publicKey) {
      StrictJson.object(material, "publicKey", "bundle verification material");
    } else if (material.has("certificate")) {
      if (minor < 3) {
        throw BundleRejection.rejected(
            "bundle v0." + minor + " may not use 'certificate' (v0.3 only)");
      }
      leaf =
          certificate(
              StrictJson.base64(
                  StrictJson.object(material, "certificate", "bundle"),
                  "rawBytes",
                  "bundle certificate"),
              "bundle certificate");
    } else {
      JsonNode certs =
          StrictJson.array(
              StrictJson.object(material, "x509CertificateChain", "bundle"),
              "certificates",
              "bundle x509CertificateChain",
              true);
      if (certs.isEmpty() || certs.size() > 10) {
        throw BundleRejection.rejected(
            "bundle x509CertificateChain has " + certs.size() + " certificates");
      }
      for (JsonNode c : certs) {
        if (!c.isObject()) {
          throw BundleRejection.unreadable("bundle x509CertificateChain entry is not an object");
        }
        X509Certificate x =
            certificate(
                StrictJson.base64(c, "rawBytes", "bundle chain certificate"),
                "bundle chain certificate");
        if (leaf == null) {
          leaf = x;
        } else {
          rest.add(x);
        }
      }
    }
    List<TlogEntry> entries = new ArrayList<>();
    JsonNode tlogs =
        StrictJson.array(material, "tlogEntries", "bundle verification material", false);
    if (tlogs.size() > MAX_ENTRIES) {
      throw BundleRejection.rejected(
          "bundle has more than " + MAX_ENTRIES + " transparency log entries");
    }
    for (JsonNode e : tlogs) {
      entries.add(entry(e));
    }
    List<byte[]> timestamps = new ArrayList<>();
    JsonNode tsvd = StrictJson.optionalObject(material, "timestampVerificationData", "bundle");
    if (tsvd != null) {
      JsonNode list =
          StrictJson.array(tsvd, "rfc3161Timestamps", "timestampVerificationData", false);
      if (list.size() > MAX_ENTRIES) {
        throw BundleRejection.rejected("bundle has more than " + MAX_ENTRIES + " timestamps");
      }
      for (JsonNode t : list) {
        if (!t.isObject()) {
          throw BundleRejection.unreadable("RFC 3161 timestamp entry is not an object");
        }
        timestamps.add(StrictJson.base64(t, "signedTimestamp", "RFC 3161 timestamp"));
      }
    }
    JsonNode ms = root.get("messageSignature");
    JsonNode de = root.get("dsseEnvelope");
    if ((ms == null) == (de == null)) {
      throw BundleRejection.rejected(
          "bundle must have exactly one of messageSignature and dsseEnvelope");
    }
    MessageSignature message = null;
    Dsse dsse = null;
    if (ms != null) {
      if (!ms.isObject()) {
        throw BundleRejection.unreadable("bundle messageSignature is not an object");
      }
      byte[] sig = StrictJson.base64(ms, "signature", "messageSignature");
      JsonNode md = StrictJson.optionalObject(ms, "messageDigest", "messageSignature");
      String alg = null;
      byte[] digest = null;
      if (md != null) {
        String a = StrictJson.text(md, "algorithm", "messageDigest");
        alg = javaHash(a, "messageDigest");
        digest = StrictJson.base64(md, "digest", "messageDigest");
        if (digest.length != hashLength(alg)) {
          throw BundleRejection.rejected(
              "messageDigest has " + digest.length + " bytes, not a " + a + " digest");
        }
      }
      message = new MessageSignature(alg, digest, sig);
    } else {
      if (!de.isObject()) {
        throw BundleRejection.unreadable("bundle dsseEnvelope is not an object");
      }
      String type = StrictJson.text(de, "payloadType", "dsseEnvelope");
      byte[] payload = StrictJson.base64(de, "payload", "dsseEnvelope");
      JsonNode sigs = StrictJson.array(de, "signatures", "dsseEnvelope", true);
      if (sigs.size() != 1) {
        throw BundleRejection.rejected(
            "dsseEnvelope must carry exactly one signature, has " + sigs.size());
      }
      if (!sigs.get(0).isObject()) {
        throw BundleRejection.unreadable("dsseEnvelope signature is not an object");
      }
      dsse =
          new Dsse(type, payload, StrictJson.base64(sigs.get(0), "sig", "dsseEnvelope signature"));
    }
    return new ParsedBundle(
        minor,
        publicKey,
        leaf,
        List.copyOf(rest),
        List.copyOf(entries),
        List.copyOf(timestamps),
        message,
        dsse);
  }

  private static TlogEntry entry(JsonNode e) throws BundleRejection {
    String what = "transparency log entry";
    if (!e.isObject()) {
      throw BundleRejection.unreadable(what + " is not an object");
    }
    long index = StrictJson.int64(e, "logIndex", what, true);
    byte[] logId = StrictJson.base64(StrictJson.object(e, "logId", what), "keyId", what + " logId");
    JsonNode kv = StrictJson.object(e, "kindVersion", what);
    String kind = StrictJson.text(kv, "kind", what + " kindVersion");
    String version = StrictJson.text(kv, "version", what + " kindVersion");
    long integrated = StrictJson.int64(e, "integratedTime", what, false);
    byte[] set = null;
    JsonNode promise = StrictJson.optionalObject(e, "inclusionPromise", what);
    if (promise != null) {
      set = StrictJson.base64(promise, "signedEntryTimestamp", what + " inclusionPromise");
    }
    InclusionProof proof = null;
    JsonNode p = StrictJson.optionalObject(e, "inclusionProof", what);
    if (p != null) {
      String pw = what + " inclusionProof";
      long pIndex = StrictJson.int64(p, "logIndex", pw, true);
      byte[] rootHash = StrictJson.base64(p, "rootHash", pw);
      long size = StrictJson.int64(p, "treeSize", pw, true);
      JsonNode hs = StrictJson.array(p, "hashes", pw, false);
      if (hs.size() > MAX_HASHES) {
        throw BundleRejection.rejected(pw + " has " + hs.size() + " hashes");
      }
      List<byte[]> hashes = new ArrayList<>();
      for (JsonNode h : hs) {
        if (!h.isTextual()) {
          throw BundleRejection.unreadable(pw + " hash is not a string");
        }
        hashes.add(StrictJson.decode(h.textValue(), pw + " hash"));
      }
      String checkpoint =
          StrictJson.text(StrictJson.object(p, "checkpoint", pw), "envelope", pw + " checkpoint");
      proof = new InclusionProof(pIndex, rootHash, size, List.copyOf(hashes), checkpoint);
    }
    String bodyText = StrictJson.text(e, "canonicalizedBody", what);
    byte[] body = StrictJson.decode(bodyText, what + " canonicalizedBody");
    return new TlogEntry(index, logId, kind, version, integrated, set, proof, body, bodyText);
  }

  static X509Certificate certificate(byte[] der, String what) throws BundleRejection {
    // CertificateFactory also reads PEM and base64 text; a bundle carries DER only.
    if (der.length < 2 || der[0] != 0x30) {
      throw BundleRejection.unreadable(what + " is not a DER certificate");
    }
    try {
      var in = new ByteArrayInputStream(der);
      X509Certificate c =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      if (in.available() != 0 || !java.util.Arrays.equals(c.getEncoded(), der)) {
        throw BundleRejection.unreadable(what + " has trailing or non-canonical bytes");
      }
      return c;
    } catch (CertificateException | RuntimeException e) {
      throw BundleRejection.unreadable(what + " is not a DER certificate");
    }
  }

  static String javaHash(String protoName, String what) throws BundleRejection {
    return switch (protoName) {
      case "SHA2_256" -> "SHA-256";
      case "SHA2_384" -> "SHA-384";
      case "SHA2_512" -> "SHA-512";
      default ->
          throw BundleRejection.rejected(
              what + " has unsupported hash algorithm " + Text.quoted(protoName));
    };
  }

  static int hashLength(String javaAlg) {
    return switch (javaAlg) {
      case "SHA-256" -> 32;
      case "SHA-384" -> 48;
      default -> 64;
    };
  }
}
