package dev.konflux.ecosystem.rpm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.IndexOutput;
import dev.konflux.ecosystem.spi.PlannedFile;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.TargetSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Drives an RPM target session the way a release does: {@link #add} plans an artifact and writes
 * every planned file into the context's staging directory, {@link #finish} writes the index and
 * checks that exactly the staged files were reported.
 */
public final class TestSession {
  private final TargetSession session;
  private final TestTargetContext context;
  private final List<ProducedFile> written = new ArrayList<>();

  private TestSession(TargetSession session, TestTargetContext context) {
    this.session = session;
    this.context = context;
  }

  /**
   * @param context the test context
   * @return a session of a new {@link RpmTarget}
   * @throws KonfluxNativeException if the target cannot start
   */
  public static TestSession open(TestTargetContext context) throws KonfluxNativeException {
    return new TestSession(new RpmTarget().open(context), context);
  }

  /**
   * @return the target's session
   */
  public TargetSession session() {
    return session;
  }

  /**
   * Plans the artifact (unverified, SBOMs from the core's finder) and writes every planned file.
   *
   * @param artifact the artifact
   * @param blobs its blobs
   * @throws KonfluxNativeException if the target fails
   */
  public void add(ComponentArtifact artifact, BlobReader blobs) throws KonfluxNativeException {
    for (PlannedFile f : session.plan(VerifiedArtifact.unverified(artifact, List.of()), blobs)) {
      Path destination = context.stagingDirectory().resolve(f.path());
      try {
        Files.createDirectories(destination.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ProducedFile p = session.write(f, blobs, destination);
      assertEquals(f.path(), p.path());
      written.add(p);
      context.record(p);
    }
  }

  /**
   * Writes the index and checks every staged file was reported, and nothing else.
   *
   * @throws KonfluxNativeException if the target fails
   */
  public void finish() throws KonfluxNativeException {
    Path staging = context.stagingDirectory();
    List<ProducedFile> index =
        session.writeIndex(
            List.copyOf(written),
            new IndexOutput() {
              @Override
              public Path directory() {
                return staging;
              }

              @Override
              public Path resolve(String path) throws IOException {
                Path p = staging.resolve(path);
                Files.createDirectories(p.getParent());
                return p;
              }
            });
    index.forEach(context::record);
    Set<String> reported =
        context.produced().stream()
            .map(ProducedFile::path)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> staged = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(staging)) {
      walk.filter(Files::isRegularFile)
          .forEach(p -> staged.add(staging.relativize(p).toString().replace('\\', '/')));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals(staged, reported, "staged files and reported files differ");
    deleteTree(context.workDirectory());
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
