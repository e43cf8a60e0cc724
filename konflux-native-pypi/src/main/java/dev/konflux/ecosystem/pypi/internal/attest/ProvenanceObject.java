package dev.konflux.ecosystem.pypi.internal.attest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.konflux.ecosystem.pypi.Pep740Attestation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A PEP 740 provenance object, as the Integrity API serves it: {@code
 * {"version":1,"attestation_bundles":[{"publisher":{"kind":…,"claims":{…}},"attestations":[…]}]}}.
 */
public final class ProvenanceObject {
  private ProvenanceObject() {}

  /** Publisher kind for attestations this library signs with a configured key. */
  public static final String KIND = "konflux-native";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * @param claims publisher claims (who signed, which component and manifest)
   * @param attestations the attestations of one distribution
   * @return the JSON bytes
   */
  public static byte[] of(Map<String, String> claims, List<Pep740Attestation> attestations) {
    return ofJson(claims, attestations.stream().map(Pep740Attestation::toJson).toList());
  }

  /**
   * The same, from attestations already serialised by {@link Pep740Attestation#toJson} (the bytes
   * of the {@code .attestation} files): they are embedded as they are, not parsed again.
   *
   * @param claims publisher claims (who signed, which component and manifest)
   * @param attestationJsons the attestations of one distribution, as {@code toJson} wrote them
   * @return the JSON bytes
   */
  public static byte[] ofJson(Map<String, String> claims, List<byte[]> attestationJsons) {
    try {
      ObjectNode root = MAPPER.createObjectNode();
      root.put("version", 1);
      ObjectNode bundle = root.putArray("attestation_bundles").addObject();
      ObjectNode publisher = bundle.putObject("publisher");
      publisher.put("kind", KIND);
      ObjectNode c = publisher.putObject("claims");
      new java.util.TreeMap<>(claims).forEach(c::put);
      ArrayNode list = bundle.putArray("attestations");
      for (byte[] a : attestationJsons) {
        list.addRawValue(new RawValue(new String(a, StandardCharsets.UTF_8)));
      }
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
