package dev.konflux.ecosystem.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.maven.TestArchives.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance with the real tools: Maven 3.9 (the build's wrapper) resolves every produced artifact
 * with strict checksums ({@code -C}) over loopback HTTP, including real artifacts from Maven
 * Central given as input with their Central checksums and signatures; the pgpverify-maven-plugin
 * {@code check} passes against a static HKP server holding our public key and fails for a tampered
 * jar; {@code gpg --verify} accepts every {@code .asc}.
 */
class MavenResolveIT {
  private static final String PGPVERIFY = "org.simplify4u.plugins:pgpverify-maven-plugin:1.19.1";
  private static final String DEPENDENCY_GET =
      "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get";
  private static final List<String[]> CENTRAL =
      List.of(
          new String[] {"commons-io", "commons-io", "2.16.1"},
          new String[] {"org.apache.commons", "commons-lang3", "3.17.0"});

  /** Everything the tests make (the release, Maven's local repositories, gpg's home). */
  @TempDir static Path work;

  private static Path maven;
  private static RepositoryHttpServer server;

  @BeforeAll
  static void release() throws Exception {
    Path central = fetchFromCentral(work.resolve("central"));
    ensurePlugin(PGPVERIFY);

    MavenReleases releases = new MavenReleases(work.resolve("layout"));
    List<Entry> built = new ArrayList<>(MavenTargetTest.demoTree(work, "demo", "1.0"));
    built.addAll(snapshotTree());
    String tar = releases.tar(TestArchives.tar(built));
    String zip =
        releases.zip(
            TestArchives.zip(
                TestArchives.under(
                    "central-1.0-maven-repository/maven-repository/", TestArchives.tree(central))),
            "central-1.0-maven-repository.zip");
    Path out = work.resolve("out");
    MavenReleases.release(out, tar, zip);
    maven = out.resolve("maven");
    server =
        new RepositoryHttpServer(
            maven, localRepository(), MavenReleases.testKey().publicKeyArmored());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void mvnResolvesEveryProducedArtifactWithStrictChecksums() throws Exception {
    Path settings =
        MavenCommand.mirrorSettings(Files.createDirectories(work.resolve("get")), server.url());
    Path local = work.resolve("get/m2");
    List<String> coordinates = new ArrayList<>();
    for (Path file : artifactFiles(maven)) {
      String coordinate = coordinate(maven.relativize(file).toString());
      coordinates.add(coordinate);
      MavenCommand.Result r =
          MavenCommand.run(
              work.resolve("get"),
              List.of(
                  "-B",
                  "-C",
                  "-ntp",
                  "-s",
                  settings.toString(),
                  "-Dmaven.repo.local=" + local,
                  DEPENDENCY_GET,
                  "-Dartifact=" + coordinate,
                  "-Dtransitive=false",
                  // A repository that allows snapshots (Central, which the mirror stands for, does
                  // not).
                  "-DremoteRepositories=konflux::default::" + server.url()));
      assertEquals(0, r.exitCode(), coordinate + "\n" + r.output());
      Path resolved = local.resolve(maven.relativize(file).toString());
      if (!coordinate.contains("SNAPSHOT")) {
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(resolved), coordinate);
      }
    }
    assertTrue(coordinates.contains("commons-io:commons-io:2.16.1:jar"), coordinates.toString());
    assertTrue(
        coordinates.contains("org.apache.commons:commons-lang3:3.17.0:jar"),
        coordinates.toString());
    assertTrue(coordinates.contains("org.example:demo:1.0:jar:sources"), coordinates.toString());
    assertTrue(coordinates.contains("org.example:snap:1.0-SNAPSHOT:jar"), coordinates.toString());
    assertTrue(
        server
            .servedFromRepository()
            .contains("commons-io/commons-io/2.16.1/commons-io-2.16.1.jar.sha1"));

    // The same run fails when a checksum is wrong: -C is really strict.
    Path bad = work.resolve("bad-checksum");
    copyTree(maven, bad);
    Files.writeString(bad.resolve("org/example/demo/1.0/demo-1.0.jar.sha1"), "0".repeat(40));
    Files.writeString(bad.resolve("org/example/demo/1.0/demo-1.0.jar.md5"), "0".repeat(32));
    try (RepositoryHttpServer badServer = new RepositoryHttpServer(bad, localRepository(), "")) {
      Path s =
          MavenCommand.mirrorSettings(
              Files.createDirectories(work.resolve("get-bad")), badServer.url());
      MavenCommand.Result r =
          MavenCommand.run(
              work.resolve("get-bad"),
              List.of(
                  "-B",
                  "-C",
                  "-ntp",
                  "-s",
                  s.toString(),
                  "-Dmaven.repo.local=" + work.resolve("get-bad/m2"),
                  DEPENDENCY_GET,
                  "-Dartifact=org.example:demo:1.0",
                  "-Dtransitive=false"));
      assertNotEquals(0, r.exitCode(), r.output());
      assertTrue(r.output().toLowerCase(java.util.Locale.ROOT).contains("checksum"), r.output());
    }
  }

  @Test
  void pgpverifyPassesWithOurKeyAndFailsForATamperedJar() throws Exception {
    MavenCommand.Result ok = pgpverify(maven, "pgp-ok");
    assertEquals(0, ok.exitCode(), ok.output());
    assertTrue(
        ok.output().contains("PGP Signature OK") || ok.output().contains("BUILD SUCCESS"),
        ok.output());

    // An attacker who can write the repository replaces the jar and fixes its checksums.
    Path tampered = work.resolve("tampered");
    copyTree(maven, tampered);
    Path jar = tampered.resolve("org/example/demo/1.0/demo-1.0.jar");
    byte[] bytes = Files.readAllBytes(jar);
    bytes[bytes.length / 2] ^= 1;
    Files.write(jar, bytes);
    for (String[] k :
        new String[][] {
          {"SHA-1", ".sha1"}, {"MD5", ".md5"}, {"SHA-256", ".sha256"}, {"SHA-512", ".sha512"}
        }) {
      Files.writeString(
          jar.resolveSibling(jar.getFileName() + k[1]), MavenTargetTest.hex(k[0], bytes));
    }
    MavenCommand.Result bad = pgpverify(tampered, "pgp-bad");
    assertNotEquals(0, bad.exitCode(), bad.output());
    assertTrue(
        bad.output().contains("org.example:demo:jar:1.0 PGP Signature INVALID"), bad.output());
    assertTrue(
        !bad.output().contains("commons-io:commons-io:jar:2.16.1 PGP Signature INVALID"),
        bad.output());
  }

  @Test
  void gpgVerifiesEveryAscFile() throws Exception {
    Path home = Files.createDirectories(work.resolve("gnupg"));
    Files.setPosixFilePermissions(
        home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Path key = work.resolve("public.asc");
    Files.writeString(key, MavenReleases.testKey().publicKeyArmored());
    assertEquals(0, gpg(home, "--import", key.toString()));
    int count = 0;
    try (Stream<Path> walk = Files.walk(maven)) {
      for (Path asc :
          (Iterable<Path>) walk.filter(p -> p.toString().endsWith(".asc")).sorted()::iterator) {
        Path signed = asc.resolveSibling(asc.getFileName().toString().replaceAll("\\.asc$", ""));
        assertEquals(0, gpg(home, "--verify", asc.toString(), signed.toString()), asc.toString());
        count++;
      }
    } finally {
      // gpg --import started an agent for this home; stop it.
      new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(1, TimeUnit.MINUTES);
    }
    assertEquals(
        artifactFiles(maven).size(),
        count,
        "one .asc per artifact file, none for checksums or metadata");
  }

  private static int gpg(Path home, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("gpg", "--batch", "--no-tty", "--homedir", home.toString()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  private static MavenCommand.Result pgpverify(Path repository, String name) throws Exception {
    Path dir = Files.createDirectories(work.resolve(name));
    try (RepositoryHttpServer s =
        new RepositoryHttpServer(
            repository, localRepository(), MavenReleases.testKey().publicKeyArmored())) {
      Path settings = MavenCommand.mirrorSettings(dir, s.url());
      StringBuilder deps = new StringBuilder();
      deps.append(dependency("org.example", "demo", "1.0"));
      for (String[] c : CENTRAL) {
        deps.append(dependency(c[0], c[1], c[2]));
      }
      Files.writeString(
          dir.resolve("pom.xml"),
          """
          <project xmlns="http://maven.apache.org/POM/4.0.0">
            <modelVersion>4.0.0</modelVersion>
            <groupId>test.consumer</groupId>
            <artifactId>consumer</artifactId>
            <version>1</version>
            <packaging>pom</packaging>
            <dependencies>%s</dependencies>
          </project>
          """
              .formatted(deps));
      return MavenCommand.run(
          dir,
          List.of(
              "-B",
              "-C",
              "-ntp",
              "-s",
              settings.toString(),
              "-Dmaven.repo.local=" + dir.resolve("m2"),
              "-Dpgpverify.keyserver=" + s.keyServer(),
              "-Dpgpverify.keycache=" + dir.resolve("keys"),
              PGPVERIFY + ":check"));
    }
  }

  private static String dependency(String g, String a, String v) {
    return "<dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>"
        .formatted(g, a, v);
  }

  /**
   * Real Central artifacts with Central's own checksums and signatures, fetched by Maven itself.
   */
  private static Path fetchFromCentral(Path dir) throws Exception {
    Files.createDirectories(dir);
    StringBuilder deps = new StringBuilder();
    for (String[] c : CENTRAL) {
      for (String type :
          List.of(
              "jar", "jar.sha1", "jar.md5", "jar.asc", "pom", "pom.sha1", "pom.md5", "pom.asc")) {
        deps.append(
            "<dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version><type>%s</type></dependency>"
                .formatted(c[0], c[1], c[2], type));
      }
    }
    Path project = Files.createDirectories(dir.resolveSibling("central-fetch"));
    Files.writeString(
        project.resolve("pom.xml"),
        """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>test.fetch</groupId>
          <artifactId>fetch</artifactId>
          <version>1</version>
          <packaging>pom</packaging>
          <dependencies>%s</dependencies>
        </project>
        """
            .formatted(deps));
    MavenCommand.Result r =
        MavenCommand.run(
            project,
            List.of(
                "-B",
                "-ntp",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies",
                "-DoutputDirectory=" + dir,
                "-Dmdep.useRepositoryLayout=true",
                "-DexcludeTransitive=true"));
    assertEquals(0, r.exitCode(), r.output());
    // copy-dependencies also copies _remote.repositories and maven-metadata-local.xml, local
    // repository bookkeeping the target drops, as it does in zips made from ~/.m2.
    // Central's checksum of the jar, as Central states it, must be what the tree carries.
    String sha1 =
        Files.readString(dir.resolve("commons-io/commons-io/2.16.1/commons-io-2.16.1.jar.sha1"))
            .trim();
    assertEquals(
        MavenTargetTest.hex(
            "SHA-1",
            Files.readAllBytes(dir.resolve("commons-io/commons-io/2.16.1/commons-io-2.16.1.jar"))),
        sha1);
    return dir;
  }

  private static void ensurePlugin(String gav) throws Exception {
    String[] p = gav.split(":");
    Path jar =
        localRepository()
            .resolve(
                p[0].replace('.', '/')
                    + "/"
                    + p[1]
                    + "/"
                    + p[2]
                    + "/"
                    + p[1]
                    + "-"
                    + p[2]
                    + ".jar");
    if (!Files.isRegularFile(jar)) {
      MavenCommand.Result r =
          MavenCommand.run(work, List.of("-B", "-ntp", DEPENDENCY_GET, "-Dartifact=" + gav));
      assertEquals(0, r.exitCode(), r.output());
    }
  }

  private static Path localRepository() {
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  private static List<Entry> snapshotTree() {
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
    String metadata =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <metadata modelVersion="1.1.0">
          <groupId>org.example</groupId>
          <artifactId>snap</artifactId>
          <version>1.0-SNAPSHOT</version>
          <versioning>
            <snapshot><timestamp>20240101.120000</timestamp><buildNumber>1</buildNumber></snapshot>
            <lastUpdated>20240101120000</lastUpdated>
            <snapshotVersions>
              <snapshotVersion><extension>pom</extension><value>1.0-20240101.120000-1</value><updated>20240101120000</updated></snapshotVersion>
              <snapshotVersion><extension>jar</extension><value>1.0-20240101.120000-1</value><updated>20240101120000</updated></snapshotVersion>
            </snapshotVersions>
          </versioning>
        </metadata>
        """;
    return List.of(
        Entry.file(dir + "snap-1.0-20240101.120000-1.pom", pom.getBytes(StandardCharsets.UTF_8)),
        Entry.file(
            dir + "snap-1.0-20240101.120000-1.jar",
            "snapshot jar".getBytes(StandardCharsets.UTF_8)),
        Entry.file(dir + "maven-metadata.xml", metadata.getBytes(StandardCharsets.UTF_8)));
  }

  /** Every published file that is an artifact: not a checksum, signature or metadata. */
  static List<Path> artifactFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(
              p ->
                  !p.getFileName()
                      .toString()
                      .matches(".*\\.(md5|sha1|sha256|sha512|asc)|maven-metadata\\.xml"))
          .sorted()
          .toList();
    }
  }

  private static final Pattern TIMESTAMP = Pattern.compile("-\\d{8}\\.\\d{6}-\\d+");

  /** {@code g:a:v:ext[:classifier]} for {@code dependency:get}, from the path alone. */
  static String coordinate(String path) {
    String[] s = path.split("/");
    String name = s[s.length - 1];
    String version = s[s.length - 2];
    String artifactId = s[s.length - 3];
    String groupId = String.join(".", List.of(s).subList(0, s.length - 3));
    String rest = name.substring(artifactId.length() + 1);
    if (version.endsWith("-SNAPSHOT")) {
      Matcher m = TIMESTAMP.matcher(rest);
      if (m.find()) {
        rest = rest.substring(m.end());
      } else {
        rest = rest.substring(version.length());
      }
    } else {
      rest = rest.substring(version.length());
    }
    String classifier = "";
    if (rest.startsWith("-")) {
      classifier = rest.substring(1, rest.indexOf('.'));
      rest = rest.substring(rest.indexOf('.'));
    }
    String extension = rest.substring(1);
    return groupId
        + ":"
        + artifactId
        + ":"
        + version
        + ":"
        + extension
        + (classifier.isEmpty() ? "" : ":" + classifier);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
