package dev.konflux.ecosystem.internal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An in-toto statement (v0.1 or v1): subjects, predicate type and predicate.
 *
 * @param type the {@code _type}
 * @param subjects the subjects
 * @param predicateType the predicate type
 * @param predicate the predicate (an object, or a missing node)
 */
public record InTotoStatement(
    String type, List<Subject> subjects, String predicateType, JsonNode predicate) {

  private static final int MAX_SUBJECTS = 10_000;

  /**
   * @param name the subject name
   * @param digest algorithm → value
   */
  public record Subject(@Nullable String name, Map<String, String> digest) {}

  /**
   * @param payload the statement bytes
   * @return the statement
   * @throws InvalidInputException if it is not an in-toto statement
   */
  public static InTotoStatement parse(byte[] payload) throws InvalidInputException {
    try {
      JsonNode root = Json.tree(payload);
      if (!root.isObject()) {
        throw new InvalidInputException("in-toto statement is not a JSON object");
      }
      String type = JsonFields.requiredText(root, "_type", "in-toto statement");
      if (!type.startsWith("https://in-toto.io/Statement/")) {
        throw new InvalidInputException(
            "in-toto statement has unknown _type " + JsonFields.printable(type));
      }
      String predicateType = JsonFields.requiredText(root, "predicateType", "in-toto statement");
      JsonNode subjects = root.get("subject");
      if (subjects == null || !subjects.isArray() || subjects.isEmpty()) {
        throw new InvalidInputException("in-toto statement has no subject");
      }
      if (subjects.size() > MAX_SUBJECTS) {
        throw new InvalidInputException(
            "in-toto statement has more than " + MAX_SUBJECTS + " subjects");
      }
      List<Subject> out = new ArrayList<>();
      for (JsonNode s : subjects) {
        JsonNode d = s.get("digest");
        if (!s.isObject() || d == null || !d.isObject()) {
          throw new InvalidInputException("in-toto subject has no digest object");
        }
        Map<String, String> digest = new LinkedHashMap<>();
        var it = d.properties().iterator();
        while (it.hasNext()) {
          var e = it.next();
          if (e.getValue().isTextual()) {
            digest.put(e.getKey(), e.getValue().textValue());
          }
        }
        out.add(new Subject(JsonFields.optionalText(s, "name"), digest));
      }
      JsonNode predicate = root.path("predicate");
      return new InTotoStatement(type, List.copyOf(out), predicateType, predicate);
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          "in-toto statement is not JSON: " + JsonFields.printable(e.getMessage()));
    }
  }

  /**
   * @param digest a digest
   * @return whether a subject carries it
   */
  public boolean hasSubject(Digest digest) {
    return subjects.stream()
        .anyMatch(s -> digest.hex().equalsIgnoreCase(s.digest().get(digest.algorithm())));
  }

  /**
   * @return the subject digests as {@code alg:hex}, for messages
   */
  public List<String> subjectDigests() {
    List<String> out = new ArrayList<>();
    for (Subject s : subjects) {
      s.digest().forEach((alg, hex) -> out.add(alg + ":" + hex));
    }
    return out;
  }
}
