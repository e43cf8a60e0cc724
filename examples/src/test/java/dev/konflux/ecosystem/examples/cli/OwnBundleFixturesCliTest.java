package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.testkit.SigstoreTestInstance;
import dev.konflux.ecosystem.testkit.SigstoreTestInstance.Fault;
import dev.konflux.ecosystem.testkit.SigstoreTestInstance.Signed;
import dev.konflux.ecosystem.testkit.SigstoreTestInstance.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One bundle file per verification rule, signed by a private Sigstore instance built in test code
 * ({@link SigstoreTestInstance}: Fulcio-like CA, CT log, Rekor v1- and v2-shaped logs with
 * checkpoint keys we hold, a witness and a TSA), each failing for exactly one reason, next to
 * passing twins, all through {@code konflux-native verify-bundle}. The files are written to {@code
 * target/own-sigstore-fixtures/} (named for their failure mode) so they can be inspected.
 */
class OwnBundleFixturesCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V01 = "application/vnd.dev.sigstore.bundle+json;version=0.1";
  private static final String V02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";
  private static final Path DIR = Path.of("target", "own-sigstore-fixtures");

  private static SigstoreTestInstance sigstore;
  private static Path artifact;
  private static Path otherArtifact;
  private static Path root;

  /**
   * @param name the fixture's name (its file name stem)
   * @param exit the expected exit code
   * @param reason what the one line must contain
   * @param spec how to sign
   * @param bundleEdit a mutation of the bundle (or null)
   * @param rootEdit a mutation of the trusted root (or null)
   * @param san the identity to require, or null to verify with the bundle's key (--key)
   * @param input the input: "artifact", "other" or "digest"
   * @param otherKey verify a keyed bundle with another key
   */
  record Case(
      String name,
      int exit,
      String reason,
      Spec spec,
      Consumer<ObjectNode> bundleEdit,
      Consumer<ObjectNode> rootEdit,
      String san,
      String issuer,
      String input,
      boolean otherKey) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case ok(String name, Spec spec) {
    return new Case(
        name,
        0,
        "Verified OK",
        spec,
        null,
        null,
        SigstoreTestInstance.SAN,
        SigstoreTestInstance.ISSUER,
        "artifact",
        false);
  }

  private static Case fail(String name, String reason, Spec spec) {
    return new Case(
        name,
        3,
        reason,
        spec,
        null,
        null,
        SigstoreTestInstance.SAN,
        SigstoreTestInstance.ISSUER,
        "artifact",
        false);
  }

  private static Case editBundle(Case c, Consumer<ObjectNode> edit) {
    return new Case(
        c.name(),
        c.exit(),
        c.reason(),
        c.spec(),
        edit,
        c.rootEdit(),
        c.san(),
        c.issuer(),
        c.input(),
        c.otherKey());
  }

  private static Case editRoot(Case c, Consumer<ObjectNode> edit) {
    return new Case(
        c.name(),
        c.exit(),
        c.reason(),
        c.spec(),
        c.bundleEdit(),
        edit,
        c.san(),
        c.issuer(),
        c.input(),
        c.otherKey());
  }

  private static Case exit(Case c, int exit) {
    return new Case(
        c.name(),
        exit,
        c.reason(),
        c.spec(),
        c.bundleEdit(),
        c.rootEdit(),
        c.san(),
        c.issuer(),
        c.input(),
        c.otherKey());
  }

  private static Case identity(Case c, String san, String issuer) {
    return new Case(
        c.name(),
        c.exit(),
        c.reason(),
        c.spec(),
        c.bundleEdit(),
        c.rootEdit(),
        san,
        issuer,
        c.input(),
        c.otherKey());
  }

  private static Case input(Case c, String input) {
    return new Case(
        c.name(),
        c.exit(),
        c.reason(),
        c.spec(),
        c.bundleEdit(),
        c.rootEdit(),
        c.san(),
        c.issuer(),
        input,
        c.otherKey());
  }

  private static Case keyed(Case c, boolean otherKey) {
    return new Case(
        c.name(),
        c.exit(),
        c.reason(),
        c.spec(),
        c.bundleEdit(),
        c.rootEdit(),
        null,
        null,
        c.input(),
        otherKey);
  }

  private static ObjectNode entry(ObjectNode b) {
    return (ObjectNode) b.get("verificationMaterial").get("tlogEntries").get(0);
  }

  /** Rewrites the entry's canonicalized body. */
  private static Consumer<ObjectNode> body(Consumer<ObjectNode> edit) {
    return b -> {
      try {
        ObjectNode body =
            (ObjectNode)
                JSON.readTree(
                    Base64.getDecoder().decode(entry(b).get("canonicalizedBody").asText()));
        edit.accept(body);
        entry(b)
            .put(
                "canonicalizedBody",
                Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(body)));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private static ObjectNode v2(ObjectNode body) {
    return (ObjectNode) body.get("spec").get("hashedRekordV002");
  }

  static Stream<Case> cases() {
    Spec v2 = Spec.keylessRekorV2();
    Spec v1 = Spec.keylessRekorV1();
    String zeros = Base64.getEncoder().encodeToString(new byte[32]);
    List<Case> cs = new ArrayList<>();
    // Passing twins.
    cs.add(ok("pass-rekor-v2-message-signature", v2));
    cs.add(ok("pass-rekor-v2-dsse", v2.asDsse()));
    cs.add(ok("pass-rekor-v1-proof-and-set", v1));
    cs.add(ok("pass-v0.1-set-only", v1.proof(false).mediaType(V01)));
    cs.add(ok("pass-v0.2-certificate-chain", v1.mediaType(V02)));
    cs.add(
        ok(
            "pass-v0.3-old-media-type-spelling",
            v1.mediaType("application/vnd.dev.sigstore.bundle+json;version=0.3")));
    cs.add(ok("pass-signed-at-certificate-not-after", v2.with(Fault.SIGNED_AT_NOT_AFTER)));
    cs.add(input(ok("pass-digest-input", v2), "digest"));
    cs.add(keyed(ok("pass-keyed-rekor-v2", v2.asKeyed()), false));
    cs.add(
        keyed(
            editBundle(
                ok("pass-keyed-no-tlog", v2.asKeyed()),
                b -> {
                  ((ObjectNode) b.get("verificationMaterial")).remove("tlogEntries");
                  ((ObjectNode) b.get("verificationMaterial")).remove("timestampVerificationData");
                }),
            false));
    // Certificate chain and CA validity.
    cs.add(
        fail(
            "fail-untrusted-ca",
            "does not chain to a trusted Fulcio CA",
            v2.with(Fault.UNTRUSTED_CA)));
    cs.add(
        editRoot(
            fail(
                "fail-ca-not-valid-at-signing-time",
                "no certificate authority of the trusted root was valid",
                v2),
            r ->
                ((ObjectNode) r.get("certificateAuthorities").get(0).get("validFor"))
                    .put("end", SigstoreTestInstance.ISSUED.toString())));
    cs.add(
        editBundle(
            fail(
                "fail-root-certificate-in-chain",
                "contains a root certificate",
                v1.proof(false).mediaType(V01)),
            b ->
                ((ArrayNode)
                        b.get("verificationMaterial")
                            .get("x509CertificateChain")
                            .get("certificates"))
                    .addObject()
                    .put(
                        "rawBytes",
                        Base64.getEncoder().encodeToString(sigstore.rootCertificate()))));
    cs.add(
        editBundle(
            fail("fail-ca-certificate-as-leaf", "is a CA certificate", v2),
            b ->
                ((ObjectNode) b.get("verificationMaterial").get("certificate"))
                    .put(
                        "rawBytes",
                        Base64.getEncoder().encodeToString(sigstore.intermediateCertificate()))));
    // SCT.
    cs.add(fail("fail-no-sct", "has no embedded SCT", v2.with(Fault.NO_SCT)));
    cs.add(
        fail(
            "fail-sct-from-untrusted-ct-log",
            "has no SCT from a trusted CT log",
            v2.with(Fault.SCT_UNTRUSTED_LOG)));
    cs.add(
        fail(
            "fail-sct-bad-signature",
            "does not verify with the log's key",
            v2.with(Fault.SCT_BAD_SIGNATURE)));
    // The log entry matches the bundle.
    cs.add(
        editBundle(
            fail(
                "fail-tlog-kind-version-mismatch",
                "body is 'hashedrekord:0.0.2' but the bundle says",
                v2),
            b -> ((ObjectNode) entry(b).get("kindVersion")).put("version", "0.0.1")));
    cs.add(
        editBundle(
            fail("fail-tlog-other-digest", "logs another artifact digest", v2),
            body(x -> ((ObjectNode) v2(x).get("data")).put("digest", zeros))));
    cs.add(
        editBundle(
            fail("fail-tlog-other-signature", "logs another signature", v2),
            body(x -> ((ObjectNode) v2(x).get("signature")).put("content", zeros))));
    cs.add(
        editBundle(
            fail("fail-tlog-other-certificate", "logs another certificate", v2),
            body(
                x ->
                    ((ObjectNode) v2(x).get("signature").get("verifier").get("x509Certificate"))
                        .put(
                            "rawBytes",
                            Base64.getEncoder()
                                .encodeToString(sigstore.intermediateCertificate())))));
    cs.add(
        editBundle(
            fail("fail-tlog-unknown-log", "is not in the trusted root", v2),
            b -> ((ObjectNode) entry(b).get("logId")).put("keyId", zeros)));
    cs.add(
        editBundle(
            fail(
                "fail-tlog-dsse-0.0.2-entry-for-dsse",
                "Unsupported entry type 'dsse:0.0.2' for DSSE bundle",
                v2.asDsse()),
            b -> {
              ((ObjectNode) entry(b).get("kindVersion")).put("kind", "dsse");
              body(x -> x.put("kind", "dsse")).accept(b);
            }));
    cs.add(
        editBundle(
            fail(
                "fail-tlog-dsse-entry-for-message-signature",
                "Unsupported entry type 'dsse:0.0.2'",
                v2),
            b -> {
              ((ObjectNode) entry(b).get("kindVersion")).put("kind", "dsse");
              body(x -> x.put("kind", "dsse")).accept(b);
            }));
    // Inclusion: proof, checkpoint, SET.
    cs.add(
        editBundle(
            fail("fail-inclusion-proof-wrong-hash", "does not lead to its root hash", v2),
            b -> ((ArrayNode) entry(b).get("inclusionProof").get("hashes")).set(0, zeros)));
    cs.add(
        editBundle(
            fail("fail-inclusion-proof-wrong-tree-size", "does not lead to its root hash", v2),
            b -> ((ObjectNode) entry(b).get("inclusionProof")).put("treeSize", "9")));
    cs.add(
        fail(
            "fail-checkpoint-signed-by-other-key",
            "checkpoint signature does not verify",
            v2.with(Fault.CHECKPOINT_OTHER_KEY)));
    cs.add(
        fail(
            "fail-checkpoint-v1-signed-by-other-key",
            "checkpoint signature does not verify",
            v1.with(Fault.CHECKPOINT_OTHER_KEY)));
    cs.add(
        fail(
            "fail-checkpoint-other-origin",
            "checkpoint origin 'other.log.test'",
            v2.with(Fault.CHECKPOINT_OTHER_ORIGIN)));
    cs.add(
        fail(
            "fail-checkpoint-other-root-hash",
            "checkpoint root hash differs",
            v2.with(Fault.CHECKPOINT_OTHER_ROOT)));
    cs.add(
        fail(
            "fail-checkpoint-witness-cosignature-only",
            "carries no signature of log",
            v2.with(Fault.CHECKPOINT_WITNESS_ONLY)));
    cs.add(
        editBundle(
            fail("fail-set-mismatch", "signed entry timestamp", v1),
            b ->
                ((ObjectNode) entry(b).get("inclusionPromise"))
                    .put("signedEntryTimestamp", zeros)));
    cs.add(
        editBundle(
            fail("fail-set-moved-integrated-time", "signed entry timestamp", v1),
            b ->
                entry(b)
                    .put(
                        "integratedTime",
                        String.valueOf(SigstoreTestInstance.ISSUED.getEpochSecond() + 120))));
    cs.add(fail("fail-v0.3-set-without-proof", "has no inclusion proof", v1.proof(false)));
    // Signing time.
    cs.add(
        fail(
            "fail-tsa-untrusted",
            "not signed by a timestamp authority of the trusted root",
            v2.with(Fault.TSA_UNTRUSTED)));
    cs.add(
        fail(
            "fail-tsa-other-imprint",
            "not over this bundle's signature",
            v2.with(Fault.TSA_OTHER_IMPRINT)));
    cs.add(
        editRoot(
            fail(
                "fail-tsa-outside-its-validity", "outside the validity of timestamp authority", v2),
            r ->
                ((ObjectNode) r.get("timestampAuthorities").get(0).get("validFor"))
                    .put("start", SigstoreTestInstance.ISSUED.plusSeconds(300).toString())));
    cs.add(
        editRoot(
            fail("fail-tlog-integrated-outside-log-validity", "outside the validity of log", v1),
            r ->
                ((ObjectNode) r.get("tlogs").get(0).get("publicKey").get("validFor"))
                    .put("end", SigstoreTestInstance.ISSUED.toString())));
    cs.add(
        fail(
            "fail-certificate-expired-at-signing-time",
            "was not valid at signing time",
            v2.with(Fault.CERT_EXPIRED_AT_SIGNING)));
    cs.add(
        fail(
            "fail-certificate-expired-at-logging-time",
            "was not valid at signing time",
            v1.with(Fault.CERT_EXPIRED_AT_SIGNING)));
    cs.add(fail("fail-no-signing-time", "no verified signing time", v2.timestamp(false)));
    // Identity.
    cs.add(
        identity(
            fail("fail-other-identity", "certificate identity 'release@konflux.test' is not", v2),
            "someone@konflux.test",
            SigstoreTestInstance.ISSUER));
    cs.add(
        identity(
            fail("fail-identity-prefix-only", "certificate identity", v2),
            "release@konflux.tes",
            SigstoreTestInstance.ISSUER));
    cs.add(
        identity(
            fail("fail-other-oidc-issuer", "OIDC issuer 'https://issuer.konflux.test' is not", v2),
            SigstoreTestInstance.SAN,
            "https://other-issuer.konflux.test"));
    // Signature over the input.
    cs.add(
        input(fail("fail-message-digest-not-the-input", "is not the input's digest", v2), "other"));
    cs.add(
        fail(
            "fail-message-signature-over-other-data",
            "message signature does not verify",
            v2.with(Fault.SIGNATURE_OVER_OTHER_DATA)));
    cs.add(
        editBundle(
            fail("fail-dsse-signature", "DSSE signature does not verify", v2.asDsse()),
            b ->
                ((ObjectNode) b.get("dsseEnvelope").get("signatures").get(0))
                    .put("sig", Base64.getEncoder().encodeToString(new byte[64]))));
    cs.add(
        input(
            fail(
                "fail-dsse-input-not-a-subject",
                "is not a subject of the in-toto statement",
                v2.asDsse()),
            "other"));
    // Malformed and wrong kinds.
    cs.add(
        editBundle(
            fail("fail-negative-log-index", "is negative", v2),
            b -> entry(b).put("logIndex", "-1")));
    cs.add(
        editBundle(
            fail("fail-negative-proof-log-index", "is negative", v2),
            b -> ((ObjectNode) entry(b).get("inclusionProof")).put("logIndex", -5)));
    cs.add(
        editBundle(
            fail("fail-unknown-bundle-version", "unknown media type", v2),
            b -> b.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.4+json")));
    cs.add(
        keyed(
            fail("fail-certificate-bundle-with-key", "carries a certificate, not a public key", v2),
            true));
    cs.add(
        fail(
            "fail-public-key-bundle-with-identity",
            "carries a public key, not a certificate",
            v2.asKeyed()));
    cs.add(
        keyed(
            fail(
                "fail-keyed-other-key",
                "does not verify over the input's digest with key",
                v2.asKeyed()),
            true));
    cs.add(
        exit(
            editBundle(
                fail("unreadable-bad-base64", "is not valid base64", v2),
                b -> ((ObjectNode) b.get("messageSignature")).put("signature", "not*base64")),
            4));
    cs.add(
        exit(
            editBundle(
                fail("unreadable-certificate-is-a-public-key", "is not a DER certificate", v2),
                b ->
                    ((ObjectNode) b.get("verificationMaterial").get("certificate"))
                        .put(
                            "rawBytes",
                            sigstore
                                .trustedRoot()
                                .get("tlogs")
                                .get(0)
                                .get("publicKey")
                                .get("rawBytes")
                                .asText())),
            4));
    cs.add(exit(fail("unreadable-malformed-json", "is not valid JSON", v2), 4));
    return cs.stream();
  }

  @BeforeAll
  static void instance() throws Exception {
    sigstore = SigstoreTestInstance.create();
    Files.createDirectories(DIR);
    artifact =
        Files.writeString(
            DIR.resolve("artifact.txt"), "konflux test artifact\n", StandardCharsets.UTF_8);
    otherArtifact =
        Files.writeString(
            DIR.resolve("other-artifact.txt"), "another artifact\n", StandardCharsets.UTF_8);
    root = DIR.resolve("trusted_root.json");
    Files.write(
        root, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(sigstore.trustedRoot()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fixtureGivesItsOutcome(Case c) throws Exception {
    byte[] artifactBytes = Files.readAllBytes(artifact);
    Signed signed = sigstore.sign(artifactBytes, c.spec());
    if (c.bundleEdit() != null) {
      c.bundleEdit().accept(signed.bundle());
    }
    Path bundle = DIR.resolve(c.name() + ".sigstore.json");
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(signed.bundle());
    if (c.name().equals("unreadable-malformed-json")) {
      bytes = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    }
    Files.write(bundle, bytes);
    Path rootFile = root;
    if (c.rootEdit() != null) {
      ObjectNode r = sigstore.trustedRoot();
      c.rootEdit().accept(r);
      rootFile = DIR.resolve(c.name() + ".trusted_root.json");
      Files.write(rootFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(r));
    }
    List<String> args = new ArrayList<>(List.of("verify-bundle", "--bundle", bundle.toString()));
    if (c.san() != null) {
      args.addAll(
          List.of("--certificate-identity", c.san(), "--certificate-oidc-issuer", c.issuer()));
    } else {
      String pem = signed.publicKeyPem();
      if (c.otherKey() || pem == null) {
        pem = sigstore.sign(artifactBytes, Spec.keylessRekorV2().asKeyed()).publicKeyPem();
      }
      Path key = Files.writeString(DIR.resolve(c.name() + ".pub"), pem, StandardCharsets.US_ASCII);
      args.addAll(List.of("--key", key.toString()));
    }
    args.addAll(List.of("--trusted-root", rootFile.toString()));
    args.add(
        switch (c.input()) {
          case "other" -> otherArtifact.toString();
          case "digest" ->
              "sha256:"
                  + HexFormat.of()
                      .formatHex(MessageDigest.getInstance("SHA-256").digest(artifactBytes));
          default -> artifact.toString();
        });
    CliRun run = CliRun.of(args.toArray(String[]::new));
    String line = run.exit() == 0 ? run.out() : run.err();
    assertEquals(c.exit(), run.exit(), line);
    assertTrue(line.contains(c.reason()), "expected '" + c.reason() + "' in: " + line);
    assertEquals(1, line.strip().lines().count(), "one line: " + line);
  }
}
