package dev.konflux.ecosystem.internal.release;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.spi.FileOrigin;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the entries of {@code release.json}'s {@code files} array from the parser's tokens, one
 * entry at a time. A committed record of 50,000 packages has 50,000 entries: reading each as a
 * Jackson tree first made a node per field and then copied it out again, which was the largest part
 * of reading the record. Entries of one artifact repeat their component, reference and manifest
 * digest, so the last of each is reused instead of parsed (and held) again.
 *
 * <p>Unknown fields are skipped (a newer writer may add some); a known field of the wrong JSON
 * type, a missing required field or a malformed digest is an {@link InvalidInputException}.
 */
final class FileEntryReader {
  private @Nullable String lastComponent;
  private @Nullable String lastReference;
  private @Nullable String lastManifestText;
  private @Nullable Digest lastManifest;

  /**
   * Reads one entry; the parser is on its {@code START_OBJECT} and is left on its {@code
   * END_OBJECT}.
   *
   * @param p the parser
   * @return the entry
   * @throws InvalidInputException if the entry is not a valid file entry
   * @throws IOException if reading fails or the JSON is malformed
   */
  ReleaseRecord.FileEntry read(JsonParser p) throws IOException, InvalidInputException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw invalid("a file entry is not an object");
    }
    String path = null;
    String ecosystem = null;
    Digest sha256 = null;
    long size = -1;
    List<FileOrigin> origins = null;
    List<String> derivedFrom = List.of();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "path" -> path = text(p, name);
        case "ecosystem" -> ecosystem = text(p, name);
        case "sha256" -> sha256 = sha256(text(p, name));
        case "size" -> size = size(p);
        case "origins" -> origins = origins(p);
        case "derivedFrom" -> derivedFrom = strings(p, name);
        default -> p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw invalid("a file entry ends early");
    }
    if (path == null || ecosystem == null || sha256 == null || size < 0 || origins == null) {
      throw invalid(
          "a file entry lacks path, ecosystem, sha256, size or origins"
              + (path == null ? "" : " (" + path + ")"));
    }
    return new ReleaseRecord.FileEntry(path, ecosystem, sha256, size, origins, derivedFrom);
  }

  private List<FileOrigin> origins(JsonParser p) throws IOException, InvalidInputException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw invalid("origins is not an array");
    }
    List<FileOrigin> origins = new ArrayList<>(1);
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
      origins.add(origin(p));
    }
    if (t != JsonToken.END_ARRAY) {
      throw invalid("an origin is not an object");
    }
    return origins;
  }

  private FileOrigin origin(JsonParser p) throws IOException, InvalidInputException {
    String component = null;
    String reference = null;
    Digest manifest = null;
    Digest layer = null;
    String archiveEntry = null;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "component" -> component = lastComponent = reuse(lastComponent, text(p, name));
        case "reference" -> reference = lastReference = reuse(lastReference, text(p, name));
        case "manifestDigest" -> manifest = manifest(text(p, name));
        case "layerDigest" -> layer = Digest.parse(text(p, name));
        case "archiveEntry" ->
            archiveEntry = p.currentToken() == JsonToken.VALUE_NULL ? null : text(p, name);
        default -> p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw invalid("an origin ends early");
    }
    if (component == null || reference == null || manifest == null || layer == null) {
      throw invalid("an origin lacks component, reference, manifestDigest or layerDigest");
    }
    return new FileOrigin(component, reference, manifest, layer, archiveEntry);
  }

  /** The previous entry's string when it is equal to this one's (one object, not one per entry). */
  private static String reuse(@Nullable String last, String text) {
    return last != null && last.equals(text) ? last : text;
  }

  private Digest manifest(String text) throws InvalidInputException {
    Digest last = lastManifest;
    if (last != null && text.equals(lastManifestText)) {
      return last;
    }
    Digest d = Digest.parse(text);
    lastManifestText = text;
    lastManifest = d;
    return d;
  }

  private static Digest sha256(String hex) throws InvalidInputException {
    try {
      return Digest.sha256(hex);
    } catch (IllegalArgumentException e) {
      throw invalid("a file entry's sha256 is not a SHA-256 digest: " + e.getMessage());
    }
  }

  private static long size(JsonParser p) throws IOException, InvalidInputException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw invalid("a file entry's size is not an integer");
    }
    long size = p.getLongValue();
    if (size < 0) {
      throw invalid("a file entry's size is negative");
    }
    return size;
  }

  private static List<String> strings(JsonParser p, String field)
      throws IOException, InvalidInputException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw invalid(field + " is not an array");
    }
    List<String> out = new ArrayList<>(2);
    while (p.nextToken() != JsonToken.END_ARRAY) {
      out.add(text(p, field));
    }
    return out;
  }

  private static String text(JsonParser p, String field) throws IOException, InvalidInputException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw invalid(field + " is not a string");
    }
    return p.getText();
  }

  private static InvalidInputException invalid(String why) {
    return new InvalidInputException("release.json is not a valid release record: " + why);
  }
}
