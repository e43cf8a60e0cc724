package dev.konflux.ecosystem.pypi.internal.attest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.pypi.Pep740Attestation;
import java.io.IOException;
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
    try {
      ObjectNode root = MAPPER.createObjectNode();
      root.put("version", 1);
      ObjectNode bundle = root.putArray("attestation_bundles").addObject();
      ObjectNode publisher = bundle.putObject("publisher");
      publisher.put("kind", KIND);
      ObjectNode c = publisher.putObject("claims");
      new java.util.TreeMap<>(claims).forEach(c::put);
      ArrayNode list = bundle.putArray("attestations");
      for (Pep740Attestation a : attestations) {
        list.add(MAPPER.readTree(a.toJson()));
      }
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    } catch (IOException e) {
      throw new IllegalStateException("our own attestation JSON always parses", e);
    }
  }
}
