package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A private Sigstore instance for tests: a Fulcio-like CA (root and intermediate), a CT log, a
 * Rekor v1-shaped log (ECDSA, signed entry timestamps), a Rekor v2-shaped log (Ed25519
 * checkpoints), a witness and an RFC 3161 timestamp authority, all with keys made on the spot. It
 * writes the {@code trusted_root.json} that trusts them and signs bundles whose every part can be
 * made wrong on purpose ({@link Fault}), so each verification rule has a failing bundle and a
 * passing twin.
 */
public final class SigstoreTestInstance {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** When the test world's certificates are issued; signing happens a minute later. */
  public static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

  /** Fulcio leaf certificates live ten minutes. */
  public static final Duration LEAF_LIFETIME = Duration.ofMinutes(10);

  /** The default signer identity. */
  public static final String SAN = "release@konflux.test";

  /** The default OIDC issuer. */
  public static final String ISSUER = "https://issuer.konflux.test";

  /** The Rekor v1-shaped log's base URL. */
  public static final String REKOR_V1 = "https://rekor.konflux.test";

  /** The Rekor v2-shaped log's base URL. */
  public static final String REKOR_V2 = "https://log2026.rekor.konflux.test";

  /** What to make wrong in a bundle. */
  public enum Fault {
    /** Nothing: a valid bundle. */
    NONE,
    /** The leaf is issued by a CA that is not in the trusted root. */
    UNTRUSTED_CA,
    /** The leaf carries no SCT. */
    NO_SCT,
    /** The leaf's SCT is from a CT log that is not in the trusted root. */
    SCT_UNTRUSTED_LOG,
    /** The leaf's SCT is signed over other data. */
    SCT_BAD_SIGNATURE,
    /** The checkpoint is signed with another key under the log's name and key hint. */
    CHECKPOINT_OTHER_KEY,
    /** The checkpoint names another origin (correctly signed by the log key). */
    CHECKPOINT_OTHER_ORIGIN,
    /** The checkpoint carries another root hash (correctly signed). */
    CHECKPOINT_OTHER_ROOT,
    /** The checkpoint carries only a witness cosignature. */
    CHECKPOINT_WITNESS_ONLY,
    /** The RFC 3161 timestamp comes from a TSA that is not in the trusted root. */
    TSA_UNTRUSTED,
    /** The RFC 3161 timestamp is over other bytes than the signature. */
    TSA_OTHER_IMPRINT,
    /** Signed (timestamped, logged) one minute after the leaf expired. */
    CERT_EXPIRED_AT_SIGNING,
    /** Signed exactly at the leaf's notAfter second (valid: ends are inclusive). */
    SIGNED_AT_NOT_AFTER,
    /** The message signature is over other bytes. */
    SIGNATURE_OVER_OTHER_DATA
  }

  private final AtomicLong serial = new AtomicLong(1000);
  private final KeyPair rootKey;
  private final X509Certificate root;
  private final KeyPair intermediateKey;
  private final X509Certificate intermediate;
  private final KeyPair otherCaKey;
  private final X509Certificate otherCa;
  private final KeyPair ctKey;
  private final KeyPair otherCtKey;
  private final KeyPair rekorV1Key;
  private final KeyPair rekorV2Key;
  private final KeyPair witnessKey;
  private final KeyPair tsaRootKey;
  private final X509Certificate tsaRoot;
  private final KeyPair tsaKey;
  private final X509Certificate tsaCert;
  private final KeyPair otherTsaKey;
  private final X509Certificate otherTsaCert;

