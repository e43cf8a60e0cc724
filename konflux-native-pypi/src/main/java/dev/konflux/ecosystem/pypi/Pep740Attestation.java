package dev.konflux.ecosystem.pypi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A PEP 740 attestation: an in-toto statement signed as a DSSE envelope, with the signer's X.509
 * certificate and any transparency log entries: {@code
 * {"version":1,"verification_material":{"certificate":…,"transparency_entries":[…]},
 * "envelope":{"statement":…,"signature":…}}}.
 *
 * <p>It is the same content as a Sigstore bundle v0.3 with a DSSE envelope whose payload type is
 * {@code application/vnd.in-toto+json}: {@link #fromBundle} and {@link #toBundle} convert between
 * the two without changing the statement or signature bytes (transparency entries are carried as
 * JSON). Instances are immutable; byte arrays are copied in and out.
 */
public final class Pep740Attestation {

  /** The DSSE payload type of every PEP 740 attestation. */
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";

  /** Media type of the Sigstore bundles {@link #toBundle} writes. */
  public static final String BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** Largest attestation or bundle accepted, in bytes. */
  public static final int MAX_BYTES = 4 << 20;

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(64)
                      .maxStringLength(MAX_BYTES)
                      .maxDocumentLength(MAX_BYTES)
                      .build())
              .build());

  private final byte[] statement;
  private final byte[] signature;
  private final byte[] certificate;
  private final List<String> transparencyEntries;

  /**
   * @param statement the in-toto statement bytes (the DSSE payload)
   * @param signature the DSSE signature over the pre-authentication encoding of the statement
   * @param certificate the signer's certificate, DER
   * @param transparencyEntries transparency log entries as JSON objects (Sigstore's {@code
   *     TransparencyLogEntry} JSON form), possibly none
   */
  public Pep740Attestation(
      byte[] statement, byte[] signature, byte[] certificate, List<String> transparencyEntries) {
    this.statement = Objects.requireNonNull(statement, "statement").clone();
    this.signature = Objects.requireNonNull(signature, "signature").clone();
    this.certificate = Objects.requireNonNull(certificate, "certificate").clone();
    this.transparencyEntries = List.copyOf(transparencyEntries);
  }

  /**
   * @return the in-toto statement bytes
   */
  public byte[] statement() {
    return statement.clone();
  }

  /**
   * @return the DSSE signature bytes
   */
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * @return the signer's certificate, DER
   */
  public byte[] certificate() {
    return certificate.clone();
  }

  /**
   * @return the transparency log entries, each a JSON object
   */
  public List<String> transparencyEntries() {
    return transparencyEntries;
  }

  /**
   * @param json a PEP 740 attestation
   * @return the attestation
   * @throws InvalidInputException if it is not one (wrong version, missing or malformed fields, no
   *     certificate)
   */
  public static Pep740Attestation parse(byte[] json) throws InvalidInputException {
    JsonNode root = tree(json, "PEP 740 attestation");
    if (root.path("version").asInt(-1) != 1 || !root.path("version").isIntegralNumber()) {
      throw new InvalidInputException("PEP 740 attestation: version must be 1");
    }
    JsonNode material = root.path("verification_material");
    JsonNode envelope = root.path("envelope");
    byte[] cert = base64(material.path("certificate"), "verification_material.certificate");
    byte[] stmt = base64(envelope.path("statement"), "envelope.statement");
    byte[] sig = base64(envelope.path("signature"), "envelope.signature");
    JsonNode entries = material.path("transparency_entries");
    if (!entries.isMissingNode() && !entries.isArray()) {
      throw new InvalidInputException("PEP 740 attestation: transparency_entries must be an array");
    }
    return new Pep740Attestation(stmt, sig, cert, entries(entries));
  }

  /**
   * @return the attestation as PEP 740 JSON (UTF-8)
   */
  public byte[] toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", 1);
    ObjectNode material = root.putObject("verification_material");
    material.put("certificate", Base64.getEncoder().encodeToString(certificate));
    ArrayNode entries = material.putArray("transparency_entries");
    for (String e : transparencyEntries) {
      entries.add(readEntry(e));
    }
    ObjectNode envelope = root.putObject("envelope");
    envelope.put("statement", Base64.getEncoder().encodeToString(statement));
    envelope.put("signature", Base64.getEncoder().encodeToString(signature));
    return write(root);
  }

  /**
   * Converts a Sigstore bundle (v0.3, or v0.1/v0.2 with a certificate chain, whose leaf is taken)
   * holding a DSSE envelope with one signature over an in-toto statement.
   *
   * @param bundleJson the bundle's bytes
   * @return the same signature as a PEP 740 attestation
   * @throws InvalidInputException if the bundle is not of that kind (message signature, public key
   *     instead of certificate, several signatures, another payload type)
   */
  public static Pep740Attestation fromBundle(byte[] bundleJson) throws InvalidInputException {
    JsonNode root = tree(bundleJson, "Sigstore bundle");
    String mediaType = root.path("mediaType").asText("");
    if (!mediaType.startsWith("application/vnd.dev.sigstore.bundle")) {
      throw new InvalidInputException("Sigstore bundle: unknown mediaType " + mediaType);
    }
    JsonNode material = root.path("verificationMaterial");
    JsonNode certNode = material.path("certificate").path("rawBytes");
    if (certNode.isMissingNode()) {
      certNode =
          material.path("x509CertificateChain").path("certificates").path(0).path("rawBytes");
    }
    if (certNode.isMissingNode()) {
      throw new InvalidInputException(
          "Sigstore bundle: a PEP 740 attestation needs a certificate, this bundle has none (a bare public key?)");
    }
    byte[] cert = base64(certNode, "verificationMaterial.certificate.rawBytes");
    JsonNode dsse = root.path("dsseEnvelope");
    if (!dsse.isObject()) {
      throw new InvalidInputException(
          "Sigstore bundle: no dsseEnvelope (a message signature cannot be a PEP 740 attestation)");
    }
    if (!PAYLOAD_TYPE.equals(dsse.path("payloadType").asText(""))) {
      throw new InvalidInputException("Sigstore bundle: DSSE payloadType must be " + PAYLOAD_TYPE);
    }
    JsonNode sigs = dsse.path("signatures");
    if (!sigs.isArray() || sigs.size() != 1) {
      throw new InvalidInputException(
          "Sigstore bundle: a PEP 740 attestation has exactly one signature");
    }
    byte[] stmt = base64(dsse.path("payload"), "dsseEnvelope.payload");
    byte[] sig = base64(sigs.get(0).path("sig"), "dsseEnvelope.signatures[0].sig");
    JsonNode entries = material.path("tlogEntries");
    return new Pep740Attestation(stmt, sig, cert, entries(entries));
  }

  /**
   * @return the same signature as a Sigstore bundle v0.3 with a DSSE envelope (UTF-8 JSON)
   */
  public byte[] toBundle() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("mediaType", BUNDLE_V03);
    ObjectNode material = root.putObject("verificationMaterial");
    material
        .putObject("certificate")
        .put("rawBytes", Base64.getEncoder().encodeToString(certificate));
    ArrayNode entries = material.putArray("tlogEntries");
    for (String e : transparencyEntries) {
      entries.add(readEntry(e));
    }
    ObjectNode dsse = root.putObject("dsseEnvelope");
    dsse.put("payload", Base64.getEncoder().encodeToString(statement));
    dsse.put("payloadType", PAYLOAD_TYPE);
    ObjectNode sig = dsse.putArray("signatures").addObject();
    sig.put("sig", Base64.getEncoder().encodeToString(signature));
    return write(root);
  }

  /**
   * @return the DSSE pre-authentication encoding of the statement: the bytes the signature covers
   */
  public byte[] preAuthenticationEncoding() {
    return pae(PAYLOAD_TYPE, statement);
  }

  /**
   * @param payloadType a DSSE payload type
   * @param payload the payload
   * @return {@code DSSEv1 <len> <type> <len> <payload>}
   */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
            .getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + payload.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(payload, 0, out, head.length, payload.length);
    return out;
  }

  private static List<String> entries(JsonNode entries) throws InvalidInputException {
    List<String> out = new ArrayList<>();
    if (entries.isArray()) {
      for (JsonNode e : entries) {
        if (!e.isObject()) {
          throw new InvalidInputException("transparency log entries must be JSON objects");
        }
        out.add(new String(write(e), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static JsonNode readEntry(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      // Entries were parsed (or written by us) when the attestation was made.
      throw new IllegalStateException("transparency entry is not JSON", e);
    }
  }

  private static JsonNode tree(byte[] json, String what) throws InvalidInputException {
    if (json.length > MAX_BYTES) {
      throw new InvalidInputException(what + " is larger than " + MAX_BYTES + " bytes");
    }
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || !root.isObject()) {
        throw new InvalidInputException(what + " is not a JSON object");
      }
      return root;
    } catch (IOException e) {
      throw new InvalidInputException(what + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static byte[] base64(JsonNode node, String field) throws InvalidInputException {
    if (!node.isTextual() || node.asText().isEmpty()) {
      throw new InvalidInputException("missing or empty " + field);
    }
    try {
      return Base64.getDecoder().decode(node.asText());
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(node.asText());
      } catch (IllegalArgumentException e2) {
        throw new InvalidInputException(field + " is not base64");
      }
    }
  }

  private static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
