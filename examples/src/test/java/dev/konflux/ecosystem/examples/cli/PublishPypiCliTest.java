package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.pypi.LegacyUploadServer;
import dev.konflux.ecosystem.pypi.PypiUploadException;
import dev.konflux.ecosystem.pypi.PypiUploader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code konflux-native publish pypi} end to end: the quick start's output ({@code translate
 * --example}) is uploaded from the command line to a loopback index (the Python module's {@link
 * LegacyUploadServer}) — uploaded once, skipped the second time, 5xx answers retried, a 4xx answer
 * stopping with the server's message — with honest exit codes, one JSON object with {@code --json}
 * (whose error carries a {@link PypiUploadException}'s data), and credentials from the environment
 * only (a separate JVM, so the variables are real).
 */
class PublishPypiCliTest {
  private static final String WHEEL = "konflux_hello-1.0-py3-none-any.whl";

  @TempDir static Path work;

  static Path out;

  LegacyUploadServer server;

  @BeforeAll
  static void example() {
    out = work.resolve("konflux-out");
    assertEquals(
        ExitCodes.OK, KonfluxNativeCli.execute("translate", "--example", "--out", out.toString()));
  }

  @BeforeEach
  void start() throws Exception {
    server = LegacyUploadServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The CLI in its own JVM, with exactly the given environment variables added. */
  private static CliRun runWithEnvironment(Map<String, String> env, String... args)
      throws Exception {
    return CliRun.inNewJvm(
        work,
        e -> {
          e.remove(PublishPypiCommand.DEFAULT_TOKEN_ENV);
          e.putAll(env);
        },
        args);
  }

  private String[] publish(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "publish",
                "pypi",
                "--repository-url",
                server.uploadUrl().toString(),
                "--index-url",
                server.indexUrl().toString(),
                "--retry-wait",
                "10"));
    args.addAll(List.of(extra));
    args.add(out.toString());
    return args.toArray(String[]::new);
  }

  @Test
  void uploadsTheExampleWheelWithItsAttestationsThenSkipsIt() throws Exception {
    CliRun first = CliRun.of(publish("--json"));
    assertEquals(ExitCodes.OK, first.exit(), first.err());
    JsonNode result = first.json();
    assertEquals("published", result.path("status").asText(), result.toString());
    assertEquals(0, result.path("exitCode").asInt(-1));
    assertTrue(result.path("error").isNull());
    assertEquals(1, result.path("uploads").size(), result.toString());
    JsonNode upload = result.path("uploads").get(0);
    assertEquals(WHEEL, upload.path("file").asText());
    assertEquals("uploaded", upload.path("outcome").asText());
    assertEquals(2, upload.path("attestations").asInt(), "publish and SLSA attestations");
    // Progress went to standard error, so standard output holds the object alone.
    assertTrue(first.err().contains("✓ uploaded " + WHEEL + " with 2 attestations"), first.err());

    assertEquals(1, server.uploads().size());
    LegacyUploadServer.Upload sent = server.uploads().get(0);
    assertEquals(WHEEL, sent.fileName());
    assertEquals(List.of("file_upload"), sent.fields().get(":action"));
    assertEquals(List.of("konflux-hello"), sent.fields().get("name"));
    assertEquals(List.of("1.0"), sent.fields().get("version"));
    String sha256 =
        sent.fields().get("content").get(0).substring("sha256:".length()); // the bytes received
    assertEquals(List.of(sha256), sent.fields().get("sha256_digest"));
    String onDisk =
        dev.konflux.ecosystem.api.Digest.sha256Of(
                Files.readAllBytes(out.resolve("pypi/files/" + WHEEL)))
            .toString();
    assertEquals("sha256:" + sha256, onDisk);
    JsonNode attestations = new ObjectMapper().readTree(sent.fields().get("attestations").get(0));
    assertEquals(2, attestations.size());
    assertEquals(
        new ObjectMapper()
            .readTree(
                Files.readAllBytes(out.resolve("pypi/files/" + WHEEL + ".publish.attestation"))),
        attestations.get(0));
    assertNull(sent.authorization(), "no credentials in the environment: none sent");

    // The index lists the file now: a second run sends nothing.
    CliRun second = CliRun.of(publish());
    assertEquals(ExitCodes.OK, second.exit(), second.err());
    assertTrue(second.out().contains("= skipped " + WHEEL), second.out());
    assertTrue(
        second
            .out()
            .contains(
                "published 1 file to " + server.uploadUrl() + " (0 uploaded, 1 already there)"),
        second.out());
    assertEquals(1, server.uploadRequests(), "the skipped file was not sent again");
    CliRun json = CliRun.of(publish("--json"));
    assertEquals("unchanged", json.json().path("status").asText());
    assertEquals("skipped", json.json().path("uploads").get(0).path("outcome").asText());
  }

  @Test
  void serverErrorsAreRetried() throws Exception {
    server.failNext(2);
    CliRun run = CliRun.of(publish());
    assertEquals(ExitCodes.OK, run.exit(), run.err());
    assertTrue(run.out().contains(WHEEL + ": HTTP 503 on try 1; trying again in 10 ms"), run.out());
    assertTrue(run.out().contains(WHEEL + ": HTTP 503 on try 2; trying again in 20 ms"), run.out());
    assertTrue(run.out().contains("✓ uploaded " + WHEEL), run.out());
    assertEquals(3, server.uploadRequests());
    assertEquals(1, server.uploads().size());
  }

  private PypiUploader uploader(int attempts) {
    return PypiUploader.builder()
        .repositoryUrl(server.uploadUrl())
        .indexUrl(server.indexUrl())
        .retries(attempts, Duration.ofMillis(10))
        .build();
  }

  /** The data of the {@code error} object, which the CLI takes from a PypiUploadException. */
  private void assertUploadError(
      JsonNode error, int status, String serverMessage, boolean exhausted, int attempts) {
    assertEquals("PypiUploadException", error.path("type").asText(), error.toString());
    assertEquals(WHEEL, error.path("file").asText(), error.toString());
    assertEquals(server.uploadUrl().toString(), error.path("url").asText());
    assertEquals(server.uploadUrl().toString(), error.path("reference").asText());
    assertEquals(PypiUploadException.OPERATION_UPLOAD, error.path("operation").asText());
    assertEquals(status, error.path("statusCode").asInt(-1), error.toString());
    assertEquals(serverMessage, error.path("serverMessage").asText(), error.toString());
    assertTrue(error.path("retriesExhausted").isBoolean(), error.toString());
    assertEquals(exhausted, error.path("retriesExhausted").asBoolean());
    assertEquals(attempts, error.path("attempts").asInt(-1), error.toString());
  }

  @Test
  void serverErrorsUntilTheLastAttemptAreATypedFailureWithExit5() throws Exception {
    server.failNext(2);
    PypiUploadException e =
        assertThrows(PypiUploadException.class, () -> uploader(2).upload(out.resolve("pypi")));
    assertEquals(WHEEL, e.fileName());
    assertEquals(server.uploadUrl(), e.url());
    assertEquals(OptionalInt.of(503), e.statusCode());
    assertEquals(Optional.of("busy"), e.serverMessage());
    assertTrue(e.retriesExhausted());
    assertEquals(2, e.attempts());
    assertEquals(Optional.of(PypiUploadException.OPERATION_UPLOAD), e.operation());
    assertEquals(2, server.uploadRequests());

    // The CLI: still failing after --attempts tries is exit 5, nothing accepted, and the JSON
    // error object carries the same data.
    server.failNext(5);
    CliRun exhausted = CliRun.of(publish("--attempts", "2", "--json"));
    assertEquals(ExitCodes.SOURCE_UNAVAILABLE, exhausted.exit(), exhausted.err());
    assertTrue(exhausted.err().contains("after 2 attempts: HTTP 503: busy"), exhausted.err());
    assertTrue(server.uploads().isEmpty());
    JsonNode result = exhausted.json();
    assertEquals("failed", result.path("status").asText());
    assertEquals(ExitCodes.SOURCE_UNAVAILABLE, result.path("exitCode").asInt());
    assertUploadError(result.path("error"), 503, "busy", true, 2);
    assertEquals(0, result.path("uploads").size());
  }

  @Test
  void aForbiddenUploadIsATypedRefusalWithExit5() throws Exception {
    String message = "403 Invalid or non-existent authentication information.";
    server.refuse(403, message);
    PypiUploadException e =
        assertThrows(PypiUploadException.class, () -> uploader(3).upload(out.resolve("pypi")));
    assertEquals(WHEEL, e.fileName());
    assertEquals(server.uploadUrl(), e.url());
    assertEquals(OptionalInt.of(403), e.statusCode());
    assertEquals(Optional.of(message), e.serverMessage());
    assertFalse(e.retriesExhausted(), "a refusal is not retried");
    assertEquals(1, e.attempts());
    assertEquals(1, server.uploadRequests());

    CliRun run = CliRun.of(publish("--json"));
    assertEquals(ExitCodes.SOURCE_UNAVAILABLE, run.exit(), run.err());
    assertEquals(2, server.uploadRequests(), "one more request, not retried");
    JsonNode result = run.json();
    assertEquals(ExitCodes.SOURCE_UNAVAILABLE, result.path("exitCode").asInt());
    assertUploadError(result.path("error"), 403, message, false, 1);
  }

  @Test
  void aClientErrorStopsWithTheServersMessage() throws Exception {
    server.refuse(400, "400 File already exists ('konflux_hello-1.0-py3-none-any.whl').");
    CliRun run = CliRun.of(publish("--json"));
    assertEquals(ExitCodes.SOURCE_UNAVAILABLE, run.exit(), run.err());
    assertEquals(1, server.uploadRequests(), "a 4xx answer is not retried");
    assertTrue(
        run.err()
            .contains("HTTP 400: 400 File already exists ('konflux_hello-1.0-py3-none-any.whl')."),
        run.err());
    JsonNode result = run.json();
    assertEquals("failed", result.path("status").asText());
    assertEquals(ExitCodes.SOURCE_UNAVAILABLE, result.path("exitCode").asInt());
    assertTrue(result.path("error").path("message").asText().contains("File already exists"));
    assertUploadError(
        result.path("error"),
        400,
        "400 File already exists ('konflux_hello-1.0-py3-none-any.whl').",
        false,
        1);
    assertEquals(0, result.path("uploads").size());
  }

  @Test
  void credentialsComeFromTheEnvironmentAndAreNeverPrinted() throws Exception {
    CliRun token =
        runWithEnvironment(
            Map.of(PublishPypiCommand.DEFAULT_TOKEN_ENV, "pypi-s3cret-token"), publish());
    assertEquals(ExitCodes.OK, token.exit(), token.err());
    assertEquals(
        "Basic "
            + Base64.getEncoder()
                .encodeToString("__token__:pypi-s3cret-token".getBytes(StandardCharsets.UTF_8)),
        server.uploads().get(0).authorization());
    assertFalse((token.out() + token.err()).contains("s3cret"), token.out() + token.err());

    server.clear();
    CliRun basic =
        runWithEnvironment(
            Map.of("MY_USER", "alice", "MY_PASSWORD", "pa55-s3cret"),
            publish("--username-env", "MY_USER", "--password-env", "MY_PASSWORD"));
    assertEquals(ExitCodes.OK, basic.exit(), basic.err());
    assertEquals(
        "Basic "
            + Base64.getEncoder()
                .encodeToString("alice:pa55-s3cret".getBytes(StandardCharsets.UTF_8)),
        server.uploads().get(0).authorization());
    assertFalse((basic.out() + basic.err()).contains("s3cret"));

    // A variable named but not set: exit 4 naming it, nothing sent.
    server.clear();
    CliRun unset = runWithEnvironment(Map.of(), publish("--token-env", "NO_SUCH_TOKEN_VAR"));
    assertEquals(ExitCodes.INVALID_INPUT, unset.exit(), unset.err());
    assertTrue(unset.err().contains("NO_SUCH_TOKEN_VAR is not set"), unset.err());
    assertTrue(server.uploads().isEmpty());
  }

  @Test
  void usageAndInputErrorsHaveTheirExitCodes() throws Exception {
    CliRun noUrl = CliRun.of("publish", "pypi", out.toString());
    assertEquals(ExitCodes.USAGE, noUrl.exit());
    assertTrue(noUrl.err().contains("--repository-url"), noUrl.err());

    CliRun secretInUrl =
        CliRun.of(
            "publish",
            "pypi",
            "--repository-url",
            "https://user:secret@upload.example/legacy/",
            out.toString());
    assertEquals(ExitCodes.USAGE, secretInUrl.exit());
    assertTrue(secretInUrl.err().contains("--token-env"), secretInUrl.err());

    CliRun noSubcommand = CliRun.of("publish");
    assertEquals(ExitCodes.USAGE, noSubcommand.exit());
    assertTrue(noSubcommand.err().contains("a subcommand is required (pypi"), noSubcommand.err());

    Path empty = Files.createDirectories(work.resolve("empty"));
    CliRun notAnOutput =
        CliRun.of(
            "publish", "pypi", "--repository-url", server.uploadUrl().toString(), empty.toString());
    assertEquals(ExitCodes.INVALID_INPUT, notAnOutput.exit());
    assertTrue(notAnOutput.err().contains("holds no Python output"), notAnOutput.err());
    assertEquals(0, server.uploadRequests());
  }
}
