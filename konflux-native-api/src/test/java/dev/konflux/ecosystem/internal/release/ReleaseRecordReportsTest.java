package dev.konflux.ecosystem.internal.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.TargetReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Target reports in {@code release.json}: written only when present, read back as written. */
class ReleaseRecordReportsTest {
  private static ReleaseRecord record(List<TargetReport> reports) {
    return new ReleaseRecord(
        ReleaseRecord.SCHEMA_VERSION,
        "app",
        Instant.parse("2026-01-02T03:04:05Z"),
        "fp",
        List.of(),
        false,
        List.of(),
        List.of(),
        reports);
  }

  @Test
  void reportsRoundTripAndAreAbsentWhenEmpty() throws Exception {
    ReleaseRecord with =
        record(
            List.of(
                new TargetReport("maven", "central-readiness", "org.example:a:1.0", List.of()),
                new TargetReport(
                    "maven",
                    "central-readiness",
                    "org.example:b:2.0",
                    List.of(
                        new TargetReport.Finding(
                            "POM_MISSING_SCM", "the POM has no <scm>", "org/example/b/2.0/b.pom"),
                        new TargetReport.Finding("SNAPSHOT_VERSION", "a snapshot", null)))));
    byte[] json = ReleaseRecordJson.write(with);
    String text = new String(json, StandardCharsets.UTF_8);
    assertTrue(text.contains("\"passed\" : false"), text);
    ReleaseRecord read = ReleaseRecordJson.read(json);
    assertEquals(with.reports(), read.reports());
    assertTrue(read.reports().get(0).passed());
    assertFalse(read.reports().get(1).passed());

    ReleaseRecord without = record(List.of());
    String plain = new String(ReleaseRecordJson.write(without), StandardCharsets.UTF_8);
    assertFalse(plain.contains("reports"), plain);
    assertEquals(
        List.of(), ReleaseRecordJson.read(plain.getBytes(StandardCharsets.UTF_8)).reports());
  }

  @Property(tries = 300)
  void reportsWithArbitraryValuesGiveARecordOrInvalidInput(@ForAll @Size(max = 40) String value) {
    String v = value.replace("\\", "\\\\").replace("\"", "\\\"");
    String doc =
        "{\"schemaVersion\":1,\"application\":\"a\",\"releaseTime\":\"2026-01-02T03:04:05Z\","
            + "\"inputFingerprint\":\"f\",\"components\":[],"
            + "\"verification\":{\"skipped\":false,\"decisions\":[]},\"files\":[],"
            + "\"reports\":[{\"ecosystem\":\""
            + v
            + "\",\"subject\":\""
            + v
            + "\",\"findings\":[{\"rule\":\""
            + v
            + "\",\"file\":\""
            + v
            + "\"}, \""
            + v
            + "\"]}]}";
    try {
      ReleaseRecordJson.read(doc.getBytes(StandardCharsets.UTF_8));
    } catch (InvalidInputException expected) {
      // the typed answer
    }
  }
}
