package dev.konflux.ecosystem.maven.internal.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** File names of a version directory parse back to the coordinates they were made from. */
class RepositoryLayoutPropertiesTest {

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz0123456789_.-")
        .ofMinLength(1)
        .ofMaxLength(20)
        .filter(s -> !s.startsWith(".") && !s.endsWith("."));
  }

  @Provide
  Arbitrary<String> classifiers() {
    return Arbitraries.oneOf(
        Arbitraries.just(""),
        Arbitraries.strings()
            .withChars("abcdefghijklmnopqrstuvwxyz0123456789_")
            .ofMinLength(1)
            .ofMaxLength(12));
  }

  @Provide
  Arbitrary<String> extensions() {
    return Arbitraries.of("jar", "pom", "tar.gz", "zip", "war", "module", "json", "xml");
  }

  @Property(tries = 500)
  void releaseNamesRoundTrip(
      @ForAll("ids") String artifactId,
      @ForAll("ids") String version,
      @ForAll("classifiers") String classifier,
      @ForAll("extensions") String extension) {
    ArtifactCoordinates c =
        new ArtifactCoordinates("g", artifactId, version, version, classifier, extension);
    String name = c.path().substring(c.versionDirectory().length() + 1);
    ArtifactCoordinates parsed = RepositoryLayout.parseName("g", artifactId, version, name);
    assertNotNull(parsed, name);
    assertEquals(
        artifactId
            + "-"
            + version
            + (parsed.classifier().isEmpty() ? "" : "-" + parsed.classifier())
            + "."
            + parsed.extension(),
        name);
  }

  @Property(tries = 300)
  void timestampedSnapshotNamesRoundTrip(
      @ForAll("ids") String artifactId,
      @ForAll("classifiers") String classifier,
      @ForAll("extensions") String extension,
      @ForAll int build) {
    String fileVersion = "1.0-20240101.120000-" + Math.floorMod(build, 1000);
    ArtifactCoordinates c =
        new ArtifactCoordinates(
            "g", artifactId, "1.0-SNAPSHOT", fileVersion, classifier, extension);
    String name = c.path().substring(c.versionDirectory().length() + 1);
    ArtifactCoordinates parsed = RepositoryLayout.parseName("g", artifactId, "1.0-SNAPSHOT", name);
    assertEquals(c, parsed, name);
  }

  @Property(tries = 300)
  void namesOfOtherArtifactsDoNotParse(
      @ForAll("ids") String artifactId,
      @ForAll("ids") String other,
      @ForAll("extensions") String extension) {
    if (other.startsWith(artifactId + "-") || other.equals(artifactId)) {
      return;
    }
    assertNull(RepositoryLayout.parseName("g", artifactId, "1.0", other + "-1.0." + extension));
  }
}
