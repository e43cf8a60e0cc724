package dev.konflux.ecosystem.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes a small Maven repository tree like {@code mvn deploy} into a file repository does: {@code
 * group/path/artifact/version/artifact-version.pom} and {@code .jar} (plus optional {@code
 * -sources.jar}, {@code -javadoc.jar}), each with {@code .md5} and {@code .sha1}, and an
 * artifact-level {@code maven-metadata.xml} with its checksums. Jars are reproducible (fixed entry
 * times), so the same coordinates give the same bytes.
 */
public final class MavenRepositoryTree {

  private static final Pattern COORDINATE = Pattern.compile("[A-Za-z0-9_.-]+");

  /** {@code lastUpdated} written into maven-metadata.xml; fixed for reproducibility. */
  static final String LAST_UPDATED = "20240101000000";

  private final String groupId;
  private final String artifactId;
  private final String version;
  private boolean sources;
  private boolean javadoc;

  private MavenRepositoryTree(String groupId, String artifactId, String version) {
    for (String s : List.of(groupId, artifactId, version)) {
      if (!COORDINATE.matcher(Objects.requireNonNull(s)).matches()) {
        throw new IllegalArgumentException("invalid Maven coordinate part: " + s);
      }
    }
    this.groupId = groupId;
    this.artifactId = artifactId;
    this.version = version;
  }

  /**
   * @param groupId group id
   * @param artifactId artifact id
   * @param version version (a release version; no SNAPSHOT handling)
   * @return a tree with a pom and a jar
   */
  public static MavenRepositoryTree of(String groupId, String artifactId, String version) {
    return new MavenRepositoryTree(groupId, artifactId, version);
  }

  /**
   * @return this, also writing {@code -sources.jar}
   */
  public MavenRepositoryTree withSources() {
    this.sources = true;
    return this;
  }

  /**
   * @return this, also writing {@code -javadoc.jar}
   */
  public MavenRepositoryTree withJavadoc() {
    this.javadoc = true;
    return this;
  }

  /**
   * @return the version directory relative to the repository root
   */
  public String versionPath() {
    return groupId.replace('.', '/') + "/" + artifactId + "/" + version;
  }

  /**
   * Writes the files under {@code root} (created if missing).
   *
   * @param root the repository root
   * @return the written files, relative to {@code root}, sorted
   * @throws IOException if writing fails
   */
  public List<String> writeTo(Path root) throws IOException {
    List<String> written = new ArrayList<>();
    String base = versionPath() + "/" + artifactId + "-" + version;
    writeWithChecksums(root, base + ".pom", pom(), written);
    writeWithChecksums(root, base + ".jar", jar("demo/" + artifactId + ".txt", "main"), written);
    if (sources) {
      writeWithChecksums(root, base + "-sources.jar", jar("demo/Source.java", "sources"), written);
    }
    if (javadoc) {
      writeWithChecksums(root, base + "-javadoc.jar", jar("index.html", "javadoc"), written);
    }
    String artifactDir = groupId.replace('.', '/') + "/" + artifactId;
    writeWithChecksums(root, artifactDir + "/maven-metadata.xml", metadata(), written);
    written.sort(null);
    return written;
  }

  private byte[] pom() {
    return String.format(
            java.util.Locale.ROOT,
            """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
        xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <groupId>%s</groupId>
          <artifactId>%s</artifactId>
          <version>%s</version>
          <packaging>jar</packaging>
          <name>%s</name>
          <description>Test artifact made by the konflux-native testkit</description>
          <url>https://example.test.invalid/%s</url>
          <licenses>
            <license>
              <name>Apache-2.0</name>
              <url>https://www.apache.org/licenses/LICENSE-2.0</url>
            </license>
          </licenses>
        </project>
        """,
            groupId,
            artifactId,
            version,
            artifactId,
            artifactId)
        .getBytes(StandardCharsets.UTF_8);
  }

  private byte[] metadata() {
    return String.format(
            java.util.Locale.ROOT,
            """
        <?xml version="1.0" encoding="UTF-8"?>
        <metadata>
          <groupId>%s</groupId>
          <artifactId>%s</artifactId>
          <versioning>
            <latest>%s</latest>
            <release>%s</release>
            <versions>
              <version>%s</version>
            </versions>
            <lastUpdated>%s</lastUpdated>
          </versioning>
        </metadata>
        """,
            groupId,
            artifactId,
            version,
            version,
            version,
            LAST_UPDATED)
        .getBytes(StandardCharsets.UTF_8);
  }

  private byte[] jar(String entryName, String kind) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      DeterministicZip.putBytes(
          zip,
          "META-INF/MANIFEST.MF",
          "Manifest-Version: 1.0\r\nCreated-By: konflux-native-testkit\r\n\r\n"
              .getBytes(StandardCharsets.UTF_8));
      DeterministicZip.putBytes(
          zip,
          entryName,
          (groupId + ":" + artifactId + ":" + version + " " + kind + "\n")
              .getBytes(StandardCharsets.UTF_8));
      zip.finish();
    }
    return bytes.toByteArray();
  }

  private static void writeWithChecksums(
      Path root, String relative, byte[] content, List<String> written) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    written.add(relative);
    for (String[] algorithm : new String[][] {{"MD5", ".md5"}, {"SHA-1", ".sha1"}}) {
      try {
        byte[] hash = java.security.MessageDigest.getInstance(algorithm[0]).digest(content);
        Files.writeString(root.resolve(relative + algorithm[1]), HexFormat.of().formatHex(hash));
        written.add(relative + algorithm[1]);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK lacks " + algorithm[0], e);
      }
    }
  }
}
