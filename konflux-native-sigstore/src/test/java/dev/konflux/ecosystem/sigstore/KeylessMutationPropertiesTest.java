package dev.konflux.ecosystem.sigstore;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.spi.KeylessVerificationRequest;
import java.nio.file.Files;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Bit flips in the signature, the digest or the DSSE payload of a valid keyless bundle never
 * verify.
 */
class KeylessMutationPropertiesTest {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final SigstoreKeylessVerifier VERIFIER = new SigstoreKeylessVerifier();

  private static byte[] flip(byte[] b, int index, int bit) {
    byte[] c = b.clone();
    c[Math.floorMod(index, c.length)] ^= (byte) (1 << bit);
    return c;
  }

  private static void assertRejected(ObjectNode bundle) throws Exception {
    FixtureTable t = FixtureTable.load();
    Digest artifact = Digest.sha256Of(Files.readAllBytes(t.bundles().resolve("artifact.txt")));
    assertThrows(
        VerificationException.class,
        () ->
            VERIFIER.verify(
                new KeylessVerificationRequest(
                    JSON.writeValueAsBytes(bundle),
                    artifact,
                    t.roots().resolve("trusted_root.json"),
                    false,
                    "mutant")));
  }

  private static ObjectNode load(String name) throws Exception {
    return (ObjectNode)
        JSON.readTree(Files.readAllBytes(FixtureTable.load().bundles().resolve(name)));
  }

  @Property(tries = 40)
  void mutatedMessageSignatureNeverVerifies(@ForAll int index, @ForAll @IntRange(max = 7) int bit)
      throws Exception {
    ObjectNode b = load("bundle.v3.sigstore");
    ObjectNode ms = (ObjectNode) b.get("messageSignature");
    ms.put(
        "signature",
        Base64.getEncoder()
            .encodeToString(
                flip(Base64.getDecoder().decode(ms.get("signature").asText()), index, bit)));
    assertRejected(b);
  }

  @Property(tries = 40)
  void mutatedMessageDigestNeverVerifies(@ForAll int index, @ForAll @IntRange(max = 7) int bit)
      throws Exception {
    ObjectNode b = load("bundle.v3.sigstore");
    ObjectNode md = (ObjectNode) b.get("messageSignature").get("messageDigest");
    md.put(
        "digest",
        Base64.getEncoder()
            .encodeToString(
                flip(Base64.getDecoder().decode(md.get("digest").asText()), index, bit)));
    assertRejected(b);
  }

  @Property(tries = 40)
  void mutatedDssePayloadNeverVerifies(@ForAll int index, @ForAll @IntRange(max = 7) int bit)
      throws Exception {
    ObjectNode b = load("bundle.dsse.sigstore");
    ObjectNode env = (ObjectNode) b.get("dsseEnvelope");
    env.put(
        "payload",
        Base64.getEncoder()
            .encodeToString(
                flip(Base64.getDecoder().decode(env.get("payload").asText()), index, bit)));
    assertRejected(b);
  }
}