  private SigstoreTestInstance() throws Exception {
    Instant from = ISSUED.minus(Duration.ofDays(365));
    Instant to = ISSUED.plus(Duration.ofDays(3650));
    rootKey = ec();
    root = ca("CN=konflux-test-fulcio-root", rootKey, null, null, from, to);
    intermediateKey = ec();
    intermediate =
        ca("CN=konflux-test-fulcio-intermediate", intermediateKey, root, rootKey, from, to);
    otherCaKey = ec();
    otherCa = ca("CN=konflux-test-fulcio-intermediate", otherCaKey, null, null, from, to);
    ctKey = ec();
    otherCtKey = ec();
    rekorV1Key = ec();
    KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
    rekorV2Key = ed.generateKeyPair();
    witnessKey = ed.generateKeyPair();
    tsaRootKey = ec();
    tsaRoot = ca("CN=konflux-test-tsa-root", tsaRootKey, null, null, from, to);
    tsaKey = ec();
    tsaCert = tsaLeaf("CN=konflux-test-tsa", tsaKey, tsaRoot, tsaRootKey, from, to);
    otherTsaKey = ec();
    otherTsaCert = tsaLeaf("CN=konflux-test-tsa", otherTsaKey, tsaRoot, ec(), from, to);
  }

  /**
   * @return a new instance with fresh keys
   * @throws Exception if the JDK or Bouncy Castle cannot make keys or certificates
   */
  public static SigstoreTestInstance create() throws Exception {
    return new SigstoreTestInstance();
  }

  /**
   * @return the trusted root that trusts this instance (a fresh tree each call, to mutate)
   */
  public ObjectNode trustedRoot() {
    ObjectNode r = JSON.createObjectNode();
    r.put("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1");
    ArrayNode tlogs = r.putArray("tlogs");
    tlogs.add(log(REKOR_V1, rekorV1Key, "PKIX_ECDSA_P256_SHA_256"));
    tlogs.add(log(REKOR_V2, rekorV2Key, "PKIX_ED25519"));
    ObjectNode ca = r.putArray("certificateAuthorities").addObject();
    ca.put("uri", "https://fulcio.konflux.test");
    ArrayNode certs = ca.putObject("certChain").putArray("certificates");
    certs.addObject().put("rawBytes", b64(der(intermediate)));
    certs.addObject().put("rawBytes", b64(der(root)));
    ca.putObject("validFor").put("start", ISSUED.minus(Duration.ofDays(30)).toString());
    r.putArray("ctlogs").add(log("https://ct.konflux.test", ctKey, "PKIX_ECDSA_P256_SHA_256"));
    ObjectNode tsa = r.putArray("timestampAuthorities").addObject();
    tsa.put("uri", "https://tsa.konflux.test");
    ArrayNode tsaCerts = tsa.putObject("certChain").putArray("certificates");
    tsaCerts.addObject().put("rawBytes", b64(der(tsaCert)));
    tsaCerts.addObject().put("rawBytes", b64(der(tsaRoot)));
    tsa.putObject("validFor").put("start", ISSUED.minus(Duration.ofDays(30)).toString());
    return r;
  }

  /**
   * @return the root CA certificate (DER), to put where it does not belong
   */
  public byte[] rootCertificate() {
    return der(root);
  }

  /**
   * @return the intermediate CA certificate (DER)
   */
  public byte[] intermediateCertificate() {
    return der(intermediate);
  }

