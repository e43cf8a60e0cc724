package dev.konflux.ecosystem.benchmarks;

import dev.konflux.ecosystem.testkit.CosignKeyPair;
import dev.konflux.ecosystem.testkit.CosignSigner;
import dev.konflux.ecosystem.testkit.OciLayoutStore;
import dev.konflux.ecosystem.testkit.RpmBuildArtifact;
import dev.konflux.ecosystem.testkit.StoredArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts RPM files into an OCI layout as Konflux RPM build artifacts (testkit's {@link
 * RpmBuildArtifact}), each signed with cosign by one generated key, so the CLI can release them as
 * a user would (verification included). With a batch size, the packages (sorted by name) become
 * several artifacts of that many packages, tagged {@code TAG-1}, {@code TAG-2}, ...
 *
 * <p>Usage: {@code RpmLayoutCorpus LAYOUT_DIR COSIGN_PUB_OUT DOCKER_REFERENCE TAG RPM_DIR [BATCH]};
 * prints one {@code oci-layout:} reference per line.
 */
public final class RpmLayoutCorpus {
  private RpmLayoutCorpus() {}

  /**
   * @param args layout directory, public key file to write, docker reference, tag, RPM directory,
   *     optional batch size
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 5 || args.length > 6) {
      System.err.println(
          "usage: RpmLayoutCorpus LAYOUT_DIR COSIGN_PUB_OUT DOCKER_REFERENCE TAG RPM_DIR [BATCH]");
      System.exit(2);
    }
    Path layout = Path.of(args[0]);
    String dockerRef = args[2];
    List<Path> rpms;
    try (Stream<Path> files = Files.list(Path.of(args[4]))) {
      rpms = files.filter(p -> p.getFileName().toString().endsWith(".rpm")).sorted().toList();
    }
    int batch = args.length == 6 ? Integer.parseInt(args[5]) : rpms.size();
    CosignKeyPair key = CosignKeyPair.generate();
    key.writePublicKey(Path.of(args[1]));
    List<String> refs = new ArrayList<>();
    try (OciLayoutStore store = OciLayoutStore.open(layout)) {
      for (int i = 0, n = 1; i < rpms.size(); i += batch, n++) {
        RpmBuildArtifact a =
            RpmBuildArtifact.create().tag(batch == rpms.size() ? args[3] : args[3] + "-" + n);
        for (Path p : rpms.subList(i, Math.min(rpms.size(), i + batch))) {
          a.addRpm(p);
        }
        StoredArtifact stored = a.writeTo(store);
        CosignSigner.with(key).sign(store, stored.descriptor(), dockerRef);
        refs.add(stored.reference());
      }
    }
    refs.forEach(System.out::println);
  }
}
