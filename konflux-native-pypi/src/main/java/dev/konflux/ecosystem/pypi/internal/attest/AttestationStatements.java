package dev.konflux.ecosystem.pypi.internal.attest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.ProvenanceView;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-toto v1 statements PEP 740 attestations sign: exactly one subject, the distribution's file
 * name and sha256, and predicate {@value #PUBLISH_V1} (empty) or {@value #SLSA_V1} (built from the
 * verified Konflux provenance).
 */
public final class AttestationStatements {
  private AttestationStatements() {}

  /** The in-toto statement type. */
  public static final String STATEMENT_V1 = "https://in-toto.io/Statement/v1";

  /** PyPI's publish attestation predicate type. */
  public static final String PUBLISH_V1 = "https://docs.pypi.org/attestations/publish/v1";

  /** SLSA provenance v1. */
  public static final String SLSA_V1 = "https://slsa.dev/provenance/v1";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * @param fileName the distribution file name
   * @param sha256 its digest
   * @return the publish/v1 statement bytes
   */
  public static byte[] publish(String fileName, Digest sha256) {
    ObjectNode s = statement(fileName, sha256, PUBLISH_V1);
    s.putObject("predicate");
    return bytes(s);
  }

  /**
   * What a SLSA v1 statement for one distribution is built from.
   *
   * @param fileName the distribution file name
   * @param sha256 its digest
   * @param provenance the verified Konflux (Tekton Chains) provenance of the artifact
   * @param reference the artifact's reference (repository part is used in URIs)
   * @param manifest the artifact's manifest digest
   * @param layer the layer digest the file came from
   * @param component the component name
   */
  public record SlsaInput(
      String fileName,
      Digest sha256,
      ProvenanceView provenance,
      String reference,
      Digest manifest,
      Digest layer,
      String component) {}

  /**
   * Builds SLSA v1 provenance for a distribution: its builder and buildType are those of the Chains
   * provenance, {@code resolvedDependencies} name the OCI manifest and the layer the file came from
   * (then the Chains materials), and the Chains parameters are the external parameters.
   *
   * @param in what to build it from
   * @return the statement bytes
   */
  public static byte[] slsa(SlsaInput in) {
    ObjectNode s = statement(in.fileName(), in.sha256(), SLSA_V1);
    ObjectNode predicate = s.putObject("predicate");
    ObjectNode def = predicate.putObject("buildDefinition");
    def.put("buildType", in.provenance().buildType() == null ? "" : in.provenance().buildType());
    ObjectNode external = def.putObject("externalParameters");
    new TreeMap<>(in.provenance().parameters()).forEach(external::put);
    ObjectNode internal = def.putObject("internalParameters");
    internal.put("component", in.component());
    internal.put("sourcePredicateType", in.provenance().predicateType());
    ArrayNode deps = def.putArray("resolvedDependencies");
    String repo = repository(in.reference());
    dependency(deps, "oci-manifest", "oci://" + repo + "@" + in.manifest(), in.manifest());
    dependency(deps, "oci-layer", "oci://" + repo + "@" + in.layer(), in.layer());
    for (ProvenanceView.Material m : in.provenance().materials()) {
      ObjectNode d = deps.addObject();
      if (m.uri() != null) {
        d.put("uri", m.uri());
      }
      ObjectNode digest = d.putObject("digest");
      new TreeMap<>(m.digest()).forEach(digest::put);
    }
    ObjectNode run = predicate.putObject("runDetails");
    run.putObject("builder")
        .put("id", in.provenance().builderId() == null ? "" : in.provenance().builderId());
    return bytes(s);
  }

  private static void dependency(ArrayNode deps, String name, String uri, Digest digest) {
    ObjectNode d = deps.addObject();
    d.put("name", name);
    d.put("uri", uri);
    d.putObject("digest").put(digest.algorithm(), digest.hex());
  }

  /**
   * @return the reference without tag or digest (the repository), for OCI URIs
   */
  static String repository(String reference) {
    String r = reference;
    int at = r.indexOf('@');
    if (at >= 0) {
      r = r.substring(0, at);
    }
    int slash = r.lastIndexOf('/');
    int colon = r.lastIndexOf(':');
    if (colon > slash && !r.startsWith("oci-layout:")) {
      r = r.substring(0, colon);
    }
    return r;
  }

  private static ObjectNode statement(String fileName, Digest sha256, String predicateType) {
    ObjectNode s = MAPPER.createObjectNode();
    s.put("_type", STATEMENT_V1);
    ArrayNode subjects = s.putArray("subject");
    ObjectNode subject = subjects.addObject();
    subject.put("name", fileName);
    Map<String, String> digest = Map.of(sha256.algorithm(), sha256.hex());
    ObjectNode d = subject.putObject("digest");
    digest.forEach(d::put);
    s.put("predicateType", predicateType);
    return s;
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
