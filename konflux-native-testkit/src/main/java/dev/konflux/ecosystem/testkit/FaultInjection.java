package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** How each {@link SignatureFault} is applied; shared by the cosign-tag and referrer signers. */
final class FaultInjection {
  private FaultInjection() {}

  /** The key that signs: a throwaway one for {@link SignatureFault#OTHER_KEY}. */
  static CosignKeyPair signingKey(CosignKeyPair key, SignatureFault fault) {
    return fault == SignatureFault.OTHER_KEY ? CosignKeyPair.generate() : key;
  }

  /**
   * The digest the signed payload names: a different one for {@link
   * SignatureFault#WRONG_SUBJECT_DIGEST}.
   */
  static Digest claimedDigest(Digest subject, SignatureFault fault) {
    return fault == SignatureFault.WRONG_SUBJECT_DIGEST ? otherDigest(subject) : subject;
  }

  /** A digest that is certainly not {@code subject} and is stable for it. */
  static Digest otherDigest(Digest subject) {
    return Digest.sha256Of(("not " + subject).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Changes a signed JSON payload without touching the digest it names: sets {@code tampered: true}
   * inside the object field {@code field} (created if null).
   */
  static byte[] tamper(byte[] json, String field) {
    try {
      ObjectNode root = (ObjectNode) OciJson.tree(json);
      JsonNode inner = root.get(field);
      ObjectNode target = inner instanceof ObjectNode o ? o : root.putObject(field);
      target.put("tampered", true);
      return OciJson.bytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
