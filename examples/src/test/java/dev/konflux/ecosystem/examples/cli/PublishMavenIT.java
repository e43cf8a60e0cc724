package dev.konflux.ecosystem.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.maven.deploy.DeployRejectedException;
import dev.konflux.ecosystem.maven.deploy.MavenDeployer;
import dev.konflux.ecosystem.testkit.MavenRepositoryArtifact;
import dev.konflux.ecosystem.testkit.MavenRepositoryTree;
import dev.konflux.ecosystem.testkit.OciLayoutStore;
import dev.konflux.ecosystem.testkit.OpenPgpTestKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish maven} against real peers: a translate's output is deployed to Debian's nginx
 * (WebDAV PUT, basic auth) on loopback; Maven 3.9 (the build's wrapper) with strict checksums, a
 * fresh local repository and no repository but that nginx resolves every artifact from it; a second
 * deploy sends no PUT and leaves every server file as it was; wrong credentials give exit 5 and a
 * {@link DeployRejectedException} naming the file and HTTP 401.
 */
class PublishMavenIT {
  private static final String DEPENDENCY_GET =
      "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WRONG_PASSWORD = "not-the-password-7f3a";

  @TempDir Path tmp;

  @AfterEach
  void restoreEnvironment() {
    PublishMavenCommand.environment = System::getenv;
  }

  private Path translate() throws Exception {
    Path key =
        Files.writeString(
            tmp.resolve("key.asc"),
            OpenPgpTestKey.ed25519("Deploy <deploy@test.invalid>").secretKeyArmored());
    Path tree = tmp.resolve("tree");
    MavenRepositoryTree.of("org.example", "deployed", "1.0").withSources().writeTo(tree);
    Path layout = tmp.resolve("layout");
    try (OciLayoutStore store = OciLayoutStore.open(layout)) {
      MavenRepositoryArtifact.tar(tree).tag("build").writeTo(store);
    }
    Path out = tmp.resolve("out");
    assertEquals(
        ExitCodes.OK,
        KonfluxNativeCli.execute(
            "translate",
            "--artifact",
            "oci-layout:" + layout + ":build",
            "--insecure-skip-verify",
            "--gpg-key",
            key.toString(),
            "--out",
            out.toString()));
    return out;
  }

  private static void credentials(String user, String password) {
    Map<String, String> env = Map.of("DEPLOY_USER", user, "DEPLOY_TOKEN", password);
    PublishMavenCommand.environment = env::get;
  }

  /** Every server file with its size and modification time. */
  private static Map<String, String> snapshot(Path root) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        FileTime t = Files.getLastModifiedTime(p);
        files.put(root.relativize(p).toString(), Files.size(p) + "@" + t.toMillis());
      }
    }
    return files;
  }

  @Test
  void deployThenMavenResolvesFromNginxAndASecondDeployChangesNothing() throws Exception {
    Path out = translate();
    Path maven = out.resolve("maven");
    try (NginxWebDav nginx = new NginxWebDav(tmp.resolve("nginx"))) {
      credentials(NginxWebDav.USER, NginxWebDav.PASSWORD);
      CliRun first =
          CliRun.of(
              "publish",
              "maven",
              "--repository-url",
              nginx.url(),
              "--username-env",
              "DEPLOY_USER",
              "--password-env",
              "DEPLOY_TOKEN",
              "--json",
              out.toString());
      assertEquals(ExitCodes.OK, first.exit(), first.out() + first.err());
      JsonNode r1 = JSON.readTree(first.out());
      assertEquals("published", r1.get("status").asText(), first.out());
      List<String> uploaded = new ArrayList<>();
      r1.get("uploaded").forEach(n -> uploaded.add(n.asText()));
      assertTrue(
          uploaded.contains("org/example/deployed/1.0/deployed-1.0.jar"), uploaded.toString());
      assertTrue(
          uploaded.contains("org/example/deployed/1.0/deployed-1.0.jar.asc"), uploaded.toString());
      assertTrue(
          r1.get("metadata").toString().contains("org/example/deployed/maven-metadata.xml"),
          first.out());
      Path served = nginx.repository();
      // Our bytes, maven-resolver's checksums of them (which equal ours), no checksums of .asc.
      for (String f :
          List.of(
              "org/example/deployed/1.0/deployed-1.0.jar",
              "org/example/deployed/1.0/deployed-1.0.jar.sha512",
              "org/example/deployed/1.0/deployed-1.0.jar.sha1",
              "org/example/deployed/1.0/deployed-1.0.pom.asc")) {
        assertArrayEquals(
            Files.readAllBytes(maven.resolve(f)), Files.readAllBytes(served.resolve(f)), f);
      }
      assertFalse(
          Files.exists(served.resolve("org/example/deployed/1.0/deployed-1.0.jar.asc.sha1")));
      // Artifacts first, maven-metadata.xml last.
      List<String> puts = nginx.accessLog().stream().filter(l -> l.contains("\"PUT ")).toList();
      int lastArtifact = -1;
      int firstMetadata = Integer.MAX_VALUE;
      for (int i = 0; i < puts.size(); i++) {
        if (puts.get(i).contains("maven-metadata.xml")) {
          firstMetadata = Math.min(firstMetadata, i);
        } else {
          lastArtifact = i;
        }
      }
      assertTrue(lastArtifact < firstMetadata, String.join("\n", puts));

      // Maven 3.9 resolves every artifact from nginx alone: strict checksums, a fresh local
      // repository, a mirror of everything to nginx; plugins come from the build's own local
      // repository as a read-only tail (no network here).
      Path get = Files.createDirectories(tmp.resolve("get"));
      Path settings =
          Files.writeString(
              get.resolve("settings.xml"),
              """
              <settings>
                <offline>false</offline>
                <mirrors>
                  <mirror><id>nginx</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                </mirrors>
              </settings>
              """
                  .formatted(nginx.url()));
      for (String classifier : List.of("", ":jar:sources")) {
        String coordinate = "org.example:deployed:1.0" + classifier;
        List<String> command =
            List.of(
                Path.of("..", "mvnw").toAbsolutePath().normalize().toString(),
                "-B",
                "-C",
                "-ntp",
                "-s",
                settings.toString(),
                "-Dmaven.repo.local=" + get.resolve("m2"),
                "-Dmaven.repo.local.tail=" + userLocalRepository(),
                DEPENDENCY_GET,
                "-Dartifact=" + coordinate,
                "-Dtransitive=false");
        Path log = get.resolve("mvn.log");
        Process p =
            new ProcessBuilder(command)
                .directory(get.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "mvn did not finish");
        assertEquals(0, p.exitValue(), coordinate + "\n" + Files.readString(log));
      }
      assertArrayEquals(
          Files.readAllBytes(maven.resolve("org/example/deployed/1.0/deployed-1.0.jar")),
          Files.readAllBytes(get.resolve("m2/org/example/deployed/1.0/deployed-1.0.jar")));
      assertTrue(nginx.count("GET", 200) > 0, String.join("\n", nginx.accessLog()));

      // A second deploy: no PUT at all, every server file as it was (bytes and mtimes).
      Map<String, String> before = snapshot(served);
      long putsBefore = nginx.accessLog().stream().filter(l -> l.contains("\"PUT ")).count();
      CliRun second =
          CliRun.of(
              "publish",
              "maven",
              "--repository-url",
              nginx.url(),
              "--username-env",
              "DEPLOY_USER",
              "--password-env",
              "DEPLOY_TOKEN",
              out.toString());
      assertEquals(ExitCodes.OK, second.exit(), second.out() + second.err());
      assertTrue(second.out().contains("nothing changed"), second.out());
      assertEquals(
          putsBefore, nginx.accessLog().stream().filter(l -> l.contains("\"PUT ")).count());
      assertEquals(before, snapshot(served));
    }
  }

  @Test
  void wrongCredentialsGiveATypedErrorAndExit5() throws Exception {
    Path out = translate();
    try (NginxWebDav nginx = new NginxWebDav(tmp.resolve("nginx"))) {
      credentials(NginxWebDav.USER, WRONG_PASSWORD);
      CliRun run =
          CliRun.of(
              "publish",
              "maven",
              "--repository-url",
              nginx.url(),
              "--username-env",
              "DEPLOY_USER",
              "--password-env",
              "DEPLOY_TOKEN",
              "--json",
              out.toString());
      assertEquals(ExitCodes.SOURCE_UNAVAILABLE, run.exit(), run.out() + run.err());
      JsonNode error = JSON.readTree(run.out()).get("error");
      assertEquals("DeployRejectedException", error.get("type").asText(), run.out());
      assertEquals(401, error.get("statusCode").asInt(), run.out());
      assertTrue(error.get("file").asText().startsWith("org/example/deployed/1.0/"), run.out());
      assertTrue(run.err().contains("HTTP 401"), run.err());
      assertTrue(nginx.count("PUT", 401) > 0, String.join("\n", nginx.accessLog()));

      // The library's typed exception carries the same data.
      DeployRejectedException e =
          assertThrows(
              DeployRejectedException.class,
              () ->
                  MavenDeployer.builder(URI.create(nginx.url()))
                      .credentials(NginxWebDav.USER, Secret.of(WRONG_PASSWORD))
                      .build()
                      .deploy(out.resolve("maven")));
      assertEquals(401, e.statusCode().orElseThrow());
      assertTrue(e.file().orElseThrow().startsWith("org/example/deployed/1.0/"), e.getMessage());
      assertTrue(e.url().orElseThrow().startsWith(nginx.url()), e.getMessage());
      assertFalse(e.getMessage().contains(WRONG_PASSWORD), e.getMessage());
      assertFalse(run.err().contains(WRONG_PASSWORD), run.err());
      // Nothing was stored.
      try (Stream<Path> files = Files.walk(nginx.repository())) {
        assertEquals(0, files.filter(Files::isRegularFile).count());
      }
    }
  }

  private static Path userLocalRepository() {
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }
}
