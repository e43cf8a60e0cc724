package dev.konflux.ecosystem.internal.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.TargetReport;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.internal.json.Json;
import dev.konflux.ecosystem.spi.FileOrigin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@code release.json} written and read a file entry at a time: the same bytes as the tree it was
 * written from before, any number of entries kept in a temporary file, and every damaged record a
 * typed error.
 */
class StreamedReleaseRecordTest {

  private static Digest digest(int i, String salt) {
    return Digest.sha256Of((salt + i).getBytes(StandardCharsets.UTF_8));
  }

  private static ReleaseRecord record(int files, boolean reports) {
    List<ReleaseRecord.FileEntry> entries = new ArrayList<>();
    Digest manifest = digest(0, "manifest");
    for (int i = 0; i < files; i++) {
      String name = String.format("rpm/x86_64/Packages/b/bench-%06d-1.0-1.noarch.rpm", i);
      List<FileOrigin> origins =
          i % 7 == 0
              ? List.of()
              : List.of(
                  new FileOrigin(
                      "comp",
                      "oci-layout:/tmp/layout@" + manifest,
                      manifest,
                      digest(i, "layer"),
                      i % 3 == 0 ? "RPMS/noarch/bench-" + i + ".rpm" : null));
      List<String> derived = i % 7 == 0 ? List.of("rpm/x86_64/repodata/x", "key:ABC") : List.of();
      entries.add(
          new ReleaseRecord.FileEntry(name, "rpm", digest(i, "file"), 1000L + i, origins, derived));
    }
    return new ReleaseRecord(
        1,
        "app \"quoted\" ünïcode",
        Instant.parse("2026-12-02T12:00:00Z"),
        "sha256:" + "ab".repeat(32),
        List.of(
            new ReleaseRecord.ComponentEntry(
                "comp",
                "oci-layout:/tmp/layout@" + manifest,
                manifest,
                List.of(
                    new ReleaseRecord.ArtifactEntry(
                        manifest, "application/vnd.konflux.rpms", "rpm")))),
        false,
        List.of(
            new VerificationDecision(
                "comp",
                manifest,
                null,
                VerificationDecision.Kind.values()[0],
                "signer",
                true,
                "ok",
                null,
                null,
                null)),
        entries,
        reports
            ? List.of(
                new TargetReport(
                    "rpm",
                    "kind",
                    "subject",
                    List.of(new TargetReport.Finding("rule", "message", "file"))))
            : List.of());
  }

