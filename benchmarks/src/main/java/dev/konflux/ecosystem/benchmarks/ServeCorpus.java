package dev.konflux.ecosystem.benchmarks;

import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Packs every RPM of a directory as one signed Konflux RPM build artifact in an OCI layout (the
 * testkit's {@link ExampleArtifacts#rpmBuild}), for {@code bench/serve.sh}.
 *
 * <p>Usage: {@code ServeCorpus RPM_DIR LAYOUT_DIR COSIGN_PUB}; prints the artifact reference.
 */
public final class ServeCorpus {
  private ServeCorpus() {}

  /**
   * @param args RPM directory, layout directory, where to write the cosign public key
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ServeCorpus RPM_DIR LAYOUT_DIR COSIGN_PUB");
      System.exit(2);
    }
    List<Path> rpms;
    try (Stream<Path> s = Files.list(Path.of(args[0]))) {
      rpms = s.filter(p -> p.getFileName().toString().endsWith(".rpm")).sorted().toList();
    }
    System.out.println(
        ExampleArtifacts.rpmBuild(Path.of(args[1]), rpms, Path.of(args[2])).reference());
  }
}
