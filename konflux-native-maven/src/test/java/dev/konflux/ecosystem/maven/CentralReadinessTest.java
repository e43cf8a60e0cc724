package dev.konflux.ecosystem.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.TargetReport;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.maven.TestArchives.Entry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Central readiness report per GAV (in the result and in {@code release.json}) and the Central
 * Portal bundle ({@code maven.centralBundle=true}), on real POMs: a complete one, one missing
 * fields, a child inheriting from a parent in the same release and one whose parent is elsewhere.
 */
class CentralReadinessTest {
  @TempDir Path tmp;

  private static final String COMPLETE =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>org.example</groupId>
        <artifactId>complete</artifactId>
        <version>1.0</version>
        <name>Complete</name>
        <description>Has everything Central asks for</description>
        <url>https://example.org/complete</url>
        <licenses>
          <license>
            <name>Apache-2.0</name>
            <url>https://www.apache.org/licenses/LICENSE-2.0</url>
          </license>
        </licenses>
        <developers>
          <developer>
            <name>Jane Doe</name>
            <email>jane@example.org</email>
          </developer>
        </developers>
        <scm>
          <connection>scm:git:https://example.org/complete.git</connection>
          <url>https://example.org/complete</url>
        </scm>
      </project>
      """;

  private static final String PARTIAL =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>org.example</groupId>
        <artifactId>partial</artifactId>
        <version>2.0</version>
        <name>Partial</name>
      </project>
      """;

  private static final String PARENT =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>org.example</groupId>
        <artifactId>parent</artifactId>
        <version>3.0</version>
        <packaging>pom</packaging>
        <name>Parent</name>
        <description>Declares what its children inherit</description>
        <url>https://example.org/parent</url>
        <licenses><license><name>MIT</name></license></licenses>
        <developers><developer><id>jd</id></developer></developers>
        <scm><url>https://example.org/parent</url></scm>
      </project>
      """;

  private static final String CHILD =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <parent>
          <groupId>org.example</groupId>
          <artifactId>parent</artifactId>
          <version>3.0</version>
        </parent>
        <artifactId>child</artifactId>
        <packaging>pom</packaging>
        <name>Child</name>
      </project>
      """;

