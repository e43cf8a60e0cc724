package dev.konflux.ecosystem.internal.verify;

import static dev.konflux.ecosystem.internal.verify.TestSigning.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.ProvenanceView;
import dev.konflux.ecosystem.api.VerificationDecision.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random mutations of signed envelopes and payloads never verify, and the parsers of untrusted
 * input answer arbitrary bytes with {@link InvalidInputException} only.
 */
class VerifierPropertiesTest {
  private static final Key KEY = p256();
  private static final Key ED = ed25519();
  private static final Digest MANIFEST = Digest.sha256Of(utf8("manifest"));
  private static final byte[] STATEMENT = statement(MANIFEST, ProvenanceView.SLSA_V1, SLSA_V1);
  private static final byte[] PAYLOAD = simpleSigning(MANIFEST, "quay.io/konflux/app");
  private final DsseAttestationVerifier dsse = new DsseAttestationVerifier();
  private final CosignSignatureVerifier cosign = new CosignSignatureVerifier();

  private static byte[] flip(byte[] data, int index, int bit) {
    byte[] copy = data.clone();
    copy[Math.floorMod(index, copy.length)] ^= (byte) (1 << bit);
    return copy;
  }

  private static String envelopeJson(String payloadType, byte[] payload, byte[] sig) {
    return "{\"payloadType\":\""
        + payloadType
        + "\",\"payload\":\""
        + b64(payload)
        + "\",\"signatures\":[{\"sig\":\""
        + b64(sig)
        + "\"}]}";
  }

  @Property(tries = 300)
  void mutatedDssePayloadNeverVerifies(@ForAll int index, @ForAll @IntRange(max = 7) int bit) {
    byte[] sig = KEY.sign(DsseEnvelope.pae(MediaTypes.IN_TOTO_JSON, STATEMENT));
    byte[] env = utf8(envelopeJson(MediaTypes.IN_TOTO_JSON, flip(STATEMENT, index, bit), sig));
    assertFalse(
        dsse.verify("c", MANIFEST, MANIFEST, Kind.ATTESTATION, env, List.of(KEY.publicKey()))
            .passed());
  }

  @Property(tries = 300)
  void mutatedDsseSignatureNeverVerifies(@ForAll int index, @ForAll @IntRange(max = 7) int bit) {
    for (Key key : List.of(KEY, ED)) {
      byte[] sig = key.sign(DsseEnvelope.pae(MediaTypes.IN_TOTO_JSON, STATEMENT));
      byte[] env = utf8(envelopeJson(MediaTypes.IN_TOTO_JSON, STATEMENT, flip(sig, index, bit)));
      assertFalse(
          dsse.verify("c", MANIFEST, MANIFEST, Kind.ATTESTATION, env, List.of(key.publicKey()))
              .passed());
    }
  }

  @Property(tries = 100)
  void mutatedPayloadTypeNeverVerifies(@ForAll("payloadTypes") String payloadType) {
    byte[] sig = KEY.sign(DsseEnvelope.pae(MediaTypes.IN_TOTO_JSON, STATEMENT));
    byte[] env = utf8(envelopeJson(payloadType, STATEMENT, sig));
    assertFalse(
        dsse.verify("c", MANIFEST, MANIFEST, Kind.ATTESTATION, env, List.of(KEY.publicKey()))
            .passed());
  }

  @Provide
  Arbitrary<String> payloadTypes() {
    return Arbitraries.strings()
        .alpha()
        .ofMinLength(1)
        .ofMaxLength(40)
        .filter(s -> !s.equals(MediaTypes.IN_TOTO_JSON));
  }

  @Property(tries = 300)
  void mutatedSimpleSigningPayloadNeverVerifies(
      @ForAll int index, @ForAll @IntRange(max = 7) int bit) {
    byte[] mutated = flip(PAYLOAD, index, bit);
    Descriptor layer =
        new Descriptor(
            MediaTypes.COSIGN_SIMPLE_SIGNING,
            Digest.sha256Of(mutated),
            mutated.length,
            null,
            Map.of(MediaTypes.ANNOTATION_COSIGN_SIGNATURE, b64(KEY.sign(PAYLOAD))));
    assertFalse(
        cosign
            .verify("c", MANIFEST, MANIFEST, layer, mutated, List.of(KEY.publicKey()), null)
            .passed());
  }

