package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Index;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.ManifestOrIndex;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonAndMavenArtifactTest {

  @TempDir Path tmp;

  @Test
  void wheelsAreFlatTitledLayers() throws IOException {
    Path wheel = Files.writeString(tmp.resolve("demo_pkg-1.0-py3-none-any.whl"), "wheel");
    Path sdist = Files.writeString(tmp.resolve("demo_pkg-1.0.tar.gz"), "sdist");
    Path dir = tmp.resolve("layout");
    StoredArtifact stored;
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      stored = PythonWheelsArtifact.create().add(wheel).add(sdist).tag("py").writeTo(store);
    }
    LayoutAssertions.assertValidLayout(dir);
    Manifest m = LayoutAssertions.readArtifactManifest(dir, LayoutAssertions.tagged(dir, "py"));
    assertEquals(MediaTypes.ARTIFACT_PYTHON_WHEELS, m.artifactType());
    assertEquals(
        List.of("demo_pkg-1.0-py3-none-any.whl", "demo_pkg-1.0.tar.gz"),
        m.layers().stream().map(d -> d.title().orElseThrow()).toList());
    assertEquals(
        LayoutAssertions.sha256(wheel), stored.layer("demo_pkg-1.0-py3-none-any.whl").digest());
  }

  @Test
  void mavenTreeHasMatchingChecksums() throws Exception {
    Path repo = tmp.resolve("repo");
    List<String> written =
        MavenRepositoryTree.of("org.example.sub", "lib", "2.1").withSources().writeTo(repo);
    assertTrue(written.contains("org/example/sub/lib/2.1/lib-2.1.jar"));
    assertTrue(written.contains("org/example/sub/lib/2.1/lib-2.1-sources.jar"));
    assertTrue(written.contains("org/example/sub/lib/maven-metadata.xml.sha1"));
    for (String file : written) {
      if (file.endsWith(".md5") || file.endsWith(".sha1")) {
        continue;
      }
      byte[] content = Files.readAllBytes(repo.resolve(file));
      assertEquals(hex("MD5", content), Files.readString(repo.resolve(file + ".md5")), file);
      assertEquals(hex("SHA-1", content), Files.readString(repo.resolve(file + ".sha1")), file);
    }
    Path again = tmp.resolve("again");
    MavenRepositoryTree.of("org.example.sub", "lib", "2.1").withSources().writeTo(again);
    assertArrayEquals(
        Files.readAllBytes(repo.resolve("org/example/sub/lib/2.1/lib-2.1.jar")),
        Files.readAllBytes(again.resolve("org/example/sub/lib/2.1/lib-2.1.jar")),
        "jars are reproducible");
  }

  @Test
  void mavenTarArtifactHasOneUntitledTarLayerWithTheTree() throws IOException {
    Path repo = tmp.resolve("repo");
    List<String> written = MavenRepositoryTree.of("com.example", "demo", "1.0").writeTo(repo);
    Path dir = tmp.resolve("layout");
    StoredArtifact stored;
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      stored = MavenRepositoryArtifact.tar(repo).tag("mvn").writeTo(store);
      assertEquals(
          stored.digest(),
          MavenRepositoryArtifact.tar(repo).writeTo(store).digest(),
          "reproducible");
    }
    LayoutAssertions.assertValidLayout(dir);
    Manifest m = LayoutAssertions.readArtifactManifest(dir, LayoutAssertions.tagged(dir, "mvn"));
    assertEquals(MediaTypes.ARTIFACT_MAVEN_REPOSITORY_TAR, m.artifactType());
    assertEquals(1, m.layers().size());
    Descriptor layer = m.layers().get(0);
    assertEquals(MediaTypes.OCI_LAYER_TAR, layer.mediaType());
    assertTrue(layer.annotations().isEmpty(), "the Maven tar layer has no title");

    Map<String, byte[]> files = new TreeMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new ByteArrayInputStream(LayoutAssertions.blob(dir, layer)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isFile()) {
          files.put(e.getName(), tar.readAllBytes());
        } else {
          assertTrue(e.isDirectory(), e.getName());
        }
      }
    }
    assertEquals(
        new TreeMap<>(written.stream().collect(java.util.stream.Collectors.toMap(f -> f, f -> f)))
            .keySet(),
        files.keySet());
    for (String f : written) {
      assertArrayEquals(Files.readAllBytes(repo.resolve(f)), files.get(f), f);
    }
  }

  @Test
  void mavenZipArtifactHasOneTitledZipLayer() throws IOException {
    Path repo = tmp.resolve("repo");
    List<String> written = MavenRepositoryTree.of("com.example", "demo", "1.0").writeTo(repo);
    Path dir = tmp.resolve("layout");
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      MavenRepositoryArtifact.zip(repo, "demo-1.0-maven-repository.zip")
          .entryPrefix("demo-1.0-maven-repository/maven-repository/")
          .tag("zip")
          .writeTo(store);
    }
    Manifest m = LayoutAssertions.readArtifactManifest(dir, LayoutAssertions.tagged(dir, "zip"));
    assertEquals(MediaTypes.ARTIFACT_MAVEN_ZIP, m.artifactType());
    assertEquals(1, m.layers().size());
    assertEquals("demo-1.0-maven-repository.zip", m.layers().get(0).title().orElseThrow());
    List<String> names = new java.util.ArrayList<>();
    try (ZipArchiveInputStream zip =
        new ZipArchiveInputStream(
            new ByteArrayInputStream(LayoutAssertions.blob(dir, m.layers().get(0))))) {
      ZipArchiveEntry e;
      while ((e = zip.getNextEntry()) != null) {
        names.add(e.getName());
      }
    }
    assertEquals(
        written.stream()
            .map(f -> "demo-1.0-maven-repository/maven-repository/" + f)
            .sorted()
            .toList(),
        names.stream().sorted().toList());
  }

  @Test
  void indexListsArtifactManifestsWithTheirTypes() throws IOException {
    Path wheel = Files.writeString(tmp.resolve("a-1.0-py3-none-any.whl"), "w");
    Path rpm = Files.writeString(tmp.resolve("a-1.0-1.noarch.rpm"), "r");
    Path dir = tmp.resolve("layout");
    StoredArtifact index;
    StoredArtifact wheels;
    StoredArtifact rpms;
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      wheels = PythonWheelsArtifact.create().add(wheel).writeTo(store);
      rpms = RpmBuildArtifact.create().addRpm(rpm).writeTo(store);
      index =
          ArtifactIndex.create()
              .add(rpms)
              .add(wheels)
              .annotation("k", "v")
              .tag("all")
              .writeTo(store);
    }
    LayoutAssertions.assertValidLayout(dir);
    assertEquals(
        1,
        LayoutAssertions.readIndex(dir).manifests().size(),
        "children are not listed in index.json");
    ManifestOrIndex parsed =
        LayoutAssertions.readManifest(dir, LayoutAssertions.tagged(dir, "all"));
    assertTrue(parsed instanceof Index);
    Index i = (Index) parsed;
    assertEquals(index.digest(), i.digest());
    assertEquals(
        List.of(rpms.digest(), wheels.digest()),
        i.manifests().stream().map(Descriptor::digest).toList());
    assertEquals(
        List.of(MediaTypes.ARTIFACT_RPM_BUILD, MediaTypes.ARTIFACT_PYTHON_WHEELS),
        i.manifests().stream().map(Descriptor::artifactType).toList());
    assertEquals("v", i.annotations().get("k"));
  }

  private static String hex(String algorithm, byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
  }
}
