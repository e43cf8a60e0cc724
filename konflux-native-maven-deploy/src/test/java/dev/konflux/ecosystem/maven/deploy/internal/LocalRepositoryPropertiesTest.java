package dev.konflux.ecosystem.maven.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The path-to-coordinates mapping: round trips, and refuses what does not compose back. */
class LocalRepositoryPropertiesTest {
  record Coordinates(
      String groupId, String artifactId, String version, String classifier, String extension) {
    String baseVersion() {
      return version.matches(".*-\\d{8}\\.\\d{6}-\\d+")
          ? version.replaceAll("\\d{8}\\.\\d{6}-\\d+$", "SNAPSHOT")
          : version;
    }

    String path() {
      return groupId.replace('.', '/')
          + "/"
          + artifactId
          + "/"
          + baseVersion()
          + "/"
          + artifactId
          + "-"
          + version
          + (classifier.isEmpty() ? "" : "-" + classifier)
          + "."
          + extension;
    }
  }

  @Provide
  Arbitrary<Coordinates> coordinates() {
    Arbitrary<String> word =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> group = word.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    Arbitrary<String> version =
        Arbitraries.oneOf(
            Arbitraries.integers()
                .between(0, 99)
                .list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(l -> String.join(".", l.stream().map(String::valueOf).toList())),
            Arbitraries.integers().between(0, 99).map(n -> n + ".0-SNAPSHOT"),
            Arbitraries.integers().between(1, 999).map(n -> "1.0-20240101.120000-" + n));
    Arbitrary<String> classifier = Arbitraries.oneOf(Arbitraries.just(""), word);
    Arbitrary<String> extension =
        Arbitraries.of("jar", "pom", "jar.asc", "pom.sigstore.json", "tar.gz", "json");
    return Combinators.combine(group, word, version, classifier, extension).as(Coordinates::new);
  }

  @Property(tries = 300)
  void aComposedPathMapsBackToItsCoordinates(@ForAll("coordinates") Coordinates c)
      throws Exception {
    String rel = c.path();
    LocalRepository.ArtifactFile f =
        LocalRepository.artifact(rel, Path.of("/x").resolve(rel), rel.split("/"));
    assertEquals(c.groupId(), f.groupId(), rel);
    assertEquals(c.artifactId(), f.artifactId(), rel);
    assertEquals(c.version(), f.version(), rel);
    assertEquals(c.classifier(), f.classifier(), rel);
    assertEquals(c.extension(), f.extension(), rel);
  }

  @Property(tries = 300)
  void anyOtherNameIsRefusedOrComposesBackExactly(
      @ForAll("coordinates") Coordinates c, @ForAll("names") String name) {
    String dir = c.groupId().replace('.', '/') + "/" + c.artifactId() + "/" + c.baseVersion() + "/";
    String rel = dir + name;
    try {
      LocalRepository.ArtifactFile f =
          LocalRepository.artifact(rel, Path.of("/x").resolve(rel), rel.split("/"));
      Coordinates back =
          new Coordinates(f.groupId(), f.artifactId(), f.version(), f.classifier(), f.extension());
      assertEquals(rel, back.path());
    } catch (InvalidInputException refused) {
      // refused with a message: fine
    }
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings()
        .withChars("abc-._0123456789SNAPSHOT")
        .ofMinLength(1)
        .ofMaxLength(30);
  }

  @Test
  void shortPathsAndWrongVersionsAreRefused() {
    assertThrows(
        InvalidInputException.class,
        () ->
            LocalRepository.artifact(
                "a/b.jar", Path.of("/x/a/b.jar"), new String[] {"a", "b.jar"}));
    String rel = "org/example/lib/1.0/lib-2.0.jar";
    assertThrows(
        InvalidInputException.class,
        () -> LocalRepository.artifact(rel, Path.of("/x").resolve(rel), rel.split("/")));
  }

  @Test
  void theCentralBundleAtTheRootIsNotDeployedButAnyOtherRootFileIsRefused(@TempDir Path root)
      throws Exception {
    Path jar = root.resolve("org/example/lib/1.0/lib-1.0.jar");
    java.nio.file.Files.createDirectories(jar.getParent());
    java.nio.file.Files.write(jar, new byte[] {1});
    java.nio.file.Files.write(root.resolve("central-bundle.zip"), new byte[] {2});
    assertEquals(
        java.util.List.of("org/example/lib/1.0/lib-1.0.jar"),
        LocalRepository.read(root).artifacts().stream()
            .map(LocalRepository.ArtifactFile::path)
            .toList());
    java.nio.file.Files.write(root.resolve("other.zip"), new byte[] {3});
    assertThrows(InvalidInputException.class, () -> LocalRepository.read(root));
  }
}
