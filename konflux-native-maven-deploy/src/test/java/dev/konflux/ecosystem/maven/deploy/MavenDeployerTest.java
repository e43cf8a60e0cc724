package dev.konflux.ecosystem.maven.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployer's contract over loopback HTTP: artifacts then metadata, checksums made by
 * maven-resolver, idempotence, retries of 5xx, typed refusals and connection failures, and bad
 * local input refused before anything is sent. (Deploying to nginx and resolving with Maven is
 * {@code PublishMavenIT} in the examples module.)
 */
class MavenDeployerTest {
  @TempDir Path tmp;

  private static MavenDeployer deployer(String url) {
    return MavenDeployer.builder(URI.create(url))
        .retries(2)
        .retryInterval(Duration.ofMillis(10))
        .build();
  }

  @Test
  void deploysArtifactsThenMetadataAndASecondDeploySendsNothing() throws Exception {
    Path repo = TestRepositories.release(tmp.resolve("repo"));
    try (LoopbackRepository server = new LoopbackRepository()) {
      DeployResult first = deployer(server.url()).deploy(repo);
      assertEquals(5, first.uploaded().size(), first.toString());
      assertEquals(java.util.List.of("org/example/lib/maven-metadata.xml"), first.metadata());
      assertArrayEquals(
          Files.readAllBytes(repo.resolve("org/example/lib/1.0/lib-1.0.jar")),
          server.files.get("org/example/lib/1.0/lib-1.0.jar"));
      assertEquals(
          Files.readString(repo.resolve("org/example/lib/1.0/lib-1.0.jar.sha512")),
          new String(
              server.files.get("org/example/lib/1.0/lib-1.0.jar.sha512"), StandardCharsets.UTF_8));
      assertFalse(server.files.containsKey("org/example/lib/1.0/lib-1.0.jar.asc.sha1"));
      String metadata =
          new String(
              server.files.get("org/example/lib/maven-metadata.xml"), StandardCharsets.UTF_8);
      assertTrue(metadata.contains("<version>1.0</version>"), metadata);
      int lastArtifact = -1;
      int firstMetadata = Integer.MAX_VALUE;
      var puts = server.requests.stream().filter(r -> r.startsWith("PUT ")).toList();
      for (int i = 0; i < puts.size(); i++) {
        if (puts.get(i).contains("maven-metadata.xml")) {
          firstMetadata = Math.min(firstMetadata, i);
        } else {
          lastArtifact = i;
        }
      }
      assertTrue(lastArtifact < firstMetadata, puts.toString());

      long putsBefore = server.count("PUT");
      DeployResult second = deployer(server.url()).deploy(repo);
      assertTrue(second.isUnchanged(), second.toString());
      assertEquals(5, second.unchanged().size());
      assertEquals(putsBefore, server.count("PUT"));

      // One changed file: only it (and the merged metadata) is sent again.
      TestRepositories.file(
          repo, "org/example/lib/1.0/lib-1.0.jar", "new bytes".getBytes(StandardCharsets.UTF_8));
      DeployResult third = deployer(server.url()).deploy(repo);
      assertEquals(java.util.List.of("org/example/lib/1.0/lib-1.0.jar"), third.uploaded());
      assertEquals(4, third.unchanged().size());
    }
  }

  @Test
  void aSnapshotKeepsItsTimestampedNamesAndItsOwnMetadata() throws Exception {
    Path repo = tmp.resolve("repo");
    String v = "org/example/snap/1.0-SNAPSHOT/";
    String ts = "1.0-20240101.120000-3";
    TestRepositories.file(
        repo, v + "snap-" + ts + ".pom", "<project/>".getBytes(StandardCharsets.UTF_8));
    TestRepositories.file(repo, v + "snap-" + ts + ".jar", "snap".getBytes(StandardCharsets.UTF_8));
    byte[] versionMetadata =
        ("<metadata><groupId>org.example</groupId><artifactId>snap</artifactId>"
                + "<version>1.0-SNAPSHOT</version><versioning><snapshot>"
                + "<timestamp>20240101.120000</timestamp><buildNumber>3</buildNumber>"
                + "</snapshot></versioning></metadata>")
            .getBytes(StandardCharsets.UTF_8);
    TestRepositories.file(repo, v + "maven-metadata.xml", versionMetadata);
    try (LoopbackRepository server = new LoopbackRepository()) {
      DeployResult r = deployer(server.url()).deploy(repo);
      assertTrue(r.uploaded().contains(v + "snap-" + ts + ".jar"), r.toString());
      assertArrayEquals(
          "snap".getBytes(StandardCharsets.UTF_8), server.files.get(v + "snap-" + ts + ".jar"));
      assertArrayEquals(versionMetadata, server.files.get(v + "maven-metadata.xml"));
      assertTrue(r.metadata().contains(v + "maven-metadata.xml"), r.toString());
      String versions =
          new String(
              server.files.get("org/example/snap/maven-metadata.xml"), StandardCharsets.UTF_8);
      assertTrue(versions.contains("<version>1.0-SNAPSHOT</version>"), versions);
      assertTrue(deployer(server.url()).deploy(repo).isUnchanged());
    }
  }

