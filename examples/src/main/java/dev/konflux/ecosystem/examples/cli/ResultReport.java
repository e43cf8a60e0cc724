package dev.konflux.ecosystem.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.VerificationDecision;
import dev.konflux.ecosystem.api.VerificationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the CLI prints at the end of a run, made for pipelines.
 *
 * <p>Without {@code --json}: on success a summary line on standard output; on failure, on standard
 * error only, one line for the failing component (or the failure, when no component is involved)
 * and one indented line per failing verification decision; no line is printed twice and none is
 * longer than {@value #MAX_LINE} characters.
 *
 * <p>With {@code --json}: standard output holds exactly one JSON object, on success and on failure
 * alike: {@code status} ({@code released}, {@code unchanged}, {@code dry-run}, {@code failed},
 * {@code usage}), {@code exitCode}, {@code unchanged}, {@code dryRun}, {@code output}, {@code
 * components}, {@code files}, {@code decisions} and {@code reports} (as in {@code release.json};
 * {@code reports} is empty when no target reported anything, for example the Maven target's Central
 * readiness per GAV) and {@code error} ({@code null}, or its type, message, component, reference,
 * digest and operation). Failure lines still go to standard error.
 */
final class ResultReport {
  /** Longest line printed; longer ones (an unusually long reason) are cut with an ellipsis. */
  static final int MAX_LINE = 400;

  /**
   * The library names its own options in messages; on the command line the user knows them by their
   * flags. Longest names first, so a prefix never replaces part of a longer name.
   */
  private static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("VerificationPolicy.addPublicKey", "--cosign-key");
    FLAGS.put("VerificationPolicy.trustedRoot", "--trusted-root");
    FLAGS.put(
        "VerificationPolicy.addIdentity", "--certificate-identity and --certificate-oidc-issuer");
    FLAGS.put("VerificationPolicy.requirePredicateType", "--require-predicate-type");
    FLAGS.put("VerificationPolicy.requireSbom", "--require-sbom");
    FLAGS.put("VerificationPolicy.dockerReference", "--docker-reference");
    FLAGS.put("VerificationPolicy.skipVerification", "--insecure-skip-verify");
    FLAGS.put("insecureSkipVerify", "--insecure-skip-verify");
    FLAGS.put("outputDirectory(Path)", "--out");
  }

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;

  ResultReport(PrintWriter out, PrintWriter err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  /** Reports a successful run. */
  void success(TranslateResult result) {
    if (json) {
      ObjectNode root =
          result(
              result.unchanged() ? "unchanged" : result.dryRun() ? "dry-run" : "released",
              ExitCodes.OK,
              result.unchanged(),
              result.dryRun(),
              result.outputDirectory());
      JsonNode record = recordTree(result.record());
      root.set("components", record.get("components"));
      root.set("files", record.get("files"));
      root.set("decisions", record.path("verification").get("decisions"));
      JsonNode reports = record.get("reports");
      root.set("reports", reports != null ? reports : OutputJson.MAPPER.createArrayNode());
      root.putNull("error");
      print(root);
    } else if (result.unchanged()) {
      line(out, result.outputDirectory() + " already holds this release; nothing changed");
    } else if (result.dryRun()) {
      line(
          out,
          "dry run: "
              + result.record().components().size()
              + " components resolved and verified; nothing written");
    } else {
      line(
          out,
          "released " + result.record().files().size() + " files into " + result.outputDirectory());
    }
  }

  /** Reports a release the library refused. */
  void failure(KonfluxNativeException e, int exitCode, boolean dryRun, @Nullable Path output) {
    List<VerificationDecision> failed =
        e instanceof VerificationException v ? v.failedDecisions() : List.of();
    LinkedHashMap<String, Integer> lines = new LinkedHashMap<>();
    String head =
        e.component().map(c -> "✗ " + c + ": ").orElse("konflux-native: ") + flags(e.getMessage());
    lines.merge(head, 1, Integer::sum);
    for (VerificationDecision d : failed) {
      lines.merge("    " + describe(d), 1, Integer::sum);
    }
    // The same text twice (two referrers failing alike) is printed once, counted.
    lines.forEach((text, count) -> line(err, count == 1 ? text : text + " (" + count + " times)"));
    if (json) {
      ObjectNode root = result("failed", exitCode, false, dryRun, output);
      root.putArray("components");
      root.putArray("files");
      root.putArray("reports");
      root.set(
          "decisions",
          decisionsTree(e instanceof VerificationException v ? v.decisions() : List.of()));
      ObjectNode error = root.putObject("error");
      error.put("type", e.getClass().getSimpleName());
      error.put("message", flags(e.getMessage()));
      putOrNull(error, "component", e.component().orElse(null));
      putOrNull(error, "reference", e.reference().orElse(null));
      putOrNull(error, "digest", e.digest().map(Object::toString).orElse(null));
      putOrNull(error, "operation", e.operation().orElse(null));
      print(root);
    }
  }

  /** Reports a failure outside the library: an unreadable input file or an unexpected error. */
  void failure(
      String type,
      @Nullable String message,
      int exitCode,
      boolean dryRun,
      @Nullable Path output,
      @Nullable String reference) {
    line(err, "konflux-native: " + message);
    if (json) {
      ObjectNode root = result("failed", exitCode, false, dryRun, output);
      root.putArray("components");
      root.putArray("files");
      root.putArray("decisions");
      root.putArray("reports");
      ObjectNode error = root.putObject("error");
      error.put("type", type);
      error.put("message", message);
      error.putNull("component");
      putOrNull(error, "reference", reference);
      error.putNull("digest");
      error.put("operation", KonfluxNativeException.OPERATION_READ_INPUT);
      print(root);
    }
  }

  /** Reports a usage error: the message and where to read the usage, not the whole usage text. */
  void usageError(@Nullable String message, String command) {
    line(err, "konflux-native: " + message);
    line(err, "Try '" + command + " --help' for the options.");
    if (json) {
      ObjectNode root = result("usage", ExitCodes.USAGE, false, false, null);
      root.putArray("components");
      root.putArray("files");
      root.putArray("decisions");
      root.putArray("reports");
      ObjectNode error = root.putObject("error");
      error.put("type", "usage");
      error.put("message", message);
      print(root);
    }
  }

  private static ObjectNode result(
      String status, int exitCode, boolean unchanged, boolean dryRun, @Nullable Path output) {
    ObjectNode root = OutputJson.MAPPER.createObjectNode();
    root.put("status", status);
    root.put("exitCode", exitCode);
    root.put("unchanged", unchanged);
    root.put("dryRun", dryRun);
    putOrNull(root, "output", output == null ? null : output.toString());
    return root;
  }

  private static void putOrNull(ObjectNode node, String field, @Nullable String value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  /** The record as {@code release.json} holds it, so the printed fields match the written file. */
  private static JsonNode recordTree(ReleaseRecord record) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      record.write(bytes); // the public form of release.json, not the api's internal writer
      return OutputJson.MAPPER.readTree(bytes.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("release record JSON does not parse", e);
    }
  }

  private static JsonNode decisionsTree(List<VerificationDecision> decisions) {
    if (decisions.isEmpty()) {
      return OutputJson.MAPPER.createArrayNode();
    }
    // Decisions in the same shape as release.json's: written by the same writer.
    ReleaseRecord carrier =
        new ReleaseRecord(
            ReleaseRecord.SCHEMA_VERSION,
            "-",
            Instant.EPOCH,
            "-",
            List.of(),
            false,
            decisions,
            List.of());
    JsonNode tree = recordTree(carrier).path("verification").get("decisions");
    return tree == null ? OutputJson.MAPPER.createArrayNode() : (ArrayNode) tree;
  }

  /**
   * One decision as a line: kind, referrer, signer (when the reason does not name it) and reason.
   */
  static String describe(VerificationDecision d) {
    StringBuilder sb = new StringBuilder(d.passed() ? "PASS " : "FAIL ");
    sb.append(d.kind().name().toLowerCase(Locale.ROOT));
    if (d.referrer() != null) {
      sb.append(" referrer ").append(d.referrer());
    }
    if (d.signer() != null && !d.reason().contains(d.signer())) {
      sb.append(" (").append(d.signer()).append(')');
    }
    return sb.append(": ").append(flags(d.reason())).toString();
  }

  static String flags(@Nullable String message) {
    String m = String.valueOf(message);
    for (Map.Entry<String, String> f : FLAGS.entrySet()) {
      m = m.replace(f.getKey(), f.getValue());
    }
    return m;
  }

  private static void line(PrintWriter w, String text) {
    // One line each: a reason never breaks the line structure a pipeline reads.
    String t = text.replace('\n', ' ').replace('\r', ' ');
    w.println(t.length() > MAX_LINE ? t.substring(0, MAX_LINE - 1) + "…" : t);
    w.flush();
  }

  private void print(ObjectNode root) {
    try {
      out.println(OutputJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the result as JSON", e);
    }
  }
}
