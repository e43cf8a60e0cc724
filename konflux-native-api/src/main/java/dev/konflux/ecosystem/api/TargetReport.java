package dev.konflux.ecosystem.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A check a target made of what it published, for one subject: for example the Maven target's
 * Central readiness of one {@code groupId:artifactId:version}. Recorded in {@code release.json}
 * under {@code reports} (and printed by the CLI's {@code --json}); a report with findings does not
 * fail the release, it tells what a later step (an upload to Maven Central) would reject.
 *
 * @param ecosystem the target's ecosystem ({@code maven})
 * @param kind what was checked ({@code central-readiness})
 * @param subject what it was checked for ({@code org.example:demo:1.0})
 * @param findings what is wrong; empty when the subject passed
 */
public record TargetReport(String ecosystem, String kind, String subject, List<Finding> findings) {

  /**
   * Validates and copies.
   *
   * @param ecosystem the target's ecosystem
   * @param kind what was checked
   * @param subject what it was checked for
   * @param findings what is wrong; empty when the subject passed
   */
  public TargetReport {
    Objects.requireNonNull(ecosystem, "ecosystem");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    findings = List.copyOf(findings);
  }

  /**
   * @return whether nothing was found
   */
  public boolean passed() {
    return findings.isEmpty();
  }

  /**
   * One thing found wrong.
   *
   * @param rule a stable name of the rule broken ({@code MISSING_SOURCES_JAR})
   * @param message what is wrong and what to do, for people
   * @param file the file concerned (relative to {@code OUT/<ecosystem>}), or {@code null}
   */
  public record Finding(String rule, String message, @Nullable String file) {
    /**
     * Validates.
     *
     * @param rule a stable name of the rule broken
     * @param message what is wrong and what to do
     * @param file the file concerned, or {@code null}
     */
    public Finding {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(message, "message");
    }
  }
}
