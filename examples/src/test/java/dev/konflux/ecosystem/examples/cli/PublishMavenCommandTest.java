package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publish maven} before any request: usage errors exit 2, unusable input exits 4. */
class PublishMavenCommandTest {
  @TempDir Path tmp;

  @AfterEach
  void restoreEnvironment() {
    PublishMavenCommand.environment = System::getenv;
  }

  @Test
  void publishWithoutARepositoryTypeOrUrlIsUsage() {
    CliRun none = CliRun.of("publish");
    assertEquals(ExitCodes.USAGE, none.exit());
    assertTrue(none.err().contains("maven"), none.err());
    CliRun noUrl = CliRun.of("publish", "maven", tmp.toString());
    assertEquals(ExitCodes.USAGE, noUrl.exit());
    assertTrue(noUrl.err().contains("--repository-url"), noUrl.err());
    CliRun ftp =
        CliRun.of("publish", "maven", "--repository-url", "ftp://example.invalid/", tmp.toString());
    assertEquals(ExitCodes.USAGE, ftp.exit(), ftp.err());
  }

  @Test
  void aDirectoryWithoutArtifactsIsInvalidInputAndNothingIsContacted() throws Exception {
    Files.createDirectories(tmp.resolve("out/maven"));
    CliRun r =
        CliRun.of(
            "publish",
            "maven",
            "--repository-url",
            "http://127.0.0.1:9/",
            "--json",
            tmp.resolve("out").toString());
    assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals("failed", json.get("status").asText());
    assertEquals("InvalidInputException", json.path("error").path("type").asText(), r.out());
    assertTrue(r.err().contains("holds no artifact"), r.err());
  }

  @Test
  void aNamedCredentialsVariableThatIsUnsetIsInvalidInput() throws Exception {
    Files.createDirectories(tmp.resolve("out/maven"));
    PublishMavenCommand.environment = Map.of("ONLY_USER", "u")::get;
    CliRun r =
        CliRun.of(
            "publish",
            "maven",
            "--repository-url",
            "http://127.0.0.1:9/",
            "--username-env",
            "ONLY_USER",
            "--password-env",
            "MISSING_TOKEN",
            tmp.resolve("out").toString());
    assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.err());
    assertTrue(r.err().contains("MISSING_TOKEN is not set"), r.err());
  }
}