  @Test
  void a503IsRetriedAndTheDeploySucceeds() throws Exception {
    Path repo = TestRepositories.release(tmp.resolve("repo"));
    try (LoopbackRepository server = new LoopbackRepository()) {
      server.failNextPuts.set(2);
      DeployResult r = deployer(server.url()).deploy(repo);
      assertEquals(5, r.uploaded().size());
      assertTrue(server.files.containsKey("org/example/lib/1.0/lib-1.0.pom"));
      assertEquals(0, server.failNextPuts.get());
    }
  }

  @Test
  void a5xxThatDoesNotStopIsATypedFailureWithItsStatus() throws Exception {
    Path repo = TestRepositories.release(tmp.resolve("repo"));
    try (LoopbackRepository server = new LoopbackRepository()) {
      server.failStatus = 502;
      server.failNextPuts.set(1000);
      MavenDeployException e =
          assertThrows(MavenDeployException.class, () -> deployer(server.url()).deploy(repo));
      assertFalse(e instanceof DeployRejectedException, e.toString());
      assertEquals(502, e.statusCode().orElseThrow(), e.getMessage());
      assertTrue(e.file().isPresent(), e.getMessage());
    }
  }

  @Test
  void a409IsARefusalNamingTheFileAndIsNotRetried() throws Exception {
    Path repo = TestRepositories.release(tmp.resolve("repo"));
    try (LoopbackRepository server = new LoopbackRepository()) {
      server.refusePutsWith = 409;
      DeployRejectedException e =
          assertThrows(DeployRejectedException.class, () -> deployer(server.url()).deploy(repo));
      assertEquals(409, e.statusCode().orElseThrow());
      String file = e.file().orElseThrow();
      assertTrue(file.startsWith("org/example/lib/1.0/lib-1.0"), file);
      assertEquals(server.url() + file, e.url().orElseThrow());
      assertTrue(e.getMessage().contains(file) && e.getMessage().contains("409"), e.getMessage());
      assertEquals(MavenDeployException.OPERATION_DEPLOY, e.operation().orElseThrow());
      // Not retried: no file is sent twice.
      var puts = server.requests.stream().filter(r -> r.startsWith("PUT ")).toList();
      assertEquals(puts.size(), new java.util.HashSet<>(puts).size(), puts.toString());
      assertTrue(server.files.isEmpty());
    }
  }

  @Test
  void aRefusedConnectionIsRetriedThenATypedFailureWithoutStatus() throws Exception {
    Path repo = TestRepositories.release(tmp.resolve("repo"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    MavenDeployException e =
        assertThrows(
            MavenDeployException.class,
            () -> deployer("http://127.0.0.1:" + port + "/repo/").deploy(repo));
    assertTrue(e.statusCode().isEmpty(), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
  }

  @Test
  void aChecksumFileThatLiesIsInvalidInputAndNothingIsSent() throws Exception {
    Path repo = TestRepositories.release(tmp.resolve("repo"));
    Files.writeString(repo.resolve("org/example/lib/1.0/lib-1.0.jar.sha1"), "0".repeat(40));
    try (LoopbackRepository server = new LoopbackRepository()) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> deployer(server.url()).deploy(repo));
      assertTrue(e.getMessage().contains("org/example/lib/1.0/lib-1.0.jar.sha1"), e.getMessage());
      assertTrue(server.requests.isEmpty(), server.requests.toString());
    }
  }

  @Test
  void aFileOutsideTheLayoutOrALinkIsInvalidInput() throws Exception {
    Path repo = TestRepositories.release(tmp.resolve("repo"));
    Files.writeString(repo.resolve("org/example/lib/1.0/notes.txt"), "x");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> deployer("http://127.0.0.1:9/").deploy(repo));
    assertTrue(e.getMessage().contains("org/example/lib/1.0/notes.txt"), e.getMessage());

    Files.delete(repo.resolve("org/example/lib/1.0/notes.txt"));
    Files.createSymbolicLink(
        repo.resolve("org/example/lib/1.0/lib-1.0-tests.jar"),
        repo.resolve("org/example/lib/1.0/lib-1.0.jar"));
    e =
        assertThrows(
            InvalidInputException.class, () -> deployer("http://127.0.0.1:9/").deploy(repo));
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());

    assertThrows(
        InvalidInputException.class,
        () -> deployer("http://127.0.0.1:9/").deploy(tmp.resolve("missing")));
  }
}
