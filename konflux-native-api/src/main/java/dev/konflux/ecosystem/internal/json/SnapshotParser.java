package dev.konflux.ecosystem.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Snapshot;
import dev.konflux.ecosystem.internal.io.BoundedReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Parses Konflux Snapshot JSON. */
public final class SnapshotParser {
  private SnapshotParser() {}

  /** Line and column of a syntax error, without the parser's description of its input source. */
  private static String where(com.fasterxml.jackson.core.JsonProcessingException e) {
    com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
    if (at == null || at.getLineNr() < 1) {
      return "";
    }
    return " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /**
   * The first clause of a parser message ("Unexpected character ('x' (code 120))"), without the
   * list of what was expected and the source excerpt the JSON library appends.
   */
  private static String summary(@Nullable String message) {
    String m = String.valueOf(message);
    int cut = m.length();
    for (String stop : new String[] {"\n", ": expected", " at [Source", "; line:"}) {
      int i = m.indexOf(stop);
      if (i > 0) {
        cut = Math.min(cut, i);
      }
    }
    m = ManifestParser.printable(m.substring(0, cut));
    return m.length() > 160 ? m.substring(0, 160) + "…" : m;
  }

  /**
   * @param in the JSON
   * @return the snapshot
   * @throws InvalidInputException if malformed
   * @throws IOException if reading fails
   */
  public static Snapshot parse(InputStream in) throws InvalidInputException, IOException {
    byte[] bytes = BoundedReader.readAtMost(in, 4 * 1024 * 1024, "snapshot");
    JsonNode root;
    try {
      root = Json.tree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidInputException(
          "snapshot is not valid JSON" + where(e) + ": " + summary(e.getOriginalMessage()));
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException("snapshot is not valid JSON: " + summary(e.getMessage()));
    }
    if (!root.isObject()) {
      throw new InvalidInputException("snapshot is not a JSON object");
    }
    // A Snapshot custom resource carries the same fields under "spec".
    if (root.has("spec") && root.get("spec").isObject()) {
      root = root.get("spec");
    }
    String application = ManifestParser.text(root, "application");
    if (application == null || application.isBlank()) {
      throw new InvalidInputException("snapshot has no application");
    }
    JsonNode comps = root.get("components");
    if (comps == null || !comps.isArray() || comps.isEmpty()) {
      throw new InvalidInputException("snapshot " + application + " has no components");
    }
    List<Snapshot.Component> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonNode c : comps) {
      if (!c.isObject()) {
        throw new InvalidInputException("snapshot component is not an object");
      }
      String name = ManifestParser.text(c, "name");
      if (name == null || name.isBlank()) {
        throw new InvalidInputException("snapshot component without name");
      }
      if (!names.add(name)) {
        throw new InvalidInputException(
            "snapshot names component " + ManifestParser.printable(name) + " twice");
      }
      String image = ManifestParser.text(c, "containerImage");
      if (image == null) {
        throw new InvalidInputException(
            "component " + ManifestParser.printable(name) + " has no containerImage");
      }
      ArtifactReference ref = ArtifactReference.parse(image);
      String url = null;
      String revision = null;
      JsonNode git = c.path("source").path("git");
      if (git.isObject()) {
        url = ManifestParser.text(git, "url");
        revision = ManifestParser.text(git, "revision");
      }
      out.add(new Snapshot.Component(name, ref, url, revision));
    }
    return new Snapshot(application, out);
  }
}