  /**
   * How to sign.
   *
   * @param rekorV2 log in the Rekor v2-shaped log (else the v1-shaped one, with a SET)
   * @param dsse sign an in-toto statement in a DSSE envelope (else a message signature)
   * @param keyed sign with a bare key ({@code publicKey} material, no certificate)
   * @param timestamp add an RFC 3161 timestamp
   * @param proof add an inclusion proof
   * @param mediaType the bundle media type
   * @param san the certificate SAN
   * @param issuer the certificate OIDC issuer
   * @param fault what to make wrong
   */
  public record Spec(
      boolean rekorV2,
      boolean dsse,
      boolean keyed,
      boolean timestamp,
      boolean proof,
      String mediaType,
      String san,
      String issuer,
      Fault fault) {

    /**
     * @return a valid keyless v0.3 message-signature bundle on the Rekor v2-shaped log with a
     *     timestamp
     */
    public static Spec keylessRekorV2() {
      return new Spec(
          true,
          false,
          false,
          true,
          true,
          "application/vnd.dev.sigstore.bundle.v0.3+json",
          SAN,
          ISSUER,
          Fault.NONE);
    }

    /**
     * @return a valid keyless v0.3 message-signature bundle on the Rekor v1-shaped log (proof and
     *     SET)
     */
    public static Spec keylessRekorV1() {
      return new Spec(
          false,
          false,
          false,
          false,
          true,
          "application/vnd.dev.sigstore.bundle.v0.3+json",
          SAN,
          ISSUER,
          Fault.NONE);
    }

    /**
     * @param f the fault
     * @return this spec with it
     */
    public Spec with(Fault f) {
      return new Spec(rekorV2, dsse, keyed, timestamp, proof, mediaType, san, issuer, f);
    }

    /**
     * @return this spec signing a DSSE envelope
     */
    public Spec asDsse() {
      return new Spec(rekorV2, true, keyed, timestamp, proof, mediaType, san, issuer, fault);
    }

    /**
     * @return this spec signing with a bare key
     */
    public Spec asKeyed() {
      return new Spec(rekorV2, dsse, true, timestamp, proof, mediaType, san, issuer, fault);
    }

    /**
     * @param ts whether to add a timestamp
     * @return this spec so
     */
    public Spec timestamp(boolean ts) {
      return new Spec(rekorV2, dsse, keyed, ts, proof, mediaType, san, issuer, fault);
    }

    /**
     * @param p whether to add an inclusion proof
     * @return this spec so
     */
    public Spec proof(boolean p) {
      return new Spec(rekorV2, dsse, keyed, timestamp, p, mediaType, san, issuer, fault);
    }

    /**
     * @param mt the media type
     * @return this spec so
     */
    public Spec mediaType(String mt) {
      return new Spec(rekorV2, dsse, keyed, timestamp, proof, mt, san, issuer, fault);
    }

    /**
     * @param s the SAN
     * @param i the issuer
     * @return this spec so
     */
    public Spec identity(String s, String i) {
      return new Spec(rekorV2, dsse, keyed, timestamp, proof, mediaType, s, i, fault);
    }
  }

  /** A signed bundle and, for keyed bundles, the key's PEM. */
  public record Signed(ObjectNode bundle, @Nullable String publicKeyPem) {}

