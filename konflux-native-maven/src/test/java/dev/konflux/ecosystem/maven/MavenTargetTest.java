package dev.konflux.ecosystem.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.maven.TestArchives.Entry;
import dev.konflux.ecosystem.testkit.MavenRepositoryTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Maven target through the real Translator, on trees the testkit writes like {@code mvn
 * deploy}.
 */
class MavenTargetTest {
  @TempDir Path tmp;

  static List<Entry> demoTree(Path dir, String artifactId, String version) throws IOException {
    Path root = dir.resolve("tree-" + artifactId + "-" + version);
    MavenRepositoryTree.of("org.example", artifactId, version)
        .withSources()
        .withJavadoc()
        .writeTo(root);
    return TestArchives.tree(root);
  }

  @Test
  void tarBecomesSignedChecksummedRepository() throws Exception {
    MavenReleases releases = new MavenReleases(tmp.resolve("layout"));
    List<Entry> tree = new ArrayList<>(demoTree(tmp, "demo", "1.0"));
    tree.add(
        Entry.file(
            "org/example/demo/1.0/demo-1.0.jar.asc",
            "not a signature".getBytes(StandardCharsets.US_ASCII)));
    Path out = tmp.resolve("out");
    MavenReleases.release(out, releases.tar(TestArchives.tar(tree)));
    Path maven = out.resolve("maven");
    assertPublished(maven, "org/example/demo/1.0/demo-1.0.jar");
    assertPublished(maven, "org/example/demo/1.0/demo-1.0.pom");
    assertPublished(maven, "org/example/demo/1.0/demo-1.0-sources.jar");
    assertPublished(maven, "org/example/demo/1.0/demo-1.0-javadoc.jar");
    String asc = Files.readString(maven.resolve("org/example/demo/1.0/demo-1.0.jar.asc"));
    assertTrue(asc.startsWith("-----BEGIN PGP SIGNATURE-----"), asc);

    String metadata = Files.readString(maven.resolve("org/example/demo/maven-metadata.xml"));
    assertTrue(metadata.contains("<latest>1.0</latest>"), metadata);
    assertTrue(metadata.contains("<release>1.0</release>"), metadata);
    assertTrue(
        metadata.contains("<lastUpdated>" + MavenReleases.LAST_UPDATED + "</lastUpdated>"),
        metadata);
    assertChecksums(maven, "org/example/demo/maven-metadata.xml");
    assertFalse(Files.exists(maven.resolve("org/example/demo/maven-metadata.xml.asc")));

    try (Stream<Path> walk = Files.walk(maven)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String name = p.getFileName().toString();
        assertFalse(
            name.matches(".*\\.asc\\.(md5|sha1|sha256|sha512|asc)"),
            "no sidecars of signatures: " + p);
        assertFalse(
            name.matches(".*\\.(md5|sha1|sha256|sha512)\\.(md5|sha1|sha256|sha512|asc)"),
            "no sidecars of checksums: " + p);
        assertFalse(name.startsWith("."), "no staging leftovers: " + p);
      }
    }
  }

  @Test
  void zipUnderTopFolderAndGzipTarGiveTheSameLayout() throws Exception {
    MavenReleases releases = new MavenReleases(tmp.resolve("layout"));
    List<Entry> tree = demoTree(tmp, "demo", "1.0");
    Path fromZip = tmp.resolve("zip");
    MavenReleases.release(
        fromZip,
        releases.zip(
            TestArchives.zip(
                TestArchives.under("demo-1.0-maven-repository/maven-repository/", tree)),
            "demo-1.0-maven-repository.zip"));
    Path fromTgz = tmp.resolve("tgz");
    MavenReleases.release(
        fromTgz,
        releases.tarGzip(TestArchives.gzip(TestArchives.tar(TestArchives.under("./", tree)))));
    for (Path out : List.of(fromZip, fromTgz)) {
      assertPublished(out.resolve("maven"), "org/example/demo/1.0/demo-1.0.jar");
      assertPublished(out.resolve("maven"), "org/example/demo/1.0/demo-1.0-sources.jar");
    }
    assertEquals(list(fromZip.resolve("maven")), list(fromTgz.resolve("maven")));
  }

  @Test
  void snapshotsKeepTimestampedNamesAndTheirMetadata() throws Exception {
    String dir = "org/example/snap/1.0-SNAPSHOT/";
    String pom =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>org.example</groupId>
          <artifactId>snap</artifactId>
          <version>1.0-SNAPSHOT</version>
        </project>
        """;
    String versionMetadata =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <metadata modelVersion="1.1.0">
          <groupId>org.example</groupId>
          <artifactId>snap</artifactId>
          <version>1.0-SNAPSHOT</version>
          <versioning>
            <snapshot><timestamp>20240101.120000</timestamp><buildNumber>1</buildNumber></snapshot>
            <lastUpdated>20240101120000</lastUpdated>
          </versioning>
        </metadata>
        """;
    List<Entry> tree =
        List.of(
            Entry.file(
                dir + "snap-1.0-20240101.120000-1.pom", pom.getBytes(StandardCharsets.UTF_8)),
            Entry.file(
                dir + "snap-1.0-20240101.120000-1.jar", "jar".getBytes(StandardCharsets.UTF_8)),
            Entry.file(
                dir + "maven-metadata.xml", versionMetadata.getBytes(StandardCharsets.UTF_8)));
    Path out = tmp.resolve("out");
    MavenReleases.release(
        out, new MavenReleases(tmp.resolve("layout")).tar(TestArchives.tar(tree)));
    Path maven = out.resolve("maven");
    assertPublished(maven, dir + "snap-1.0-20240101.120000-1.jar");
    assertPublished(maven, dir + "snap-1.0-20240101.120000-1.pom");
    assertEquals(versionMetadata, Files.readString(maven.resolve(dir + "maven-metadata.xml")));
    assertChecksums(maven, dir + "maven-metadata.xml");
    String metadata = Files.readString(maven.resolve("org/example/snap/maven-metadata.xml"));
    assertTrue(metadata.contains("<latest>1.0-SNAPSHOT</latest>"), metadata);
    assertFalse(metadata.contains("<release>"), metadata);
  }

  @Test
  void incrementalReleasesMergeMetadataInMavenVersionOrder() throws Exception {
    MavenReleases releases = new MavenReleases(tmp.resolve("layout"));
    Path out = tmp.resolve("out");
    MavenReleases.release(out, releases.tar(TestArchives.tar(demoTree(tmp, "demo", "1.10"))));
    String nine = releases.tar(TestArchives.tar(demoTree(tmp, "demo", "1.9")));
    String alpha = releases.tar(TestArchives.tar(demoTree(tmp, "demo", "1.0-alpha-1")));
    MavenReleases.release(out, nine, alpha);
    Path maven = out.resolve("maven");
    assertPublished(maven, "org/example/demo/1.10/demo-1.10.jar");
    assertPublished(maven, "org/example/demo/1.9/demo-1.9.jar");
    String metadata = Files.readString(maven.resolve("org/example/demo/maven-metadata.xml"));
    int alphaAt = metadata.indexOf("<version>1.0-alpha-1</version>");
    int nineAt = metadata.indexOf("<version>1.9</version>");
    int tenAt = metadata.indexOf("<version>1.10</version>");
    assertTrue(alphaAt > 0 && alphaAt < nineAt && nineAt < tenAt, metadata);
    assertTrue(metadata.contains("<release>1.10</release>"), metadata);
    assertChecksums(maven, "org/example/demo/maven-metadata.xml");
    // The same release again changes nothing.
    List<String> before = list(maven);
    String digestBefore =
        Files.readString(maven.resolve("org/example/demo/maven-metadata.xml.sha1"));
    assertTrue(MavenReleases.release(out, nine, alpha).unchanged());
    assertEquals(before, list(maven));
    assertEquals(
        digestBefore, Files.readString(maven.resolve("org/example/demo/maven-metadata.xml.sha1")));
  }

  @Test
  void inputChecksumsThatMatchAreAccepted() throws Exception {
    // sha256/sha512 and "hex  name" forms as other tools write them.
    List<Entry> tree = new ArrayList<>(demoTree(tmp, "demo", "2.0"));
    byte[] jar =
        tree.stream()
            .filter(e -> e.name().endsWith("demo-2.0.jar"))
            .findFirst()
            .orElseThrow()
            .content();
    tree.add(
        Entry.file(
            "org/example/demo/2.0/demo-2.0.jar.sha256",
            (hex("SHA-256", jar) + "  demo-2.0.jar\n").getBytes(StandardCharsets.US_ASCII)));
    tree.add(
        Entry.file(
            "org/example/demo/2.0/demo-2.0.jar.sha512",
            hex("SHA-512", jar)
                .toUpperCase(java.util.Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII)));
    Path out = tmp.resolve("out");
    MavenReleases.release(
        out, new MavenReleases(tmp.resolve("layout")).tar(TestArchives.tar(tree)));
    assertPublished(out.resolve("maven"), "org/example/demo/2.0/demo-2.0.jar");
    assertNotEquals(0, Files.size(out.resolve("maven/org/example/demo/2.0/demo-2.0.jar.asc")));
  }

  static void assertPublished(Path maven, String path) throws Exception {
    assertTrue(Files.isRegularFile(maven.resolve(path)), path);
    assertChecksums(maven, path);
    assertTrue(Files.isRegularFile(maven.resolve(path + ".asc")), path + ".asc");
  }

  static void assertChecksums(Path maven, String path) throws Exception {
    byte[] content = Files.readAllBytes(maven.resolve(path));
    for (String[] k :
        new String[][] {
          {"MD5", ".md5"}, {"SHA-1", ".sha1"}, {"SHA-256", ".sha256"}, {"SHA-512", ".sha512"}
        }) {
      assertEquals(hex(k[0], content), Files.readString(maven.resolve(path + k[1])), path + k[1]);
    }
  }

  static String hex(String algorithm, byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
  }

  static List<String> list(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  static Map<String, byte[]> snapshotOf(Path root) throws IOException {
    Map<String, byte[]> m = new java.util.TreeMap<>();
    if (!Files.exists(root)) {
      return m;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p)) {
          m.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
      }
    }
    return m;
  }
}