  @Property(tries = 300)
  void mutatedMessageSignatureNeverVerifies(@ForAll int index, @ForAll @IntRange(max = 7) int bit)
      throws InvalidInputException {
    byte[] manifestBytes = utf8("manifest");
    byte[] sig = flip(KEY.sign(manifestBytes), index, bit);
    SigstoreBundle bundle =
        SigstoreBundle.parse(PublicKeyBundleVerifierTest.messageBundle(MANIFEST, sig));
    assertFalse(
        new PublicKeyBundleVerifier()
            .verify("c", MANIFEST, MANIFEST, bundle, List.of(KEY.publicKey()), () -> manifestBytes)
            .passed());
  }

  @Property(tries = 500)
  void parsersAnswerArbitraryBytesWithInvalidInput(@ForAll @Size(max = 300) byte[] bytes) {
    parseOrInvalid(() -> DsseEnvelope.parse(bytes));
    parseOrInvalid(() -> SigstoreBundle.parse(bytes));
    parseOrInvalid(() -> SimpleSigningPayload.parse(bytes));
    parseOrInvalid(() -> InTotoStatement.parse(bytes));
    parseOrInvalid(() -> CosignPublicKey.fromPem(new String(bytes, StandardCharsets.ISO_8859_1)));
    parseOrInvalid(() -> CosignPublicKey.fromDer(bytes, "random"));
  }

  @Property(tries = 500)
  void parsersAnswerBrokenJsonWithInvalidInput(@ForAll("jsonish") String text) {
    byte[] bytes = utf8(text);
    parseOrInvalid(() -> DsseEnvelope.parse(bytes));
    parseOrInvalid(() -> SigstoreBundle.parse(bytes));
    parseOrInvalid(() -> SimpleSigningPayload.parse(bytes));
    parseOrInvalid(
        () -> {
          InTotoStatement s = InTotoStatement.parse(bytes);
          return SlsaProvenanceParser.isProvenance(s.predicateType())
              ? SlsaProvenanceParser.parse(s.predicateType(), s.predicate())
              : s;
        });
  }

  /** Valid documents with a random cut and a random splice, so parsing gets past the first byte. */
  @Provide
  Arbitrary<String> jsonish() {
    List<String> seeds =
        List.of(
            new String(STATEMENT, StandardCharsets.UTF_8),
            new String(
                statement(MANIFEST, ProvenanceView.SLSA_V02, SLSA_V02), StandardCharsets.UTF_8),
            new String(PAYLOAD, StandardCharsets.UTF_8),
            new String(envelope(STATEMENT, KEY), StandardCharsets.UTF_8),
            new String(
                PublicKeyBundleVerifierTest.messageBundle(MANIFEST, new byte[8]),
                StandardCharsets.UTF_8));
    Arbitrary<String> splice =
        Arbitraries.of("", "null", "[]", "{}", "\"", "1", "[{}]", "\"x\"", "{\"a\":[]}");
    return Arbitraries.of(seeds)
        .flatMap(
            seed ->
                Arbitraries.integers()
                    .between(0, seed.length())
                    .flatMap(
                        cut ->
                            Arbitraries.integers()
                                .between(cut, seed.length())
                                .flatMap(
                                    resume ->
                                        splice.map(
                                            s ->
                                                seed.substring(0, cut)
                                                    + s
                                                    + seed.substring(resume)))));
  }

  @FunctionalInterface
  interface Parse {
    Object run() throws InvalidInputException;
  }

  private static void parseOrInvalid(Parse parse) {
    try {
      parse.run();
    } catch (InvalidInputException expected) {
      assertNotNull(expected.getMessage());
    }
  }
}
