package dev.konflux.ecosystem.api;

import dev.konflux.ecosystem.spi.PlannedFile;
import dev.konflux.ecosystem.spi.ProducedFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A release resolved, verified and planned, but not written: every file it would produce, which a
 * caller (a server) can keep and ask for one file at a time. Holds its sources open until {@link
 * #close()}. Made by {@link Translator#plan(TranslateRequest)}. Not thread safe.
 */
public interface ReleasePlan extends AutoCloseable {

  /**
   * A planned file of one ecosystem.
   *
   * @param ecosystem the target's ecosystem ({@code rpm}, {@code pypi}, …)
   * @param file the planned file, its path relative to {@code OUT/<ecosystem>}
   */
  record Entry(String ecosystem, PlannedFile file) {
    /**
     * @return the path relative to the output directory: {@code <ecosystem>/<path>}
     */
    public String outputPath() {
      return ecosystem + "/" + file.path();
    }
  }

  /**
   * @return the release time stamped into signatures and metadata
   */
  Instant releaseTime();

  /**
   * @return the fingerprint of everything that determines the output (as in {@code release.json})
   */
  String inputFingerprint();

  /**
   * @return every artifact with its decisions, verified evidence and SBOMs
   */
  List<VerifiedArtifact> artifacts();

  /**
   * @return every decision of the verification gate
   */
  List<VerificationDecision> decisions();

  /**
   * @return every planned file (not the index files, which depend on what is written)
   */
  List<Entry> files();

  /**
   * @param outputPath a path relative to the output directory ({@code rpm/x86_64/Packages/a.rpm})
   * @return the planned file at that path
   */
  Optional<Entry> file(String outputPath);

  /**
   * Writes one planned file, reading only its own layer(s).
   *
   * @param outputPath its path relative to the output directory
   * @param destination the file to write (replaced if it exists; parent directories are created)
   * @return the written file (path relative to {@code OUT/<ecosystem>})
   * @throws KonfluxNativeException if the path is not planned, or reading or writing fails
   */
  ProducedFile write(String outputPath, Path destination) throws KonfluxNativeException;

  /**
   * Writes an ecosystem's index files (repodata, simple index, maven-metadata) for files written
   * below {@code directory} at their planned paths.
   *
   * @param ecosystem the ecosystem
   * @param files the files written there
   * @param directory the directory standing for {@code OUT/<ecosystem>}
   * @return the index files (and carried-over files) written into {@code directory}
   * @throws KonfluxNativeException if that fails
   */
  List<ProducedFile> writeIndex(String ecosystem, List<ProducedFile> files, Path directory)
      throws KonfluxNativeException;

  /** Closes the sources and deletes the targets' scratch directories. */
  @Override
  void close();
}
