package dev.konflux.ecosystem.internal.release;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.ProvenanceView;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.TargetReport;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.internal.json.Json;
import dev.konflux.ecosystem.spi.FileOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads {@code release.json}. Written by hand from a tree so the field names are a
 * documented format, independent of Java record names; keys come out in a fixed order.
 */
public final class ReleaseRecordJson {
  private ReleaseRecordJson() {}

  /**
   * @param record the record
   * @return pretty-printed JSON bytes ending with a newline
   */
  public static byte[] write(ReleaseRecord record) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      write(record, out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise release record", e);
    }
    return out.toByteArray();
  }

  /**
   * Writes the record a file entry at a time (the entries are never all in memory as JSON): the
   * same bytes as {@link #write(ReleaseRecord)}.
   *
   * @param record the record
   * @param out where to write (not closed)
   * @throws IOException if writing fails
   */
  public static void write(ReleaseRecord record, OutputStream out) throws IOException {
    OutputStream unclosed =
        new java.io.FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush();
          }
        };
    try (JsonGenerator g =
        Json.MAPPER.writerWithDefaultPrettyPrinter().createGenerator(unclosed, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("schemaVersion", record.schemaVersion());
      g.writeStringField("application", record.application());
      g.writeStringField("releaseTime", record.releaseTime().toString());
      g.writeStringField("inputFingerprint", record.inputFingerprint());
      g.writeFieldName("components");
      g.writeTree(components(record));
      g.writeFieldName("verification");
      g.writeTree(verification(record));
      g.writeArrayFieldStart("files");
      for (ReleaseRecord.FileEntry f : record.files()) {
        writeFile(g, f);
      }
      g.writeEndArray();
      if (!record.reports().isEmpty()) {
        // Only when a target reported something, so records without reports keep their exact form.
        g.writeFieldName("reports");
        g.writeTree(reports(record));
      }
      g.writeEndObject();
    }
    out.write('\n');
  }

  private static ArrayNode components(ReleaseRecord record) {
    ArrayNode comps = Json.MAPPER.createArrayNode();
    for (ReleaseRecord.ComponentEntry c : record.components()) {
      ObjectNode n = comps.addObject();
      n.put("name", c.name());
      n.put("reference", c.reference());
      n.put("rootDigest", c.rootDigest().toString());
      ArrayNode arts = n.putArray("artifacts");
      for (ReleaseRecord.ArtifactEntry a : c.artifacts()) {
        ObjectNode an = arts.addObject();
        an.put("manifestDigest", a.manifestDigest().toString());
        an.put("artifactType", a.artifactType());
        an.put("ecosystem", a.ecosystem());
      }
    }
    return comps;
  }

  private static ObjectNode verification(ReleaseRecord record) {
    ObjectNode verification = Json.MAPPER.createObjectNode();
    verification.put("skipped", record.verificationSkipped());
    ArrayNode decisions = verification.putArray("decisions");
    for (VerificationDecision d : record.decisions()) {
      ObjectNode n = decisions.addObject();
      n.put("component", d.component());
      n.put("subject", d.subject().toString());
      if (d.referrer() != null) {
        n.put("referrer", d.referrer().toString());
      }
      n.put("kind", d.kind().name());
      if (d.signer() != null) {
        n.put("signer", d.signer());
      }
      n.put("passed", d.passed());
      n.put("reason", d.reason());
      if (d.predicateType() != null) {
        n.put("predicateType", d.predicateType());
      }
      if (d.layer() != null) {
        n.put("layer", d.layer().toString());
      }
      if (d.provenance() != null) {
        n.set("provenance", Json.MAPPER.valueToTree(d.provenance()));
      }
    }
    return verification;
  }

  /**
   * Writes a file entry straight to the generator, without a tree per file (50,000 of them in a
   * large record): the same tokens, so the same bytes, as the tree it replaced.
   */
  private static void writeFile(JsonGenerator g, ReleaseRecord.FileEntry f) throws IOException {
    g.writeStartObject();
    g.writeStringField("path", f.path());
    g.writeStringField("ecosystem", f.ecosystem());
    g.writeStringField("sha256", f.sha256().hex());
    g.writeNumberField("size", f.size());
    g.writeArrayFieldStart("origins");
    for (FileOrigin o : f.origins()) {
      g.writeStartObject();
      g.writeStringField("component", o.component());
      g.writeStringField("reference", o.reference());
      g.writeStringField("manifestDigest", o.manifestDigest().toString());
      g.writeStringField("layerDigest", o.layerDigest().toString());
      if (o.archiveEntry() != null) {
        g.writeStringField("archiveEntry", o.archiveEntry());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    if (!f.derivedFrom().isEmpty()) {
      g.writeArrayFieldStart("derivedFrom");
      for (String d : f.derivedFrom()) {
        g.writeString(d);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static ArrayNode reports(ReleaseRecord record) {
    ArrayNode reports = Json.MAPPER.createArrayNode();
    for (TargetReport r : record.reports()) {
      ObjectNode n = reports.addObject();
      n.put("ecosystem", r.ecosystem());
      n.put("kind", r.kind());
      n.put("subject", r.subject());
      n.put("passed", r.passed());
      ArrayNode findings = n.putArray("findings");
      for (TargetReport.Finding f : r.findings()) {
        ObjectNode fn = findings.addObject();
        fn.put("rule", f.rule());
        fn.put("message", f.message());
        if (f.file() != null) {
          fn.put("file", f.file());
        }
      }
    }
    return reports;
  }

  /**
   * Reads a record written by {@link #write}.
   *
   * @param bytes the file content
   * @return the record
   * @throws InvalidInputException if it is not a release record
   */
  public static ReleaseRecord read(byte[] bytes) throws InvalidInputException {
    try {
      return read(new java.io.ByteArrayInputStream(bytes));
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidInputException(
          "release.json is not a valid release record: " + e.getMessage());
    }
  }

  /**
   * Reads a record a file entry at a time: the entries go to a {@link SpilledList} (a temporary
   * file), never all onto the heap. Everything else in the record is small and read as a tree.
   *
   * @param source the JSON document (read to its end, not closed)
   * @return the record, its {@link ReleaseRecord#files()} kept on disk
   * @throws InvalidInputException if it is not a release record (not JSON, truncated, a field of
   *     the wrong type, content after the document)
   * @throws IOException if reading {@code in} or writing the temporary file fails
   */
  public static ReleaseRecord read(InputStream source) throws InvalidInputException, IOException {
    InputStream in =
        new java.io.FilterInputStream(source) {
          @Override
          public void close() {
            // the caller's
          }
        };
    try (SpilledList.Writer<ReleaseRecord.FileEntry> files =
        SpilledList.writer(FileCodecs.FILE_ENTRY, ReleaseRecord.FileEntry::path)) {
      ObjectNode root = Json.MAPPER.createObjectNode();
      try (JsonParser p = Json.MAPPER.createParser(in)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw invalid("not a JSON object");
        }
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (value == null) {
            throw invalid("ends early");
          }
          if (root.has(name) || ("files".equals(name) && files.count() > 0)) {
            throw invalid("duplicate field " + name);
          }
          if ("files".equals(name)) {
            if (value != JsonToken.START_ARRAY) {
              throw invalid("files is not an array");
            }
            FileEntryReader entries = new FileEntryReader();
            while (p.nextToken() != JsonToken.END_ARRAY) {
              if (p.currentToken() == null) {
                throw invalid("ends early");
              }
              files.add(entries.read(p));
            }
          } else {
            JsonNode v = p.readValueAsTree();
            if (v == null) {
              throw invalid("ends early");
            }
            root.set(name, v);
          }
        }
        if (t != JsonToken.END_OBJECT) {
          throw invalid("ends early");
        }
        if (p.nextToken() != null) {
          throw invalid("content after the record");
        }
      }
      return record(root, files.finish());
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    } catch (com.fasterxml.jackson.core.JacksonException
        | java.io.CharConversionException
        | RuntimeException e) {
      throw invalid(e.getMessage());
    }
  }

  private static InvalidInputException invalid(@Nullable String why) {
    return new InvalidInputException("release.json is not a valid release record: " + why);
  }

  private static ReleaseRecord record(JsonNode root, List<ReleaseRecord.FileEntry> files)
      throws IOException, InvalidInputException {
    return record(root, files, null);
  }

  private static ReleaseRecord record(
      JsonNode root, List<ReleaseRecord.FileEntry> files, @Nullable List<TargetReport> lazyReports)
      throws IOException, InvalidInputException {
    List<ReleaseRecord.ComponentEntry> comps = new ArrayList<>();
    for (JsonNode c : root.path("components")) {
      List<ReleaseRecord.ArtifactEntry> arts = new ArrayList<>();
      for (JsonNode a : c.path("artifacts")) {
        arts.add(
            new ReleaseRecord.ArtifactEntry(
                Digest.parse(a.path("manifestDigest").asText()),
                a.path("artifactType").asText(),
                a.path("ecosystem").asText()));
      }
      comps.add(
          new ReleaseRecord.ComponentEntry(
              c.path("name").asText(),
              c.path("reference").asText(),
              Digest.parse(c.path("rootDigest").asText()),
              arts));
    }
    List<VerificationDecision> decisions = new ArrayList<>();
    for (JsonNode d : root.path("verification").path("decisions")) {
      decisions.add(
          new VerificationDecision(
              d.path("component").asText(),
              Digest.parse(d.path("subject").asText()),
              d.hasNonNull("referrer") ? Digest.parse(d.get("referrer").asText()) : null,
              VerificationDecision.Kind.valueOf(d.path("kind").asText()),
              d.hasNonNull("signer") ? d.get("signer").asText() : null,
              d.path("passed").asBoolean(),
              d.path("reason").asText(),
              d.hasNonNull("predicateType") ? d.get("predicateType").asText() : null,
              d.hasNonNull("provenance")
                  ? Json.MAPPER.treeToValue(d.get("provenance"), ProvenanceView.class)
                  : null,
              d.hasNonNull("layer") ? Digest.parse(d.get("layer").asText()) : null));
    }
    List<TargetReport> reports = lazyReports != null ? lazyReports : new ArrayList<>();
    for (JsonNode r : lazyReports != null ? List.<JsonNode>of() : root.path("reports")) {
      List<TargetReport.Finding> findings = new ArrayList<>();
      for (JsonNode f : r.path("findings")) {
        findings.add(
            new TargetReport.Finding(
                f.path("rule").asText(),
                f.path("message").asText(),
                f.hasNonNull("file") ? f.get("file").asText() : null));
      }
      reports.add(
          new TargetReport(
              r.path("ecosystem").asText(),
              r.path("kind").asText(),
              r.path("subject").asText(),
              findings));
    }
    return new ReleaseRecord(
        root.path("schemaVersion").asInt(),
        root.path("application").asText(),
        Instant.parse(root.path("releaseTime").asText()),
        root.path("inputFingerprint").asText(),
        comps,
        root.path("verification").path("skipped").asBoolean(),
        decisions,
        files,
        reports);
  }

  /**
   * Reads a committed record's head (everything before its files) now, and its files and reports
   * only when they are first used, checking then that the file still has the digest it had.
   *
   * @param json the committed {@code release.json}
   * @param digest its SHA-256, as checked by the caller
   * @return the record; using its files or reports throws {@link IllegalStateException} if the file
   *     changed meanwhile or cannot be read any more
   * @throws IOException if the head cannot be read or is not a release record's
   */
  static ReleaseRecord readLazily(java.nio.file.Path json, Digest digest) throws IOException {
    ObjectNode root = Json.MAPPER.createObjectNode();
    try (InputStream in = java.nio.file.Files.newInputStream(json);
        JsonParser p = Json.MAPPER.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (p.nextToken() == null) {
          throw new IOException("ends early");
        }
        if ("files".equals(name)) {
          break;
        }
        JsonNode v = p.readValueAsTree();
        if (v == null || root.has(name)) {
          throw new IOException("ends early or repeats " + name);
        }
        root.set(name, v);
      }
    }
    Supplier<ReleaseRecord> full =
        new Supplier<>() {
          private @Nullable ReleaseRecord record;

          @Override
          public synchronized ReleaseRecord get() {
            ReleaseRecord r = record;
            if (r == null) {
              r = readChecked(json, digest);
              record = r;
            }
            return r;
          }
        };
    try {
      return record(
          root,
          new LazyList<>(() -> full.get().files()),
          new LazyList<>(() -> full.get().reports()));
    } catch (InvalidInputException | RuntimeException e) {
      throw new IOException("not a release record: " + e.getMessage(), e);
    }
  }

  private static ReleaseRecord readChecked(java.nio.file.Path json, Digest digest) {
    java.security.MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
    ReleaseRecord r;
    try (InputStream in =
        new java.security.DigestInputStream(java.nio.file.Files.newInputStream(json), md)) {
      r = read(in);
    } catch (IOException | InvalidInputException e) {
      throw new IllegalStateException(
          "cannot read the committed release record " + json + ": " + e.getMessage(), e);
    }
    Digest now = Digest.sha256(md.digest());
    if (!now.equals(digest)) {
      throw new IllegalStateException(
          "the committed release record "
              + json
              + " changed after it was checked: it was "
              + digest
              + ", it is "
              + now);
    }
    return r;
  }

  /**
   * Reads only as far as the record's {@code inputFingerprint} (the fourth field as {@link #write}
   * writes it), for telling quickly that an output holds another release.
   *
   * @param in the JSON document (not closed)
   * @return the fingerprint, or {@code null} if the document has none before its files
   * @throws IOException if it is not JSON or reading fails
   */
  static @Nullable String fingerprint(InputStream in) throws IOException {
    try (JsonParser p =
        Json.MAPPER.createParser(
            new java.io.FilterInputStream(in) {
              @Override
              public void close() {
                // the caller's
              }
            })) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("inputFingerprint".equals(name) && value == JsonToken.VALUE_STRING) {
          return p.getText();
        }
        if ("files".equals(name)) {
          return null;
        }
        p.skipChildren();
      }
      return null;
    }
  }
}
