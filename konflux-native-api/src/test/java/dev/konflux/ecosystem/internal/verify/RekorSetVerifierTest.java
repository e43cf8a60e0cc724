package dev.konflux.ecosystem.internal.verify;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.internal.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Rekor SET check on real public-good log entries: the fixture bundles' log entries, rewritten
 * into the {@code dev.sigstore.cosign/bundle} shape cosign puts on {@code .sig} layers.
 */
class RekorSetVerifierTest {
  private static final Path FIXTURES = SigstoreFixtures.dir();

  /**
   * The cosign annotation for a fixture bundle's first log entry, and its signature and payload.
   */
  private record Entry(String annotation, byte[] signature, byte[] payload, long integratedTime) {}

  private static Entry entry(String bundle, long timeShift) throws Exception {
    JsonNode b = Json.tree(Files.readAllBytes(FIXTURES.resolve("bundles").resolve(bundle)));
    JsonNode e = b.path("verificationMaterial").path("tlogEntries").get(0);
    ObjectNode annotation = Json.MAPPER.createObjectNode();
    annotation.put(
        "SignedEntryTimestamp", e.path("inclusionPromise").path("signedEntryTimestamp").asText());
    ObjectNode payload = annotation.putObject("Payload");
    payload.put("body", e.path("canonicalizedBody").asText());
    long time = e.path("integratedTime").asLong() + timeShift;
    payload.put("integratedTime", time);
    payload.put("logIndex", e.path("logIndex").asLong());
    payload.put(
        "logID",
        HexFormat.of()
            .formatHex(Base64.getDecoder().decode(e.path("logId").path("keyId").asText())));
    byte[] sig = Base64.getDecoder().decode(b.path("messageSignature").path("signature").asText());
    return new Entry(
        Json.MAPPER.writeValueAsString(annotation),
        sig,
        Files.readAllBytes(FIXTURES.resolve("bundles/artifact.txt")),
        time);
  }

  private static RekorSetVerifier publicGood() throws InvalidInputException {
    return RekorSetVerifier.fromTrustedRoot(FIXTURES.resolve("trustroot/trusted_root.json"));
  }

  @Test
  void realLogEntryVouchesForItsSignature() throws Exception {
    for (String bundle : List.of("bundle.v1.sigstore", "bundle.v3.sigstore", "bundle.sigstore")) {
      Entry e = entry(bundle, 0);
      assertNull(publicGood().check(e.annotation(), e.signature(), e.payload()), bundle);
    }
  }

  @Test
  void movedIntegratedTimeBreaksTheSet() throws Exception {
    Entry e = entry("bundle.v1.sigstore", 86_400);
    String why = publicGood().check(e.annotation(), e.signature(), e.payload());
    assertNotNull(why);
    assertTrue(
        why.startsWith("signed entry timestamp does not verify with transparency log key SHA256:"),
        why);
  }

  @Test
  void mismatchedSetFixtureFails() throws Exception {
    Entry e = entry("bundle-with-mismatched-set.sigstore", 0);
    assertNotNull(publicGood().check(e.annotation(), e.signature(), e.payload()));
  }

  @Test
  void entryOfAnotherPayloadOrSignatureFails() throws Exception {
    Entry e = entry("bundle.v1.sigstore", 0);
    String why = publicGood().check(e.annotation(), e.signature(), "other payload".getBytes());
    assertTrue(why.startsWith("Rekor entry logs payload hash"), why);
    byte[] otherSig = e.signature().clone();
    otherSig[10] ^= 1;
    assertEquals(
        "Rekor entry logs another signature",
        publicGood().check(e.annotation(), otherSig, e.payload()));
  }

  @Test
  void logOutsideTheTrustedRootFails() throws Exception {
    Entry e = entry("bundle.v1.sigstore", 0);
    RekorSetVerifier staging =
        RekorSetVerifier.fromTrustedRoot(FIXTURES.resolve("trustroot/staging_trusted_root.json"));
    String why = staging.check(e.annotation(), e.signature(), e.payload());
    assertTrue(why.contains("is not in the trusted root"), why);
  }

  @Test
  void cosignSignatureWithABadRekorBundleFails() throws Exception {
    TestSigning.Key key = TestSigning.p256();
    Digest manifest = Digest.sha256Of(TestSigning.utf8("m"));
    byte[] payload = TestSigning.simpleSigning(manifest, "r");
    Entry foreign = entry("bundle.v1.sigstore", 0);
    var layer =
        new dev.konflux.ecosystem.api.Descriptor(
            MediaTypes.COSIGN_SIMPLE_SIGNING,
            Digest.sha256Of(payload),
            payload.length,
            null,
            Map.of(
                MediaTypes.ANNOTATION_COSIGN_SIGNATURE,
                TestSigning.b64(key.sign(payload)),
                MediaTypes.ANNOTATION_COSIGN_BUNDLE,
                foreign.annotation()));
    CosignSignatureVerifier v = new CosignSignatureVerifier();
    VerificationDecision checked =
        v.verify(
            "app",
            manifest,
            manifest,
            layer,
            payload,
            List.of(key.publicKey()),
            null,
            publicGood());
    assertFalse(checked.passed());
    assertTrue(
        checked
            .reason()
            .contains(
                "Rekor bundle annotation of the signature does not vouch for it: Rekor entry "
                    + "logs another signature"),
        checked.reason());
    VerificationDecision unchecked =
        v.verify("app", manifest, manifest, layer, payload, List.of(key.publicKey()), null, null);
    assertTrue(unchecked.passed());
    assertTrue(unchecked.reason().contains("not checked (no trusted root given)"));
  }
}