  /**
   * Signs an artifact.
   *
   * @param artifact the artifact bytes (for DSSE, the in-toto statement's subject)
   * @param spec how
   * @return the bundle
   * @throws Exception on crypto failures
   */
  public Signed sign(byte[] artifact, Spec spec) throws Exception {
    Fault f = spec.fault();
    Instant signedAt =
        f == Fault.CERT_EXPIRED_AT_SIGNING
            ? ISSUED.plus(LEAF_LIFETIME).plusSeconds(60)
            : f == Fault.SIGNED_AT_NOT_AFTER ? ISSUED.plus(LEAF_LIFETIME) : ISSUED.plusSeconds(60);
    KeyPair signer = ec();
    @Nullable X509Certificate leaf = spec.keyed() ? null : leaf(signer, spec);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(artifact);

    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("mediaType", spec.mediaType());
    ObjectNode material = bundle.putObject("verificationMaterial");
    if (spec.keyed()) {
      material.putObject("publicKey").put("hint", "test-key");
    } else if (spec.mediaType().contains("0.3")) {
      material.putObject("certificate").put("rawBytes", b64(der(leaf)));
    } else {
      material
          .putObject("x509CertificateChain")
          .putArray("certificates")
          .addObject()
          .put("rawBytes", b64(der(leaf)));
    }
    byte[] signature;
    byte[] loggedDigest;
    if (spec.dsse()) {
      String statement =
          "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"artifact\",\"digest\":"
              + "{\"sha256\":\""
              + HexFormat.of().formatHex(digest)
              + "\"}}],\"predicateType\":\"https://konflux.test/p\","
              + "\"predicate\":{}}";
      byte[] payload = statement.getBytes(StandardCharsets.UTF_8);
      byte[] pae = pae("application/vnd.in-toto+json", payload);
      signature = sign("SHA256withECDSA", signer.getPrivate(), pae);
      ObjectNode env = bundle.putObject("dsseEnvelope");
      env.put("payload", b64(payload));
      env.put("payloadType", "application/vnd.in-toto+json");
      env.putArray("signatures").addObject().put("sig", b64(signature));
      loggedDigest = MessageDigest.getInstance("SHA-256").digest(pae);
    } else {
      byte[] signed =
          f == Fault.SIGNATURE_OVER_OTHER_DATA
              ? "other".getBytes(StandardCharsets.UTF_8)
              : artifact;
      signature = sign("SHA256withECDSA", signer.getPrivate(), signed);
      ObjectNode ms = bundle.putObject("messageSignature");
      ms.putObject("messageDigest").put("algorithm", "SHA2_256").put("digest", b64(digest));
      ms.put("signature", b64(signature));
      loggedDigest = digest;
    }
    byte[] materialDer = spec.keyed() ? signer.getPublic().getEncoded() : der(leaf);
    ObjectNode entry = material.putArray("tlogEntries").addObject();
    byte[] body;
    KeyPair logKey = spec.rekorV2() ? rekorV2Key : rekorV1Key;
    String host = java.net.URI.create(spec.rekorV2() ? REKOR_V2 : REKOR_V1).getHost();
    if (spec.rekorV2()) {
      ObjectNode b = JSON.createObjectNode();
      b.put("apiVersion", "0.0.2");
      b.put("kind", "hashedrekord");
      ObjectNode v = b.putObject("spec").putObject("hashedRekordV002");
      v.putObject("data").put("algorithm", "SHA2_256").put("digest", b64(loggedDigest));
      ObjectNode sig = v.putObject("signature");
      sig.put("content", b64(signature));
      ObjectNode verifier = sig.putObject("verifier");
      verifier.put("keyDetails", "PKIX_ECDSA_P256_SHA_256");
      verifier
          .putObject(spec.keyed() ? "publicKey" : "x509Certificate")
          .put("rawBytes", b64(materialDer));
      body = JSON.writeValueAsBytes(b);
      entry.putObject("kindVersion").put("kind", "hashedrekord").put("version", "0.0.2");
    } else {
      if (spec.dsse()) {
        throw new IllegalArgumentException(
            "the v1-shaped log takes message signatures only in this test kit");
      }
      ObjectNode b = JSON.createObjectNode();
      b.put("apiVersion", "0.0.1");
      b.put("kind", "hashedrekord");
      ObjectNode s = b.putObject("spec");
      s.putObject("data")
          .putObject("hash")
          .put("algorithm", "sha256")
          .put("value", HexFormat.of().formatHex(digest));
      ObjectNode sig = s.putObject("signature");
      sig.put("content", b64(signature));
      String pem = spec.keyed() ? pem("PUBLIC KEY", materialDer) : pem("CERTIFICATE", materialDer);
      sig.putObject("publicKey").put("content", b64(pem.getBytes(StandardCharsets.US_ASCII)));
      body = JSON.writeValueAsBytes(b);
      entry.putObject("kindVersion").put("kind", "hashedrekord").put("version", "0.0.1");
    }
    // The tree: six other entries around ours, at index 5 of 7.
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      leaves.add(i == 5 ? body : ("other entry " + i).getBytes(StandardCharsets.UTF_8));
    }
    long index = 5;
    byte[] logId = MessageDigest.getInstance("SHA-256").digest(logKey.getPublic().getEncoded());
    entry.put("logIndex", String.valueOf(index));
    entry.putObject("logId").put("keyId", b64(logId));
    entry.put("canonicalizedBody", b64(body));
    if (!spec.rekorV2()) {
      long integrated = signedAt.getEpochSecond();
      entry.put("integratedTime", String.valueOf(integrated));
      ObjectNode canonical = JSON.createObjectNode();
      canonical.put("body", b64(body));
      canonical.put("integratedTime", integrated);
      canonical.put("logID", HexFormat.of().formatHex(logId));
      canonical.put("logIndex", index);
      entry
          .putObject("inclusionPromise")
          .put(
              "signedEntryTimestamp",
              b64(sign("SHA256withECDSA", logKey.getPrivate(), JSON.writeValueAsBytes(canonical))));
    }
    if (spec.proof()) {
      byte[] rootHash = treeHash(leaves);
      ObjectNode p = entry.putObject("inclusionProof");
      p.put("logIndex", String.valueOf(index));
      p.put("rootHash", b64(rootHash));
      p.put("treeSize", String.valueOf(leaves.size()));
      ArrayNode hashes = p.putArray("hashes");
      for (byte[] h : path((int) index, leaves)) {
        hashes.add(b64(h));
      }
      String origin =
          f == Fault.CHECKPOINT_OTHER_ORIGIN
              ? "other.log.test"
              : spec.rekorV2() ? host : host + " - 1234";
      byte[] cpRoot = f == Fault.CHECKPOINT_OTHER_ROOT ? new byte[32] : rootHash;
      String text = origin + "\n" + leaves.size() + "\n" + b64(cpRoot) + "\n";
      StringBuilder env = new StringBuilder(text).append('\n');
      byte[] hint = java.util.Arrays.copyOf(logId, 4);
      if (f != Fault.CHECKPOINT_WITNESS_ONLY) {
        PrivateKey k =
            f == Fault.CHECKPOINT_OTHER_KEY
                ? (spec.rekorV2()
                    ? KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate()
                    : ec().getPrivate())
                : logKey.getPrivate();
        env.append(
            noteLine(
                host,
                hint,
                sign(
                    spec.rekorV2() ? "Ed25519" : "SHA256withECDSA",
                    k,
                    text.getBytes(StandardCharsets.UTF_8))));
      }
      // A witness cosignature: another name and key hint, which verifiers must skip.
      byte[] witnessHint =
          java.util.Arrays.copyOf(
              MessageDigest.getInstance("SHA-256").digest(witnessKey.getPublic().getEncoded()), 4);
      env.append(
          noteLine(
              "witness.konflux.test",
              witnessHint,
              sign("Ed25519", witnessKey.getPrivate(), text.getBytes(StandardCharsets.UTF_8))));
      p.putObject("checkpoint").put("envelope", env.toString());
    }
    if (spec.timestamp()) {
      byte[] imprint =
          f == Fault.TSA_OTHER_IMPRINT ? "other".getBytes(StandardCharsets.UTF_8) : signature;
      boolean other = f == Fault.TSA_UNTRUSTED;
      material
          .putObject("timestampVerificationData")
          .putArray("rfc3161Timestamps")
          .addObject()
          .put(
              "signedTimestamp",
              b64(
                  timestamp(
                      imprint,
                      signedAt,
                      other ? otherTsaKey : tsaKey,
                      other ? otherTsaCert : tsaCert)));
    }
    return new Signed(
        bundle, spec.keyed() ? pem("PUBLIC KEY", signer.getPublic().getEncoded()) : null);
  }

  private byte[] timestamp(byte[] signature, Instant at, KeyPair key, X509Certificate cert)
      throws Exception {
    TimeStampTokenGenerator gen =
        new TimeStampTokenGenerator(
            new JcaSimpleSignerInfoGeneratorBuilder()
                .build("SHA256withECDSA", key.getPrivate(), cert),
            new JcaDigestCalculatorProviderBuilder()
                .build()
                .get(
                    new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                        org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256)),
            new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.2"));
    gen.addCertificates(new JcaCertStore(List.of(cert)));
    var req =
        new TimeStampRequestGenerator()
            .generate(TSPAlgorithms.SHA256, MessageDigest.getInstance("SHA-256").digest(signature));
    // Bundles carry the whole TimeStampResp, not only the token.
    return new TimeStampResponseGenerator(gen, TSPAlgorithms.ALLOWED)
        .generate(req, BigInteger.valueOf(serial.incrementAndGet()), Date.from(at))
        .getEncoded();
  }

  private X509Certificate leaf(KeyPair signer, Spec spec) throws Exception {
    Fault f = spec.fault();
    X509Certificate issuerCert = f == Fault.UNTRUSTED_CA ? otherCa : intermediate;
    KeyPair issuerKey = f == Fault.UNTRUSTED_CA ? otherCaKey : intermediateKey;
    BigInteger sn = BigInteger.valueOf(serial.incrementAndGet());
    Date from = Date.from(ISSUED);
    Date to = Date.from(ISSUED.plus(LEAF_LIFETIME));
    JcaX509v3CertificateBuilder pre = leafBuilder(issuerCert, sn, from, to, signer, spec);
    X509Certificate precert =
        new JcaX509CertificateConverter()
            .getCertificate(
                pre.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    if (f == Fault.NO_SCT) {
      return precert;
    }
    // The SCT signs the certificate as it is without the SCT extension (RFC 6962 §3.2).
    byte[] tbs = precert.getTBSCertificate();
    long ts = ISSUED.toEpochMilli();
    KeyPair ct = f == Fault.SCT_UNTRUSTED_LOG ? otherCtKey : ctKey;
    ByteArrayOutputStream signed = new ByteArrayOutputStream();
    signed.write(0);
    signed.write(0);
    signed.writeBytes(ByteBuffer.allocate(8).putLong(ts).array());
    signed.write(0);
    signed.write(1);
    signed.writeBytes(
        MessageDigest.getInstance("SHA-256").digest(issuerCert.getPublicKey().getEncoded()));
    byte[] tbsSigned =
        f == Fault.SCT_BAD_SIGNATURE ? "other".getBytes(StandardCharsets.UTF_8) : tbs;
    signed.write(tbsSigned.length >>> 16);
    signed.write(tbsSigned.length >>> 8);
    signed.write(tbsSigned.length);
    signed.writeBytes(tbsSigned);
    signed.write(0);
    signed.write(0);
    byte[] sig = sign("SHA256withECDSA", ct.getPrivate(), signed.toByteArray());
    ByteArrayOutputStream sct = new ByteArrayOutputStream();
    sct.write(0);
    sct.writeBytes(MessageDigest.getInstance("SHA-256").digest(ct.getPublic().getEncoded()));
    sct.writeBytes(ByteBuffer.allocate(8).putLong(ts).array());
    sct.write(0);
    sct.write(0); // no extensions
    sct.write(4); // sha256
    sct.write(3); // ecdsa
    sct.write(sig.length >>> 8);
    sct.write(sig.length);
    sct.writeBytes(sig);
    byte[] one = sct.toByteArray();
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    int total = one.length + 2;
    list.write(total >>> 8);
    list.write(total);
    list.write(one.length >>> 8);
    list.write(one.length);
    list.writeBytes(one);
    JcaX509v3CertificateBuilder fin = leafBuilder(issuerCert, sn, from, to, signer, spec);
    fin.addExtension(
        new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2"),
        false,
        new DEROctetString(list.toByteArray()));
    return new JcaX509CertificateConverter()
        .getCertificate(
            fin.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
  }

  private static JcaX509v3CertificateBuilder leafBuilder(
      X509Certificate issuer, BigInteger sn, Date from, Date to, KeyPair signer, Spec spec)
      throws Exception {
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            issuer,
            sn,
            from,
            to,
            new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
            signer.getPublic());
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    b.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
    int type =
        spec.san().contains("://") ? GeneralName.uniformResourceIdentifier : GeneralName.rfc822Name;
    b.addExtension(
        Extension.subjectAlternativeName,
        true,
        new GeneralNames(new GeneralName(type, spec.san())));
    b.addExtension(
        new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.8"), false, new DERUTF8String(spec.issuer()));
    return b;
  }

  private X509Certificate ca(
      String name,
      KeyPair key,
      @Nullable X509Certificate issuer,
      @Nullable KeyPair issuerKey,
      Instant from,
      Instant to)
      throws Exception {
    X500Name subject = new X500Name(name);
    X500Name issuerName =
        issuer == null
            ? subject
            : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
    var b =
        new JcaX509v3CertificateBuilder(
            issuerName,
            BigInteger.valueOf(serial.incrementAndGet()),
            Date.from(from),
            Date.from(to),
            subject,
            key.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(issuer == null ? 1 : 0));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    PrivateKey signer =
        issuer == null || issuerKey == null ? key.getPrivate() : issuerKey.getPrivate();
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }

  private X509Certificate tsaLeaf(
      String name, KeyPair key, X509Certificate issuer, KeyPair issuerKey, Instant from, Instant to)
      throws Exception {
    var b =
        new JcaX509v3CertificateBuilder(
            X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
            BigInteger.valueOf(serial.incrementAndGet()),
            Date.from(from),
            Date.from(to),
            new X500Name(name),
            key.getPublic());
    b.addExtension(
        Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
  }

  private ObjectNode log(String url, KeyPair key, String details) {
    ObjectNode l = JSON.createObjectNode();
    l.put("baseUrl", url);
    l.put("hashAlgorithm", "SHA2_256");
    ObjectNode pk = l.putObject("publicKey");
    pk.put("rawBytes", b64(key.getPublic().getEncoded()));
    pk.put("keyDetails", details);
    pk.putObject("validFor").put("start", ISSUED.minus(Duration.ofDays(30)).toString());
    try {
      l.putObject("logId")
          .put(
              "keyId",
              b64(MessageDigest.getInstance("SHA-256").digest(key.getPublic().getEncoded())));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return l;
  }

  private static String noteLine(String name, byte[] hint, byte[] sig) {
    byte[] raw = new byte[hint.length + sig.length];
    System.arraycopy(hint, 0, raw, 0, hint.length);
    System.arraycopy(sig, 0, raw, hint.length, sig.length);
    return "\u2014 " + name + " " + b64(raw) + "\n";
  }

  /** RFC 6962 Merkle tree hash. */
  static byte[] treeHash(List<byte[]> leaves) throws Exception {
    if (leaves.size() == 1) {
      return h(new byte[] {0}, leaves.get(0));
    }
    int k = Integer.highestOneBit(leaves.size() - 1);
    return h(
        new byte[] {1}, treeHash(leaves.subList(0, k)), treeHash(leaves.subList(k, leaves.size())));
  }

  /** RFC 6962 audit path. */
  static List<byte[]> path(int m, List<byte[]> leaves) throws Exception {
    List<byte[]> out = new ArrayList<>();
    if (leaves.size() == 1) {
      return out;
    }
    int k = Integer.highestOneBit(leaves.size() - 1);
    if (m < k) {
      out.addAll(path(m, leaves.subList(0, k)));
      out.add(treeHash(leaves.subList(k, leaves.size())));
    } else {
      out.addAll(path(m - k, leaves.subList(k, leaves.size())));
      out.add(treeHash(leaves.subList(0, k)));
    }
    return out;
  }

  private static byte[] h(byte[]... parts) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  private static byte[] pae(String type, byte[] payload) {
    byte[] t = type.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("DSSEv1 " + t.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(t);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static byte[] sign(String alg, PrivateKey key, byte[] data) throws Exception {
    Signature s = Signature.getInstance(alg);
    s.initSign(key);
    s.update(data);
    return s.sign();
  }

  private static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static byte[] der(@Nullable X509Certificate c) {
    try {
      return java.util.Objects.requireNonNull(c, "certificate").getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
