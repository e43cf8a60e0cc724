package dev.konflux.ecosystem.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.ReleasePlan;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.spi.ProducedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kept plan (what a server holds) lists every file a release writes and writes any one of them on
 * request, byte for byte what the release writes, reading the layer again for it.
 */
class KeptPlanTest {
  @TempDir Path tmp;

  @Test
  void aKeptPlanWritesEachFileAsTheReleaseDoes() throws Exception {
    MavenReleases releases = new MavenReleases(tmp.resolve("layout"));
    String ref =
        releases.zip(
            TestArchives.zip(
                TestArchives.under("top/", MavenTargetTest.demoTree(tmp, "demo", "1.0"))),
            "demo.zip");
    Path out = tmp.resolve("out");
    MavenReleases.release(out, ref);

    Translator translator =
        Translator.builder()
            .outputDirectory(tmp.resolve("unused"))
            .openPgpSigner(MavenReleases.signingKey())
            .releaseTime(MavenReleases.RELEASE_TIME)
            .verificationPolicy(VerificationPolicy.skipVerification())
            .build();
    try (ReleasePlan plan =
        translator.plan(TranslateRequest.of(List.of(ArtifactReference.parse(ref))))) {
      List<String> planned =
          plan.files().stream().map(ReleasePlan.Entry::outputPath).sorted().toList();
      assertTrue(
          planned.contains("maven/org/example/demo/1.0/demo-1.0.jar.asc"), planned.toString());
      // The .asc first: its content must not depend on the jar having been written before.
      List<String> order = new ArrayList<>(planned);
      java.util.Collections.reverse(order);
      Path served = tmp.resolve("served");
      List<ProducedFile> written = new ArrayList<>();
      for (String path : order) {
        Path destination = served.resolve(path);
        Files.createDirectories(destination.getParent());
        written.add(plan.write(path, destination));
        assertArrayEquals(
            Files.readAllBytes(out.resolve(path)), Files.readAllBytes(destination), path);
      }
      List<ProducedFile> index =
          plan.writeIndex("maven", written.stream().map(f -> f).toList(), served.resolve("maven"));
      assertTrue(
          index.stream().anyMatch(f -> f.path().equals("org/example/demo/maven-metadata.xml")),
          index.toString());
      assertEquals(
          Files.readString(out.resolve("maven/org/example/demo/maven-metadata.xml")),
          Files.readString(served.resolve("maven/org/example/demo/maven-metadata.xml")));
    }
  }
}
