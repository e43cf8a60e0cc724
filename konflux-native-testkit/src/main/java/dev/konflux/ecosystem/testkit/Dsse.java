package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** Dead Simple Signing Envelope helpers: the pre-authentication encoding and the JSON envelope. */
public final class Dsse {
  private Dsse() {}

  /**
   * {@code "DSSEv1" SP len(type) SP type SP len(body) SP body}, lengths as ASCII decimal byte
   * counts.
   *
   * @param payloadType the payload type
   * @param payload the payload bytes
   * @return the bytes a DSSE signature signs
   */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /**
   * @param payloadType the payload type
   * @param payload the payload bytes
   * @param signature the DER signature, or {@code null} for an envelope without signatures
   * @return {@code {"payloadType":…,"payload":b64,"signatures":[{"keyid":"","sig":b64}]}}
   */
  static ObjectNode envelope(String payloadType, byte[] payload, byte @Nullable [] signature) {
    ObjectNode envelope = OciJson.object();
    envelope.put("payloadType", payloadType);
    envelope.put("payload", Base64.getEncoder().encodeToString(payload));
    ArrayNode signatures = envelope.putArray("signatures");
    if (signature != null) {
      ObjectNode sig = signatures.addObject();
      sig.put("keyid", "");
      sig.put("sig", Base64.getEncoder().encodeToString(signature));
    }
    return envelope;
  }
}
