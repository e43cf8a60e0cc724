package dev.konflux.ecosystem.internal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.ProvenanceView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a SLSA provenance predicate, v0.2 or v1, into a {@link ProvenanceView}. Only the fields the
 * release needs are read; unknown fields are ignored; wrong shapes are an {@link
 * InvalidInputException}.
 */
public final class SlsaProvenanceParser {
  private SlsaProvenanceParser() {}

  private static final int MAX_ITEMS = 100_000;

  /**
   * @param predicateType the statement's predicate type
   * @return whether this parser reads it
   */
  public static boolean isProvenance(String predicateType) {
    return ProvenanceView.SLSA_V02.equals(predicateType)
        || ProvenanceView.SLSA_V1.equals(predicateType);
  }

  /**
   * @param predicateType {@link ProvenanceView#SLSA_V02} or {@link ProvenanceView#SLSA_V1}
   * @param predicate the predicate object
   * @return the typed view
   * @throws InvalidInputException if the predicate is not provenance of that version
   */
  public static ProvenanceView parse(String predicateType, JsonNode predicate)
      throws InvalidInputException {
    if (predicate == null || !predicate.isObject()) {
      throw new InvalidInputException("provenance predicate is not a JSON object");
    }
    try {
      if (ProvenanceView.SLSA_V02.equals(predicateType)) {
        return v02(predicate);
      }
      if (ProvenanceView.SLSA_V1.equals(predicateType)) {
        return v1(predicate);
      }
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          "provenance predicate is malformed: " + JsonFields.printable(e.getMessage()));
    }
    throw new InvalidInputException(
        "not a SLSA provenance predicate type: " + JsonFields.printable(predicateType));
  }

  private static ProvenanceView v02(JsonNode p) throws InvalidInputException {
    String builderId =
        JsonFields.requiredText(
            JsonFields.requiredObject(p, "builder", "SLSA v0.2 predicate"),
            "id",
            "SLSA v0.2 builder");
    String buildType = JsonFields.requiredText(p, "buildType", "SLSA v0.2 predicate");
    List<ProvenanceView.Material> materials = new ArrayList<>();
    for (JsonNode m : array(p.get("materials"), "materials")) {
      materials.add(
          new ProvenanceView.Material(
              JsonFields.optionalText(m, "uri"), digestMap(m.get("digest"))));
    }
    Map<String, String> parameters = flatten(p.path("invocation").get("parameters"));
    List<ProvenanceView.Byproduct> byproducts = new ArrayList<>();
    // Tekton Chains writes task results into buildConfig.tasks[].results[] (name, value).
    for (JsonNode task : array(p.path("buildConfig").get("tasks"), "buildConfig.tasks")) {
      String taskName = JsonFields.optionalText(task, "name");
      for (JsonNode r : array(task.get("results"), "task results")) {
        String name = JsonFields.optionalText(r, "name");
        if (name != null) {
          JsonNode value = r.get("value");
          byproducts.add(
              new ProvenanceView.Byproduct(
                  taskName == null ? name : "taskRunResults/" + taskName + "/" + name,
                  null,
                  Map.of(),
                  valueText(value)));
        }
      }
    }
    return new ProvenanceView(
        ProvenanceView.SLSA_V02, builderId, buildType, materials, parameters, byproducts);
  }

  private static ProvenanceView v1(JsonNode p) throws InvalidInputException {
    JsonNode definition = JsonFields.requiredObject(p, "buildDefinition", "SLSA v1 predicate");
    JsonNode run = JsonFields.requiredObject(p, "runDetails", "SLSA v1 predicate");
    String buildType = JsonFields.requiredText(definition, "buildType", "SLSA v1 buildDefinition");
    String builderId =
        JsonFields.requiredText(
            JsonFields.requiredObject(run, "builder", "SLSA v1 runDetails"),
            "id",
            "SLSA v1 builder");
    List<ProvenanceView.Material> materials = new ArrayList<>();
    for (JsonNode m : array(definition.get("resolvedDependencies"), "resolvedDependencies")) {
      materials.add(
          new ProvenanceView.Material(
              JsonFields.optionalText(m, "uri"), digestMap(m.get("digest"))));
    }
    Map<String, String> parameters = flatten(definition.get("externalParameters"));
    List<ProvenanceView.Byproduct> byproducts = new ArrayList<>();
    for (JsonNode b : array(run.get("byproducts"), "byproducts")) {
      String value = null;
      String content = JsonFields.optionalText(b, "content");
      if (content != null) {
        value = decodeContent(content);
      }
      byproducts.add(
          new ProvenanceView.Byproduct(
              JsonFields.optionalText(b, "name"),
              JsonFields.optionalText(b, "uri"),
              digestMap(b.get("digest")),
              value));
    }
    return new ProvenanceView(
        ProvenanceView.SLSA_V1, builderId, buildType, materials, parameters, byproducts);
  }

  /**
   * Byproduct content is base64; Tekton Chains stores JSON values there (a quoted string for text).
   */
  private static String decodeContent(String content) throws InvalidInputException {
    String text =
        new String(JsonFields.base64(content, "byproduct content"), StandardCharsets.UTF_8);
    try {
      JsonNode node =
          dev.konflux.ecosystem.internal.json.Json.tree(text.getBytes(StandardCharsets.UTF_8));
      return node.isTextual() ? node.textValue() : text;
    } catch (java.io.IOException | RuntimeException e) {
      return text;
    }
  }

  private static List<JsonNode> array(JsonNode node, String what) throws InvalidInputException {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new InvalidInputException("provenance field " + what + " is not an array");
    }
    if (node.size() > MAX_ITEMS) {
      throw new InvalidInputException(
          "provenance field " + what + " has more than " + MAX_ITEMS + " entries");
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isObject()) {
        throw new InvalidInputException("provenance field " + what + " holds a non-object");
      }
      out.add(n);
    }
    return out;
  }

  private static Map<String, String> digestMap(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                if (e.getValue().isTextual()) {
                  out.put(e.getKey(), e.getValue().textValue());
                }
              });
    }
    return out;
  }

  private static Map<String, String> flatten(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.properties().forEach(e -> out.put(e.getKey(), valueText(e.getValue())));
    }
    return out;
  }

  private static @Nullable String valueText(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    return value.isTextual() ? value.textValue() : value.toString();
  }
}