  /** How release.json was written before: one tree of the whole record, pretty-printed. */
  private static byte[] asOneTree(ReleaseRecord record) throws Exception {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("schemaVersion", record.schemaVersion());
    root.put("application", record.application());
    root.put("releaseTime", record.releaseTime().toString());
    root.put("inputFingerprint", record.inputFingerprint());
    ArrayNode comps = root.putArray("components");
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
    ObjectNode verification = root.putObject("verification");
    verification.put("skipped", record.verificationSkipped());
    ArrayNode decisions = verification.putArray("decisions");
    for (VerificationDecision d : record.decisions()) {
      ObjectNode n = decisions.addObject();
      n.put("component", d.component());
      n.put("subject", d.subject().toString());
      n.put("kind", d.kind().name());
      n.put("signer", d.signer());
      n.put("passed", d.passed());
      n.put("reason", d.reason());
    }
    ArrayNode files = root.putArray("files");
    for (ReleaseRecord.FileEntry f : record.files()) {
      ObjectNode n = files.addObject();
      n.put("path", f.path());
      n.put("ecosystem", f.ecosystem());
      n.put("sha256", f.sha256().hex());
      n.put("size", f.size());
      ArrayNode origins = n.putArray("origins");
      for (FileOrigin o : f.origins()) {
        ObjectNode on = origins.addObject();
        on.put("component", o.component());
        on.put("reference", o.reference());
        on.put("manifestDigest", o.manifestDigest().toString());
        on.put("layerDigest", o.layerDigest().toString());
        if (o.archiveEntry() != null) {
          on.put("archiveEntry", o.archiveEntry());
        }
      }
      if (!f.derivedFrom().isEmpty()) {
        ArrayNode derived = n.putArray("derivedFrom");
        f.derivedFrom().forEach(derived::add);
      }
    }
    if (!record.reports().isEmpty()) {
      ArrayNode reports = root.putArray("reports");
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
          fn.put("file", f.file());
        }
      }
    }
    return (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void streamedBytesAreThoseOfTheWholeTree() throws Exception {
    for (int n : new int[] {0, 1, 30}) {
      for (boolean reports : new boolean[] {false, true}) {
        ReleaseRecord r = record(n, reports);
        assertArrayEquals(asOneTree(r), ReleaseRecordJson.write(r), n + " files");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.write(out);
        assertArrayEquals(asOneTree(r), out.toByteArray());
      }
    }
  }

  @Test
  void aRecordWithManyEntriesRoundTripsThroughATemporaryFile() throws Exception {
    ReleaseRecord r = record(20_000, true);
    byte[] json = ReleaseRecordJson.write(r);
    ReleaseRecord back = ReleaseRecord.read(new ByteArrayInputStream(json));
    SpilledList<?> files = assertInstanceOf(SpilledList.class, back.files());
    assertEquals(20_000, files.size());
    assertTrue(files.sorted());
    assertEquals(r, back);
    assertEquals(r.files().get(12_345), back.files().get(12_345));
    assertEquals(
        12_345,
        files.find(String.format("rpm/x86_64/Packages/b/bench-%06d-1.0-1.noarch.rpm", 12_345)));
    assertEquals(-1, files.find("rpm/x86_64/Packages/b/bench-"));
    // Written again from the spilled list: the same bytes, and the record is not copied.
    assertArrayEquals(json, ReleaseRecordJson.write(back));
    assertTrue(
        new ReleaseRecord(
                    1,
                    "a",
                    Instant.EPOCH,
                    "f",
                    List.of(),
                    false,
                    List.of(),
                    back.files(),
                    List.of())
                .files()
            == back.files());
  }

  @Test
  void everyTruncationOfARecordIsInvalidInput() throws Exception {
    byte[] json = ReleaseRecordJson.write(record(3, true));
    // Whitespace at the end may go; anything more is a damaged record.
    int end = json.length - 1;
    for (int cut = 0; cut < end; cut++) {
      byte[] part = Arrays.copyOf(json, cut);
      assertThrows(
          InvalidInputException.class,
          () -> ReleaseRecordJson.read(new ByteArrayInputStream(part)),
          "cut at " + cut);
    }
  }

  @Test
  void contentAfterTheRecordIsInvalidInput() throws Exception {
    byte[] json = ReleaseRecordJson.write(record(2, false));
    byte[] twice = new byte[json.length * 2];
    System.arraycopy(json, 0, twice, 0, json.length);
    System.arraycopy(json, 0, twice, json.length, json.length);
    assertThrows(InvalidInputException.class, () -> ReleaseRecordJson.read(twice));
  }

  @Test
  void theFingerprintIsReadFromTheHeadAlone() throws Exception {
    byte[] json = ReleaseRecordJson.write(record(50, false));
    // Only the head: the files part is cut off and never needed.
    byte[] head = Arrays.copyOf(json, 600);
    assertEquals(
        "sha256:" + "ab".repeat(32), ReleaseRecordJson.fingerprint(new ByteArrayInputStream(head)));
  }

  /** A valid record with one byte changed, inserted or removed reads or is InvalidInput. */
  @Property(tries = 400)
  void damagedRecordsGiveARecordOrInvalidInput(
      @ForAll @IntRange(min = 0, max = 100_000) int where,
      @ForAll byte value,
      @ForAll @IntRange(min = 0, max = 2) int how)
      throws Exception {
    byte[] json = ReleaseRecordJson.write(record(4, true));
    int at = where % json.length;
    byte[] damaged;
    if (how == 0) {
      damaged = json.clone();
      damaged[at] = value;
    } else if (how == 1) {
      damaged = new byte[json.length + 1];
      System.arraycopy(json, 0, damaged, 0, at);
      damaged[at] = value;
      System.arraycopy(json, at, damaged, at + 1, json.length - at);
    } else {
      damaged = new byte[json.length - 1];
      System.arraycopy(json, 0, damaged, 0, at);
      System.arraycopy(json, at + 1, damaged, at, json.length - at - 1);
    }
    try {
      ReleaseRecord r = ReleaseRecordJson.read(new ByteArrayInputStream(damaged));
      // What reads is a record whose files can all be read back.
      r.files().forEach(f -> assertTrue(f.path() != null));
    } catch (InvalidInputException expected) {
      // the typed answer
    }
  }

  /** The record of {@link #record} with its first file entry's text replaced. */
  private static byte[] withFirstEntry(String entry) throws Exception {
    String json = new String(ReleaseRecordJson.write(record(2, false)), StandardCharsets.UTF_8);
    int files = json.indexOf("\"files\"");
    int start = json.indexOf('{', files);
    int end = json.indexOf("\n  }, {", start) + 4;
    return (json.substring(0, start) + entry + json.substring(end))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static final String ORIGIN =
      "{\"component\":\"c\",\"reference\":\"r\",\"manifestDigest\":\"sha256:"
          + "ab".repeat(32)
          + "\",\"layerDigest\":\"sha256:"
          + "cd".repeat(32)
          + "\"}";

  @Test
  void unknownFieldsOfAFileEntryAreSkipped() throws Exception {
    String entry =
        "{\"path\":\"p\",\"later\":{\"a\":[1,{\"b\":2}]},\"ecosystem\":\"rpm\",\"sha256\":\""
            + "ef".repeat(32)
            + "\",\"size\":5,\"origins\":["
            + ORIGIN
            + "],\"also\":[\"x\"]}";
    ReleaseRecord r = ReleaseRecordJson.read(withFirstEntry(entry));
    ReleaseRecord.FileEntry f = r.files().get(0);
    assertEquals("p", f.path());
    assertEquals(5, f.size());
    assertEquals(Digest.sha256("ef".repeat(32)), f.sha256());
    assertEquals(Digest.sha256("cd".repeat(32)), f.origins().get(0).layerDigest());
    assertEquals(2, r.files().size());
  }

  /**
   * Each field of a file entry missing, or of another JSON type, is a typed error: the tree reader
   * this replaced took a missing path as "" and a number where a string belonged as its text.
   */
  @Property(tries = 200)
  void aFileEntryFieldMissingOrOfAnotherTypeIsInvalidInput(
      @ForAll @IntRange(min = 0, max = 8) int field,
      @ForAll @IntRange(min = 0, max = 4) int replacement) {
    String[] names = {
      "path",
      "ecosystem",
      "sha256",
      "size",
      "origins",
      "component",
      "reference",
      "manifestDigest",
      "layerDigest"
    };
    String[] values = {
      "\"p\"",
      "\"rpm\"",
      "\"" + "ef".repeat(32) + "\"",
      "5",
      "[" + ORIGIN + "]",
      "\"c\"",
      "\"r\"",
      "\"sha256:" + "ab".repeat(32) + "\"",
      "\"sha256:" + "cd".repeat(32) + "\""
    };
    // null stands for "left out"; each is of a type the field does not have
    String[] others = {null, "7", "true", "{}", "[]"};
    String other = others[replacement];
    if (field == 3 && "7".equals(other)) {
      other = "\"7\""; // a size must be a number: its wrong type is a string
    }
    if (field == 4 && "[]".equals(other)) {
      other = "[7]"; // no origins is valid: an origin that is not an object is not
    }
    StringBuilder origin = new StringBuilder("{");
    StringBuilder entry = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      String v = i == field ? other : values[i];
      if (i == 4) {
        continue;
      }
      StringBuilder to = i < 5 ? entry : origin;
      if (v != null) {
        to.append(to.length() > 1 ? "," : "").append('"').append(names[i]).append("\":").append(v);
      }
    }
    origin.append('}');
    String origins = field == 4 ? other : "[" + origin + "]";
    if (origins != null) {
      entry.append(",\"origins\":").append(origins);
    }
    entry.append('}');
    assertThrows(
        InvalidInputException.class,
        () -> ReleaseRecordJson.read(withFirstEntry(entry.toString())),
        entry::toString);
  }
}
