package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.testkit.ArtifactManifest;
import dev.konflux.ecosystem.testkit.MavenRepositoryArtifact;
import dev.konflux.ecosystem.testkit.MavenRepositoryTree;
import dev.konflux.ecosystem.testkit.OciLayoutStore;
import dev.konflux.ecosystem.testkit.OpenPgpTestKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI with the Maven target: a good repository tar is published, a bad one exits 4. */
class MavenCliTest {
  @TempDir Path tmp;

  @Test
  void mavenRepositoryTarIsPublishedAndASymlinkInItExits4() throws Exception {
    Path key =
        Files.writeString(
            tmp.resolve("key.asc"),
            OpenPgpTestKey.ed25519("CLI <cli@test.invalid>").secretKeyArmored());
    Path tree = tmp.resolve("tree");
    MavenRepositoryTree.of("org.example", "demo", "1.0").writeTo(tree);
    Path layout = tmp.resolve("layout");
    try (OciLayoutStore store = OciLayoutStore.open(layout)) {
      MavenRepositoryArtifact.tar(tree).tag("good").writeTo(store);
      Path bad = tmp.resolve("bad.tar");
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(bad))) {
        TarArchiveEntry link =
            new TarArchiveEntry("org/example/demo/1.0/demo-1.0.jar", TarConstants.LF_SYMLINK);
        link.setLinkName("/etc/passwd");
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
      }
      ArtifactManifest.of(MediaTypes.ARTIFACT_MAVEN_REPOSITORY_TAR)
          .layer(store.putBlob(MediaTypes.OCI_LAYER_TAR, bad))
          .storeIn(store, "bad");
    }

    Path out = tmp.resolve("out");
    assertEquals(
        ExitCodes.OK,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            "oci-layout:" + layout + ":good",
            "--insecure-skip-verify",
            "--gpg-key",
            key.toString(),
            "--out",
            out.toString()));
    assertTrue(Files.isRegularFile(out.resolve("maven/org/example/demo/1.0/demo-1.0.jar.asc")));
    assertTrue(Files.isRegularFile(out.resolve("maven/org/example/demo/maven-metadata.xml.sha1")));

    Path badOut = tmp.resolve("bad-out");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    int exit;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      exit =
          KonfluxNativeCli.execute(
              "translate",
              "--artifact",
              "oci-layout:" + layout + ":bad",
              "--insecure-skip-verify",
              "--gpg-key",
              key.toString(),
              "--out",
              badOut.toString());
    } finally {
      System.setErr(stderr);
    }
    assertEquals(ExitCodes.INVALID_INPUT, exit);
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("link entry"), message);
    assertFalse(Files.exists(badOut.resolve("maven")));
  }

  @Test
  void jsonOutputCarriesTheCentralReadinessReportAndTheBundleOptionWritesIt() throws Exception {
    Path key =
        Files.writeString(
            tmp.resolve("key.asc"),
            OpenPgpTestKey.ed25519("CLI <cli@test.invalid>").secretKeyArmored());
    Path tree = tmp.resolve("tree");
    // The testkit's POM has name, description, url and licenses, but no developers or scm.
    MavenRepositoryTree.of("org.example", "demo", "1.0").withSources().writeTo(tree);
    Path layout = tmp.resolve("layout");
    try (OciLayoutStore store = OciLayoutStore.open(layout)) {
      MavenRepositoryArtifact.tar(tree).tag("good").writeTo(store);
    }
    Path out = tmp.resolve("out");
    CliRun run =
        CliRun.of(
            "translate",
            "--artifact",
            "oci-layout:" + layout + ":good",
            "--insecure-skip-verify",
            "--gpg-key",
            key.toString(),
            "--option",
            "maven.centralBundle=true",
            "--out",
            out.toString(),
            "--json");
    assertEquals(ExitCodes.OK, run.exit(), run.err());
    ObjectMapper json = new ObjectMapper();
    JsonNode printed = run.json();
    JsonNode written = json.readTree(Files.readAllBytes(out.resolve("release.json")));
    assertEquals(written.get("reports"), printed.get("reports"));
    assertEquals(1, printed.path("reports").size(), printed.toString());
    JsonNode report = printed.path("reports").get(0);
    assertEquals("maven", report.path("ecosystem").asText());
    assertEquals("central-readiness", report.path("kind").asText());
    assertEquals("org.example:demo:1.0", report.path("subject").asText());
    assertFalse(report.path("passed").asBoolean(true));
    List<String> rules = new ArrayList<>();
    report.path("findings").forEach(f -> rules.add(f.path("rule").asText()));
    assertEquals(
        List.of("POM_MISSING_DEVELOPERS", "POM_MISSING_SCM", "MISSING_JAVADOC_JAR"), rules);
    assertTrue(Files.isRegularFile(out.resolve("maven/central-bundle.zip")));
  }
}
