package dev.konflux.ecosystem.internal.release;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
      // Only when a target reported something, so records without reports keep their exact form.
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
          if (f.file() != null) {
            fn.put("file", f.file());
          }
        }
      }
    }
    try {
      return (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise release record", e);
    }
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
      JsonNode root = Json.tree(bytes);
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
      List<ReleaseRecord.FileEntry> files = new ArrayList<>();
      for (JsonNode f : root.path("files")) {
        List<FileOrigin> origins = new ArrayList<>();
        for (JsonNode o : f.path("origins")) {
          origins.add(
              new FileOrigin(
                  o.path("component").asText(),
                  o.path("reference").asText(),
                  Digest.parse(o.path("manifestDigest").asText()),
                  Digest.parse(o.path("layerDigest").asText()),
                  o.hasNonNull("archiveEntry") ? o.get("archiveEntry").asText() : null));
        }
        List<String> derivedFrom = new ArrayList<>();
        for (JsonNode d : f.path("derivedFrom")) {
          derivedFrom.add(d.asText());
        }
        files.add(
            new ReleaseRecord.FileEntry(
                f.path("path").asText(),
                f.path("ecosystem").asText(),
                Digest.sha256(f.path("sha256").asText()),
                f.path("size").asLong(),
                origins,
                derivedFrom));
      }
      List<TargetReport> reports = new ArrayList<>();
      for (JsonNode r : root.path("reports")) {
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
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          "release.json is not a valid release record: " + e.getMessage());
    }
  }
}
