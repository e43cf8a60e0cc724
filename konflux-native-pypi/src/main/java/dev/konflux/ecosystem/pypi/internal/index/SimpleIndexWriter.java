package dev.konflux.ecosystem.pypi.internal.index;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the static simple repository: {@code simple/index.html} and {@code
 * simple/<project>/index.html} (PEP 503 with PEP 658/714 {@code data-core-metadata} and {@code
 * data-dist-info-metadata}, PEP 740 {@code data-provenance}), and the same content as PEP 691 JSON
 * in {@code simple/index.json} and {@code simple/<project>/index.json}. A plain file server answers
 * {@code /simple/<project>/} with {@code index.html}, which every pip reads; the JSON sits beside
 * it for servers that negotiate {@code application/vnd.pypi.simple.v1+json} (see the module README
 * for why it is not the default). URLs are relative, so the tree can be served from any prefix.
 */
public final class SimpleIndexWriter {

  /** The repository API version written in both forms (PEP 740 provenance needs 1.3). */
  public static final String API_VERSION = "1.3";

  private static final DateTimeFormatter UPLOAD_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", java.util.Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final JsonFactory json = new JsonFactory();

  /**
   * @param root the ecosystem root ({@code OUT/pypi} in staging)
   * @param files every file the index lists (carried-over and new)
   * @return the paths written, relative to {@code root}
   * @throws IOException if writing fails
   */
  public List<String> write(Path root, Collection<IndexedFile> files) throws IOException {
    Map<String, List<IndexedFile>> projects = new TreeMap<>();
    for (IndexedFile f : files) {
      projects.computeIfAbsent(f.project(), p -> new ArrayList<>()).add(f);
    }
    List<String> written = new ArrayList<>();
    Files.createDirectories(root.resolve("simple"));
    writeRootHtml(root.resolve("simple/index.html"), projects.keySet());
    writeRootJson(root.resolve("simple/index.json"), projects.keySet());
    written.add("simple/index.html");
    written.add("simple/index.json");
    for (Map.Entry<String, List<IndexedFile>> e : projects.entrySet()) {
      List<IndexedFile> list = new ArrayList<>(e.getValue());
      list.sort((a, b) -> a.fileName().compareTo(b.fileName()));
      Path dir = root.resolve("simple").resolve(e.getKey());
      Files.createDirectories(dir);
      writeProjectHtml(dir.resolve("index.html"), e.getKey(), list);
      writeProjectJson(dir.resolve("index.json"), e.getKey(), list);
      written.add("simple/" + e.getKey() + "/index.html");
      written.add("simple/" + e.getKey() + "/index.json");
    }
    return written;
  }

  private static void writeRootHtml(Path file, Collection<String> projects) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(
          "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\""
              + API_VERSION
              + "\">\n    <title>Simple index</title>\n  </head>\n  <body>\n");
      for (String p : projects) {
        w.write("    <a href=\"" + p + "/\">" + p + "</a><br>\n");
      }
      w.write("  </body>\n</html>\n");
    }
  }

  private void writeRootJson(Path file, Collection<String> projects) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      meta(g);
      g.writeArrayFieldStart("projects");
      for (String p : projects) {
        g.writeStartObject();
        g.writeStringField("name", p);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void writeProjectHtml(Path file, String project, List<IndexedFile> files)
      throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(
          "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\""
              + API_VERSION
              + "\">\n    <title>Links for "
              + project
              + "</title>\n  </head>\n  <body>\n    <h1>Links for "
              + project
              + "</h1>\n");
      for (IndexedFile f : files) {
        StringBuilder a =
            new StringBuilder("    <a href=\"")
                .append(attr(fileUrl(f)))
                .append("#sha256=")
                .append(f.sha256())
                .append('"');
        if (f.requiresPython() != null) {
          a.append(" data-requires-python=\"").append(attr(f.requiresPython())).append('"');
        }
        if (f.coreMetadataSha256() != null) {
          // pip before 23.2 reads only the PEP 658 name, later ones prefer PEP 714's; see
          // IndexedFile#metadataNameNormalized for why the old one is not always offered.
          if (f.metadataNameNormalized()) {
            a.append(" data-dist-info-metadata=\"sha256=")
                .append(f.coreMetadataSha256())
                .append('"');
          }
          a.append(" data-core-metadata=\"sha256=").append(f.coreMetadataSha256()).append('"');
        }
        if (f.provenance()) {
          a.append(" data-provenance=\"").append(attr(provenanceUrl(f))).append('"');
        }
        a.append('>').append(text(f.fileName())).append("</a><br>\n");
        w.write(a.toString());
      }
      w.write("  </body>\n</html>\n");
    }
  }

  private void writeProjectJson(Path file, String project, List<IndexedFile> files)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      meta(g);
      g.writeStringField("name", project);
      g.writeArrayFieldStart("versions");
      for (String v : new TreeSet<>(files.stream().map(IndexedFile::version).toList())) {
        g.writeString(v);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("files");
      for (IndexedFile f : files) {
        g.writeStartObject();
        g.writeStringField("filename", f.fileName());
        g.writeStringField("url", fileUrl(f));
        g.writeObjectFieldStart("hashes");
        g.writeStringField("sha256", f.sha256());
        g.writeEndObject();
        if (f.requiresPython() != null) {
          g.writeStringField("requires-python", f.requiresPython());
        }
        g.writeNumberField("size", f.size());
        g.writeStringField("upload-time", UPLOAD_TIME.format(f.uploadTime()));
        g.writeBooleanField("yanked", false);
        for (String key : List.of("core-metadata", "dist-info-metadata")) {
          if (f.coreMetadataSha256() != null) {
            g.writeObjectFieldStart(key);
            g.writeStringField("sha256", f.coreMetadataSha256());
            g.writeEndObject();
          } else {
            g.writeBooleanField(key, false);
          }
        }
        if (f.provenance()) {
          g.writeStringField("provenance", provenanceUrl(f));
        } else {
          g.writeNullField("provenance");
        }
        // The version this file belongs to, so a later release can rebuild the page from this
        // JSON alone (an extra key; clients ignore keys they do not know).
        g.writeObjectFieldStart("konflux-native");
        g.writeStringField("version", f.version());
        g.writeBooleanField("metadata-name-normalized", f.metadataNameNormalized());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void meta(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("meta");
    g.writeStringField("api-version", API_VERSION);
    g.writeEndObject();
  }

  private static String fileUrl(IndexedFile f) {
    return "../../files/" + UrlPath.encode(f.fileName());
  }

  private static String provenanceUrl(IndexedFile f) {
    return "../../" + UrlPath.encodePath(f.provenancePath());
  }

  private static String attr(String s) {
    return text(s).replace("\"", "&quot;");
  }

  private static String text(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
