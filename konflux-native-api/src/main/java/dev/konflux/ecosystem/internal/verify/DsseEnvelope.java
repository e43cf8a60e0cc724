package dev.konflux.ecosystem.internal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.internal.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A DSSE envelope ({@code payloadType}, base64 {@code payload}, {@code signatures}) and its
 * pre-authentication encoding, which is what is signed.
 *
 * @param payloadType the payload type
 * @param payload the decoded payload
 * @param signatures the signatures
 */
public record DsseEnvelope(String payloadType, byte[] payload, List<Sig> signatures) {

  /** Largest envelope accepted. */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  private static final int MAX_SIGNATURES = 64;

  /**
   * One signature of the envelope.
   *
   * @param keyid the optional key id hint ({@code ""} if absent)
   * @param sig the raw signature
   */
  public record Sig(String keyid, byte[] sig) {}

  /** Copies. */
  public DsseEnvelope {
    signatures = List.copyOf(signatures);
  }

  /**
   * @param json the envelope JSON
   * @return the envelope
   * @throws InvalidInputException if it is not a DSSE envelope
   */
  public static DsseEnvelope parse(byte[] json) throws InvalidInputException {
    if (json.length > MAX_BYTES) {
      throw new InvalidInputException("DSSE envelope is larger than " + MAX_BYTES + " bytes");
    }
    try {
      return fromTree(Json.tree(json));
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          "DSSE envelope is not JSON: " + JsonFields.printable(e.getMessage()));
    }
  }

  /**
   * @param root an envelope JSON object (also the {@code dsseEnvelope} of a Sigstore bundle)
   * @return the envelope
   * @throws InvalidInputException if it is not a DSSE envelope
   */
  public static DsseEnvelope fromTree(JsonNode root) throws InvalidInputException {
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("DSSE envelope is not a JSON object");
    }
    String payloadType = JsonFields.requiredText(root, "payloadType", "DSSE envelope");
    byte[] payload =
        JsonFields.base64(
            JsonFields.requiredText(root, "payload", "DSSE envelope"), "DSSE payload");
    JsonNode sigs = root.get("signatures");
    if (sigs == null || !sigs.isArray()) {
      throw new InvalidInputException("DSSE envelope has no 'signatures' array");
    }
    if (sigs.size() > MAX_SIGNATURES) {
      throw new InvalidInputException(
          "DSSE envelope has more than " + MAX_SIGNATURES + " signatures");
    }
    List<Sig> out = new ArrayList<>();
    for (JsonNode s : sigs) {
      if (!s.isObject()) {
        throw new InvalidInputException("DSSE signature is not an object");
      }
      String keyid = JsonFields.optionalText(s, "keyid");
      out.add(
          new Sig(
              keyid == null ? "" : keyid,
              JsonFields.base64(
                  JsonFields.requiredText(s, "sig", "DSSE signature"), "DSSE signature")));
    }
    return new DsseEnvelope(payloadType, payload, out);
  }

  /**
   * @return the DSSE v1 pre-authentication encoding of payload type and payload
   */
  public byte[] pae() {
    return pae(payloadType, payload);
  }

  /**
   * {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths as ASCII decimal of bytes.
   *
   * @param payloadType the payload type
   * @param payload the payload
   * @return the bytes that DSSE signs
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
}
