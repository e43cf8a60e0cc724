package dev.konflux.ecosystem.examples.cli;

import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * The quick start's Maven component: a Konflux Maven repository tar artifact made at run time (the
 * testkit's {@code com.example:demo:1.0}: pom, jar, sources and javadoc jars with their checksums)
 * in its own OCI layout, signed and attested with its own cosign key like the RPM component.
 * Translated into {@code OUT/maven/com/example/demo/1.0/…}.
 *
 * <p>Made once in {@code maven/} of the example directory and kept, like the RPM layout.
 */
final class ExampleMavenComponent {
  /** The Snapshot component's name. */
  static final String NAME = "konflux-hello-maven";

  /** The coordinates the example publishes, for the README's {@code mvn dependency:get} line. */
  static final String COORDINATES = "com.example:demo:1.0";

  /** Written last: a directory without it is a half-made component and is made again. */
  private static final String COMPLETE = "complete";

  /**
   * @param reference the artifact's reference ({@code oci-layout:DIR:build})
   * @param cosignPublicKey the PEM public key that signed it
   */
  record Made(String reference, Path cosignPublicKey) {}

  private ExampleMavenComponent() {}

  static Made create(Path exampleDir) throws IOException {
    Path dir = exampleDir.resolve("maven");
    Path pub = dir.resolve("example-cosign-maven-DO-NOT-TRUST.pub");
    Path complete = dir.resolve(COMPLETE);
    if (Files.isRegularFile(complete) && Files.isRegularFile(pub)) {
      return new Made(Files.readString(complete, StandardCharsets.UTF_8).trim(), pub);
    }
    deleteTree(dir);
    Files.createDirectories(dir);
    String reference = ExampleArtifacts.mavenRepository(dir.resolve("layout"), pub).reference();
    Files.writeString(complete, reference + "\n", StandardCharsets.UTF_8);
    return new Made(reference, pub);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
