package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.testkit.CosignKeyPair;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import dev.konflux.ecosystem.testkit.OciLayoutStore;
import dev.konflux.ecosystem.testkit.PythonWheelsArtifact;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and outputs of the CLI, run in-process. */
class KonfluxNativeCliTest {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  @TempDir Path tmp;

  private Path exampleLayout() throws Exception {
    Path rpm = tmp.resolve("konflux-hello-1.0-1.noarch.rpm");
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "/dev/konflux/ecosystem/examples/rpms/konflux-hello-1.0-1.noarch.rpm")) {
      Files.copy(in, rpm, StandardCopyOption.REPLACE_EXISTING);
    }
    ExampleArtifacts.rpmBuild(tmp.resolve("layout"), List.of(rpm), tmp.resolve("cosign.pub"));
    return tmp.resolve("layout");
  }

  @Test
  void usageErrorsExitWith2() {
    assertEquals(ExitCodes.USAGE, KonfluxNativeCli.execute("translate"));
    assertEquals(ExitCodes.USAGE, KonfluxNativeCli.execute("translate", "--out", tmp.toString()));
    assertEquals(ExitCodes.USAGE, KonfluxNativeCli.execute("bogus"));
  }

  @Test
  void missingOrConflictingSignerKeysExitWith4() throws Exception {
    Path layout = exampleLayout();
    String ref = "oci-layout:" + layout + ":" + ExampleArtifacts.TAG;
    String key = tmp.resolve("cosign.pub").toString();
    String out = tmp.resolve("o").toString();
    assertEquals(
        ExitCodes.INVALID_INPUT,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            ref,
            "--cosign-key",
            key,
            "--out",
            out,
            "--gpg-key",
            tmp.resolve("absent.asc").toString()));
    assertEquals(
        ExitCodes.INVALID_INPUT,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            ref,
            "--cosign-key",
            key,
            "--out",
            out,
            "--sigstore-key",
            tmp.resolve("absent.key").toString()));
    assertEquals(
        ExitCodes.INVALID_INPUT,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            ref,
            "--cosign-key",
            key,
            "--out",
            out,
            "--sigstore-key",
            key,
            "--sigstore-identity-token-env",
            "PATH"));
    // a public key is not a private key: named, exit 4
    assertEquals(
        ExitCodes.INVALID_INPUT,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            ref,
            "--cosign-key",
            key,
            "--out",
            out,
            "--sigstore-key",
            key));
    assertFalse(Files.exists(tmp.resolve("o")));
  }

  @Test
  void malformedReferenceExitsWith4() {
    assertEquals(
        ExitCodes.INVALID_INPUT,
        KonfluxNativeCli.execute(
            "translate", "--artifact", "no-host-or-repo", "--out", tmp.resolve("o").toString()));
  }

  @Test
  void missingLayoutExitsWith5() {
    assertEquals(
        ExitCodes.SOURCE_UNAVAILABLE,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            "oci-layout:" + tmp.resolve("absent"),
            "--out",
            tmp.resolve("o").toString(),
            "--insecure-skip-verify"));
  }

  @Test
  void wrongCosignKeyExitsWith3AndWritesNothing() throws Exception {
    Path layout = exampleLayout();
    Path otherKey = CosignKeyPair.generate().writePublicKey(tmp.resolve("other.pub"));
    Path out = tmp.resolve("out");
    assertEquals(
        ExitCodes.VERIFICATION_FAILED,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            "oci-layout:" + layout + ":" + ExampleArtifacts.TAG,
            "--cosign-key",
            otherKey.toString(),
            "--out",
            out.toString()));
    assertFalse(Files.exists(out));
  }

  @Test
  void noKeyAtAllFailsClosedWith3() throws Exception {
    Path layout = exampleLayout();
    assertEquals(
        ExitCodes.VERIFICATION_FAILED,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            "oci-layout:" + layout + ":" + ExampleArtifacts.TAG,
            "--out",
            tmp.resolve("out").toString()));
  }

  @Test
  void dockerReferenceMustMatchTheSignedIdentity() throws Exception {
    Path layout = exampleLayout();
    String ref = "oci-layout:" + layout + ":" + ExampleArtifacts.TAG;
    String key = tmp.resolve("cosign.pub").toString();
    assertEquals(
        ExitCodes.OK,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            ref,
            "--cosign-key",
            key,
            "--docker-reference",
            ExampleArtifacts.DOCKER_REFERENCE,
            "--out",
            tmp.resolve("a").toString(),
            "--dry-run"));
    assertEquals(
        ExitCodes.VERIFICATION_FAILED,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            ref,
            "--cosign-key",
            key,
            "--docker-reference",
            "quay.io/someone/else",
            "--out",
            tmp.resolve("b").toString(),
            "--dry-run"));
  }

  @Test
  void dryRunVerifiesAndWritesNothing() throws Exception {
    Path layout = exampleLayout();
    Path out = tmp.resolve("out");
    assertEquals(
        ExitCodes.OK,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            "oci-layout:" + layout + ":" + ExampleArtifacts.TAG,
            "--cosign-key",
            tmp.resolve("cosign.pub").toString(),
            "--out",
            out.toString(),
            "--dry-run"));
    assertFalse(Files.exists(out));
  }

  @Test
  void exampleTranslatesIntoASignedRepository() throws Exception {
    Path out = tmp.resolve("out");
    assertEquals(
        ExitCodes.OK, KonfluxNativeCli.execute("translate", "--example", "--out", out.toString()));
    assertTrue(Files.isRegularFile(out.resolve("release.json")));
    assertTrue(
        Files.isRegularFile(out.resolve("rpm/x86_64/repodata/repomd.xml")), "x86_64 repodata");
    assertTrue(
        Files.isRegularFile(out.resolve("rpm/x86_64/repodata/repomd.xml.asc")), "signed repomd");
  }

  @Test
  void contradictoryOrIncompleteVerificationFlagsAreUsageErrors() throws Exception {
    Path layout = exampleLayout();
    String ref = "oci-layout:" + layout + ":" + ExampleArtifacts.TAG;
    String key = tmp.resolve("cosign.pub").toString();
    String out = tmp.resolve("out").toString();
    assertEquals(
        ExitCodes.USAGE,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            ref,
            "--out",
            out,
            "--insecure-skip-verify",
            "--cosign-key",
            key));
    assertEquals(
        ExitCodes.USAGE,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            ref,
            "--out",
            out,
            "--certificate-identity",
            "me@example.com"));
    assertEquals(
        ExitCodes.USAGE,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            ref,
            "--out",
            out,
            "--certificate-identity",
            "me@example.com",
            "--certificate-oidc-issuer",
            "https://issuer.example"));
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void jsonPrintsTheReleaseRecordThatWasWritten() throws Exception {
    Path out = tmp.resolve("out");
    CliRun run = CliRun.of("translate", "--example", "--out", out.toString(), "--json");
    assertEquals(ExitCodes.OK, run.exit(), run.err());
    JsonNode printed = run.json();
    JsonNode written = JSON.readTree(Files.readAllBytes(out.resolve("release.json")));
    assertEquals(written.get("files"), printed.get("files"));
    assertEquals(written.get("components"), printed.get("components"));
    assertEquals("released", printed.path("status").asText());
    assertEquals(0, printed.path("exitCode").asInt(-1));
    assertTrue(printed.path("error").isNull(), printed.toString());
    assertEquals(written.path("verification").get("decisions"), printed.get("decisions"));
    assertTrue(printed.path("decisions").size() > 0);
    assertTrue(printed.get("files").size() > 0);
    for (JsonNode f : printed.get("files")) {
      for (String field : List.of("path", "ecosystem", "sha256", "size")) {
        assertTrue(f.hasNonNull(field), field + " in " + f);
      }
      assertTrue(Files.isRegularFile(out.resolve(f.get("path").asText())), f.toString());
      if (!f.get("path").asText().endsWith(".rpm")) {
        continue; // repodata, keys and signatures are made here, not taken from a layer
      }
      JsonNode origin = f.path("origins").path(0);
      for (String field : List.of("component", "reference", "manifestDigest", "layerDigest")) {
        assertTrue(origin.hasNonNull(field), field + " in " + f);
      }
    }
  }

  @Test
  void aWheelThatIsNotAZipExitsWith4NamingItAndWritesNothing() throws Exception {
    Path wheel =
        Files.writeString(tmp.resolve("demo_pkg-1.0-py3-none-any.whl"), "not really a wheel");
    Path layout = tmp.resolve("wheels");
    try (OciLayoutStore store = OciLayoutStore.open(layout)) {
      PythonWheelsArtifact.create().add(wheel).tag("py").writeTo(store);
    }
    Path out = tmp.resolve("out");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    int exit;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      exit =
          KonfluxNativeCli.execute(
              "translate",
              "--artifact",
              "oci-layout:" + layout + ":py",
              "--insecure-skip-verify",
              "--option",
              "pypi.unsigned=true",
              "--out",
              out.toString());
    } finally {
      System.setErr(stderr);
    }
    assertEquals(ExitCodes.INVALID_INPUT, exit);
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("demo_pkg-1.0-py3-none-any.whl"), message);
    assertFalse(Files.exists(out));
  }

  @Test
  void wrongCosignKeyPrintsEachLineOnceAndNoLongLines() throws Exception {
    Path layout = exampleLayout();
    Path otherKey = CosignKeyPair.generate().writePublicKey(tmp.resolve("other.pub"));
    String ref = "oci-layout:" + layout + ":" + ExampleArtifacts.TAG;
    CliRun run =
        CliRun.of(
            "translate",
            "--artifact",
            ref,
            "--cosign-key",
            otherKey.toString(),
            "--out",
            tmp.resolve("out").toString());
    assertEquals(ExitCodes.VERIFICATION_FAILED, run.exit());
    List<String> lines = run.lines();
    assertEquals(
        lines.size(),
        new HashSet<>(lines).size(),
        "a line printed twice:\n" + run.out() + run.err());
    for (String line : lines) {
      assertTrue(line.length() <= 400, line.length() + " characters: " + line);
    }
    assertEquals("", run.out(), "a failure prints on standard error only");
    List<String> err = run.err().lines().toList();
    assertTrue(
        err.get(0).startsWith("✗ layout: verification failed for component layout"), run.err());
    assertTrue(err.size() > 1, run.err());
    for (String decision : err.subList(1, err.size())) {
      assertTrue(decision.startsWith("    FAIL "), decision);
    }
    assertTrue(run.err().contains("signature does not verify with key"), run.err());
    assertFalse(run.err().contains("[INFO]"), "no INFO logging unless --verbose: " + run.err());
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void wrongCosignKeyWithJsonPrintsOneObjectNamingTheDigest() throws Exception {
    Path layout = exampleLayout();
    Path otherKey = CosignKeyPair.generate().writePublicKey(tmp.resolve("other.pub"));
    String ref = "oci-layout:" + layout + ":" + ExampleArtifacts.TAG;
    CliRun run =
        CliRun.of(
            "translate",
            "--artifact",
            ref,
            "--cosign-key",
            otherKey.toString(),
            "--out",
            tmp.resolve("out").toString(),
            "--json");
    assertEquals(ExitCodes.VERIFICATION_FAILED, run.exit());
    JsonNode result = run.json();
    assertEquals("failed", result.path("status").asText());
    assertEquals(ExitCodes.VERIFICATION_FAILED, result.path("exitCode").asInt());
    assertFalse(result.path("unchanged").asBoolean(true));
    assertFalse(result.path("dryRun").asBoolean(true));
    assertEquals(0, result.path("files").size());
    assertTrue(result.path("reports").isArray(), result.toString());
    assertEquals(0, result.path("reports").size());
    JsonNode error = result.path("error");
    assertEquals("VerificationException", error.path("type").asText());
    assertEquals("layout", error.path("component").asText());
    assertEquals("verify", error.path("operation").asText());
    String digest = error.path("digest").asText();
    assertTrue(digest.startsWith("sha256:") && digest.length() == 71, error.toString());
    assertTrue(error.path("message").asText().contains(digest), error.toString());
    assertTrue(result.path("decisions").size() > 0);
    boolean anyFailed = false;
    for (JsonNode d : result.path("decisions")) {
      assertEquals(digest, d.path("subject").asText());
      anyFailed |= !d.path("passed").asBoolean(true);
    }
    assertTrue(anyFailed, result.toString());
    List<String> err = run.err().lines().toList();
    assertEquals(err.size(), new HashSet<>(err).size(), run.err());
  }

  @Test
  void usageErrorWithJsonStillPrintsOneObject() throws Exception {
    CliRun run = CliRun.of("translate", "--out", tmp.resolve("o").toString(), "--json");
    assertEquals(ExitCodes.USAGE, run.exit());
    JsonNode result = run.json();
    assertEquals("usage", result.path("status").asText());
    assertTrue(result.path("reports").isArray(), result.toString());
    assertEquals(ExitCodes.USAGE, result.path("exitCode").asInt());
    assertFalse(result.path("error").path("message").asText().isEmpty());
  }

  @Test
  void missingLayoutWithJsonPrintsOneObject() throws Exception {
    CliRun run =
        CliRun.of(
            "translate",
            "--artifact",
            "oci-layout:" + tmp.resolve("absent"),
            "--out",
            tmp.resolve("o").toString(),
            "--insecure-skip-verify",
            "--json");
    assertEquals(ExitCodes.SOURCE_UNAVAILABLE, run.exit());
    JsonNode result = run.json();
    assertEquals("SourceUnavailableException", result.path("error").path("type").asText());
    assertEquals("resolve", result.path("error").path("operation").asText());
  }

  @Test
  void unknownOptionKeyIsAUsageErrorNamingTheKnownKeys() throws Exception {
    Path out = tmp.resolve("out");
    CliRun run =
        CliRun.of(
            "translate", "--example", "--out", out.toString(), "--option", "rpm.archs=x86_64");
    assertEquals(ExitCodes.USAGE, run.exit());
    assertTrue(run.err().contains("unknown --option key 'rpm.archs'"), run.err());
    assertTrue(run.err().contains("rpm.architectures"), run.err());
    assertFalse(Files.exists(out));
    assertFalse(Files.exists(ExampleRelease.directoryFor(out)), "no work before the usage check");
  }

  @Test
  void missingCosignKeyFileIsInvalidInputNamingTheFile() throws Exception {
    Path layout = exampleLayout();
    Path missing = tmp.resolve("nope.pub");
    CliRun run =
        CliRun.of(
            "translate",
            "--artifact",
            "oci-layout:" + layout + ":" + ExampleArtifacts.TAG,
            "--cosign-key",
            missing.toString(),
            "--out",
            tmp.resolve("out").toString(),
            "--json");
    assertEquals(ExitCodes.INVALID_INPUT, run.exit());
    JsonNode error = run.json().path("error");
    assertEquals("InvalidInputException", error.path("type").asText());
    assertEquals(missing.toString(), error.path("reference").asText());
    assertTrue(error.path("message").asText().contains("does not exist"), error.toString());

    Path notAKey = Files.writeString(tmp.resolve("not-a-key.pub"), "hello\n");
    CliRun second =
        CliRun.of(
            "translate",
            "--artifact",
            "oci-layout:" + layout + ":" + ExampleArtifacts.TAG,
            "--cosign-key",
            notAKey.toString(),
            "--out",
            tmp.resolve("out").toString());
    assertEquals(ExitCodes.INVALID_INPUT, second.exit());
    assertTrue(second.err().contains(notAKey.toString()), second.err());
  }

  @Test
  void outputPathThatIsAFileFailsBeforeAnyWork() throws Exception {
    Path file = Files.writeString(tmp.resolve("out"), "keep me");
    CliRun run = CliRun.of("translate", "--example", "--out", file.toString());
    assertEquals(ExitCodes.FAILED, run.exit());
    assertTrue(run.err().contains("is not a directory"), run.err());
    assertEquals("keep me", Files.readString(file));
    assertFalse(
        Files.exists(ExampleRelease.directoryFor(file)),
        "the example was generated before the check");
  }

  @Test
  void malformedSnapshotNamesLineAndColumn() throws Exception {
    Path snapshot =
        Files.writeString(tmp.resolve("snapshot.json"), "{\n  \"application\": \"a\",,\n}\n");
    CliRun run =
        CliRun.of(
            "translate", "--snapshot", snapshot.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(ExitCodes.INVALID_INPUT, run.exit());
    assertTrue(run.err().contains("at line 2, column"), run.err());
    assertFalse(
        run.err().contains("Source"), "the JSON library's boilerplate leaked: " + run.err());
    CliRun missing =
        CliRun.of(
            "translate",
            "--snapshot",
            tmp.resolve("absent.json").toString(),
            "--out",
            tmp.resolve("o").toString());
    assertEquals(ExitCodes.INVALID_INPUT, missing.exit());
    assertTrue(
        missing.err().contains("--snapshot " + tmp.resolve("absent.json") + " does not exist"),
        missing.err());
  }

  @Test
  void exampleIsReproducibleAndKeepsTheLayoutItNames() throws Exception {
    Path out = tmp.resolve("out");
    CliRun first = CliRun.of("translate", "--example", "--out", out.toString(), "--json");
    assertEquals(ExitCodes.OK, first.exit(), first.err());
    assertEquals("released", first.json().path("status").asText());
    CliRun second = CliRun.of("translate", "--example", "--out", out.toString(), "--json");
    assertEquals(ExitCodes.OK, second.exit(), second.err());
    JsonNode result = second.json();
    assertEquals("unchanged", result.path("status").asText());
    assertTrue(result.path("unchanged").asBoolean());
    // release.json names the layout it came from, and that layout is still there.
    String reference = result.path("components").get(0).path("reference").asText();
    assertTrue(reference.startsWith("oci-layout:"), reference);
    Path layout =
        Path.of(
            reference.substring(
                "oci-layout:".length(), reference.indexOf(":" + ExampleArtifacts.TAG)));
    assertTrue(Files.isRegularFile(layout.resolve("index.json")), reference);
    // The fixed example key signs: its fingerprint is the same in every checkout.
    assertTrue(
        Files.readString(out.resolve("rpm/x86_64/RPM-GPG-KEY-konflux"))
            .contains("BEGIN PGP PUBLIC KEY BLOCK"));
  }

  @Test
  void theLockFileBesideTheOutputIsKeptAndReused() throws Exception {
    Path layout = exampleLayout();
    String ref = "oci-layout:" + layout + ":" + ExampleArtifacts.TAG;
    Path parent = Files.createDirectories(tmp.resolve("releases"));
    Path out = parent.resolve("out");
    for (int i = 0; i < 2; i++) {
      assertEquals(
          ExitCodes.OK,
          KonfluxNativeCli.execute(
              "translate",
              "--artifact",
              ref,
              "--cosign-key",
              tmp.resolve("cosign.pub").toString(),
              "--option",
              "rpm.unsigned=true",
              "--out",
              out.toString()));
      try (var list = Files.list(parent)) {
        assertEquals(
            List.of(".out.lock", ".out.stamps", "out"),
            list.map(p -> p.getFileName().toString()).sorted().toList(),
            "only the output and its (documented, reused) lock and stamps files beside it");
      }
    }
  }

  @Test
  void versionNeedsNoCommandModel() {
    // --version (or -V) alone builds no subcommand's model; the text is picocli's as before.
    for (String flag : List.of("--version", "-V")) {
      CliRun run = CliRun.of(flag);
      assertEquals(ExitCodes.OK, run.exit(), run.err());
      assertEquals("konflux-native 0.1.0", run.out().strip());
      assertEquals("", run.err());
    }
  }

  @Test
  void topLevelHelpShowsTheWholeTranslateSummary() throws Exception {
    CliRun run = CliRun.of("--help");
    assertEquals(ExitCodes.OK, run.exit());
    for (String line :
        TranslateCommand.class.getAnnotation(picocli.CommandLine.Command.class).description()) {
      assertTrue(run.out().contains(line), "missing: " + line + "\n" + run.out());
    }
  }

  /** Runs the CLI in a fresh JVM: logging is configured once per process. */
  private CliRun process(String... args) throws Exception {
    return CliRun.inNewJvm(tmp, env -> {}, args);
  }

  @Test
  void infoLoggingOnlyWithVerbose() throws Exception {
    Path out = tmp.resolve("out");
    assertEquals(
        ExitCodes.OK, KonfluxNativeCli.execute("translate", "--example", "--out", out.toString()));
    // A second run logs "already holds this release" at INFO.
    CliRun quiet = process("translate", "--example", "--out", out.toString());
    assertEquals(ExitCodes.OK, quiet.exit(), quiet.err());
    assertEquals("", quiet.err(), "nothing on standard error without --verbose");
    CliRun verbose = process("translate", "--example", "--out", out.toString(), "--verbose");
    assertEquals(ExitCodes.OK, verbose.exit(), verbose.err());
    assertTrue(
        verbose.err().contains("[INFO]") && verbose.err().contains("already holds this release"),
        verbose.err());
  }
}