  private static final String ORPHAN =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <parent>
          <groupId>org.elsewhere</groupId>
          <artifactId>corporate-parent</artifactId>
          <version>7</version>
        </parent>
        <groupId>org.example</groupId>
        <artifactId>orphan</artifactId>
        <version>1.0</version>
        <packaging>pom</packaging>
        <name>Orphan</name>
        <description>Inherits the rest, from a parent not released here</description>
        <url>https://example.org/orphan</url>
        <licenses><license><name>MIT</name></license></licenses>
        <developers><developer><id>jd</id></developer></developers>
      </project>
      """;

  private static Entry file(String path, String content) {
    return Entry.file(path, content.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Entry> tree() {
    return List.of(
        file("org/example/complete/1.0/complete-1.0.pom", COMPLETE),
        file("org/example/complete/1.0/complete-1.0.jar", "main jar"),
        file("org/example/complete/1.0/complete-1.0-sources.jar", "sources jar"),
        file("org/example/complete/1.0/complete-1.0-javadoc.jar", "javadoc jar"),
        file("org/example/partial/2.0/partial-2.0.pom", PARTIAL),
        file("org/example/partial/2.0/partial-2.0.jar", "main jar"),
        file("org/example/parent/3.0/parent-3.0.pom", PARENT),
        file("org/example/child/3.0/child-3.0.pom", CHILD),
        file("org/example/orphan/1.0/orphan-1.0.pom", ORPHAN));
  }

  private static Map<String, List<String>> rules(List<TargetReport> reports) {
    Map<String, List<String>> rules = new java.util.TreeMap<>();
    for (TargetReport r : reports) {
      assertEquals("maven", r.ecosystem());
      assertEquals("central-readiness", r.kind());
      assertEquals(r.findings().isEmpty(), r.passed());
      rules.put(r.subject(), r.findings().stream().map(TargetReport.Finding::rule).toList());
    }
    return rules;
  }

  @Test
  void reportsPerGavAndWritesTheCentralBundle() throws Exception {
    MavenReleases releases = new MavenReleases(tmp.resolve("layout"));
    Path out = tmp.resolve("out");
    TranslateResult result =
        MavenReleases.release(
            out,
            List.of(releases.tar(TestArchives.tar(tree()))),
            Map.of("maven.centralBundle", "true"));

    Map<String, List<String>> expected = new java.util.TreeMap<>();
    expected.put("org.example:child:3.0", List.of());
    expected.put("org.example:complete:1.0", List.of());
    expected.put(
        "org.example:orphan:1.0", List.of("POM_MISSING_SCM")); // its parent is not released here
    expected.put("org.example:parent:3.0", List.of());
    expected.put(
        "org.example:partial:2.0",
        List.of(
            "POM_MISSING_DESCRIPTION",
            "POM_MISSING_URL",
            "POM_MISSING_LICENSES",
            "POM_MISSING_DEVELOPERS",
            "POM_MISSING_SCM",
            "MISSING_SOURCES_JAR",
            "MISSING_JAVADOC_JAR"));
    assertEquals(expected, rules(result.record().reports()));
    TargetReport orphan =
        result.record().reports().stream()
            .filter(r -> r.subject().equals("org.example:orphan:1.0"))
            .findFirst()
            .orElseThrow();
    assertTrue(
        orphan.findings().get(0).message().contains("org.elsewhere:corporate-parent:7"),
        orphan.findings().get(0).message());
    assertEquals("org/example/orphan/1.0/orphan-1.0.pom", orphan.findings().get(0).file());

    // release.json holds the same reports, and the bundle as a file derived from its entries.
    ReleaseRecord written;
    try (InputStream in = Files.newInputStream(out.resolve("release.json"))) {
      written = ReleaseRecord.read(in);
    }
    assertEquals(result.record().reports(), written.reports());
    assertTrue(
        Files.readString(out.resolve("release.json")).contains("\"kind\" : \"central-readiness\""));

    Path bundle = out.resolve("maven/central-bundle.zip");
    List<String> entries = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(bundle))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        entries.add(e.getName());
        byte[] content = zip.readAllBytes();
        assertArrayEquals(
            Files.readAllBytes(out.resolve("maven").resolve(e.getName())), content, e.getName());
      }
    }
    List<String> expectedEntries = new ArrayList<>();
    for (String f :
        List.of(
            "org/example/child/3.0/child-3.0.pom",
            "org/example/complete/1.0/complete-1.0-javadoc.jar",
            "org/example/complete/1.0/complete-1.0-sources.jar",
            "org/example/complete/1.0/complete-1.0.jar",
            "org/example/complete/1.0/complete-1.0.pom",
            "org/example/orphan/1.0/orphan-1.0.pom",
            "org/example/parent/3.0/parent-3.0.pom",
            "org/example/partial/2.0/partial-2.0.jar",
            "org/example/partial/2.0/partial-2.0.pom")) {
      expectedEntries.add(f);
      for (String s : List.of(".asc", ".md5", ".sha1", ".sha256", ".sha512")) {
        expectedEntries.add(f + s);
      }
    }
    expectedEntries.sort(null);
    assertEquals(expectedEntries, entries);
    assertTrue(Files.isRegularFile(out.resolve("maven/org/example/complete/maven-metadata.xml")));
    ReleaseRecord.FileEntry recorded =
        written.files().stream()
            .filter(f -> f.path().equals("maven/central-bundle.zip"))
            .findFirst()
            .orElseThrow();
    assertEquals(expectedEntries.size(), recorded.derivedFrom().size());
    assertEquals(
        dev.konflux.ecosystem.api.Digest.sha256Of(Files.readAllBytes(bundle)), recorded.sha256());
    assertEquals(Files.size(bundle), recorded.size());

    // The same release elsewhere gives the same bundle, byte for byte.
    Path again = tmp.resolve("again");
    MavenReleases.release(
        again,
        List.of(releases.tar(TestArchives.tar(tree()))),
        Map.of("maven.centralBundle", "true"));
    assertArrayEquals(
        Files.readAllBytes(bundle), Files.readAllBytes(again.resolve("maven/central-bundle.zip")));
  }

  @Test
  void unsignedReleaseReportsMissingSignaturesAndWritesNoBundleByDefault() throws Exception {
    MavenReleases releases = new MavenReleases(tmp.resolve("layout"));
    Path out = tmp.resolve("out");
    TranslateResult result =
        MavenReleases.release(
            out,
            List.of(releases.tar(TestArchives.tar(tree().subList(0, 4)))),
            Map.of("maven.unsigned", "true"));
    List<TargetReport> reports = result.record().reports();
    assertEquals(1, reports.size());
    List<String> unsigned =
        reports.get(0).findings().stream()
            .filter(f -> f.rule().equals("MISSING_SIGNATURE"))
            .map(TargetReport.Finding::file)
            .sorted()
            .toList();
    assertEquals(
        List.of(
            "org/example/complete/1.0/complete-1.0-javadoc.jar",
            "org/example/complete/1.0/complete-1.0-sources.jar",
            "org/example/complete/1.0/complete-1.0.jar",
            "org/example/complete/1.0/complete-1.0.pom"),
        unsigned);
    assertEquals(4, reports.get(0).findings().size());
    assertFalse(Files.exists(out.resolve("maven/central-bundle.zip")));
  }
}
