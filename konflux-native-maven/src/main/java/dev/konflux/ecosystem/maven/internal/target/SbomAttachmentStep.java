package dev.konflux.ecosystem.maven.internal.target;

import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.SbomDocument;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.maven.internal.pom.Pom;
import dev.konflux.ecosystem.maven.internal.write.FileDigests;
import dev.konflux.ecosystem.maven.internal.write.ParallelDigester;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.SbomPlacement;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 10 point 4: the component's SBOM attached to the main artifact's GAV as cyclonedx-maven-
 * plugin attaches it, classifier {@code cyclonedx}, type {@code json} (and {@code xml} when the
 * source is CycloneDX XML; SPDX sources are converted), through the {@link SbomPlacement} of {@code
 * konflux-native-bom}. The files join the tree as if the build had deployed them, so they are
 * planned, checksummed and signed like every other file, and {@code release.json} names the SBOM
 * referrer and document they came from.
 *
 * <p>The main artifact is the tree's only POM; else its only POM whose packaging is not {@code
 * pom}; else the first POM in path order. Nothing is attached when the artifact has no SBOM, when
 * the build already deployed a {@code cyclonedx} file for that GAV, for snapshot versions (their
 * version-level {@code maven-metadata.xml} lists every file), or when {@code konflux-native-bom} is
 * absent (said in a warning).
 */
final class SbomAttachmentStep {
  private static final Logger LOG = LoggerFactory.getLogger(SbomAttachmentStep.class);

  private final Optional<SbomPlacement> placement =
      SbomPlacement.installed(SbomAttachmentStep.class.getClassLoader());

  /** Entries this step added, with the origin each names (the SBOM referrer and document). */
  private final Map<String, FileOrigin> added = new HashMap<>();

  /**
   * Adds the SBOM files to {@code incoming} (written into {@code dir}).
   *
   * @param verified the artifact, with its SBOMs
   * @param blobs opens the SBOM
   * @param incoming the tree's files by entry; receives the new ones
   * @param poms the tree's POMs by entry
   * @param dir where incoming files are written
   * @param digester computes the files' digests in one read
   * @param counter names new files in {@code dir}
   * @return how many files were added
   * @throws KonfluxNativeException if the SBOM cannot be read, is invalid, or cannot be written
   */
  int addTo(
      VerifiedArtifact verified,
      BlobReader blobs,
      Map<String, IncomingFile> incoming,
      Map<String, Pom> poms,
      Path dir,
      ParallelDigester digester,
      java.util.function.IntSupplier counter)
      throws KonfluxNativeException {
    Optional<SbomDocument> sbom = SbomPlacement.preferred(verified.sboms());
    if (sbom.isEmpty()) {
      return 0;
    }
    if (placement.isEmpty()) {
      LOG.warn(
          "{}: SBOM {} not attached as classifier cyclonedx: no SbomPlacement is installed; add {}"
              + " to the class path",
          verified.artifact().describe(),
          sbom.get().digest(),
          SbomPlacement.MODULE);
      return 0;
    }
    String pomEntry = mainPom(poms);
    if (pomEntry == null) {
      return 0;
    }
    Pom pom = poms.get(pomEntry);
    if (pom == null) {
      return 0; // mainPom names a key of poms; never null, but say so to the checker
    }
    if (pom.version().endsWith("-SNAPSHOT")) {
      LOG.info(
          "{}: SBOM not attached to snapshot {} (its maven-metadata.xml lists every file)",
          verified.artifact().describe(),
          pom.gav());
      return 0;
    }
    String base = pomEntry.substring(0, pomEntry.length() - ".pom".length());
    String fileVersion = base.substring(base.lastIndexOf('/') + 1 + pom.artifactId().length() + 1);
    String prefix = base + "-" + SbomPlacement.MAVEN_CLASSIFIER + ".";
    for (String entry : incoming.keySet()) {
      if (entry.startsWith(prefix)) {
        LOG.info(
            "{}: the build deployed {}; the component's SBOM is not attached again",
            verified.artifact().describe(),
            entry);
        return 0;
      }
    }
    String dirOfPom = pomEntry.substring(0, pomEntry.lastIndexOf('/') + 1);
    List<SbomPlacement.SbomFile> files =
        placement.get().mavenCycloneDx(sbom.get(), blobs, pom.artifactId(), fileVersion);
    FileOrigin origin = SbomPlacement.origin(verified.artifact(), sbom.get());
    List<String> entries = new ArrayList<>();
    for (SbomPlacement.SbomFile f : files) {
      String entry = dirOfPom + f.fileName();
      Path file = dir.resolve(Integer.toString(counter.getAsInt()));
      FileDigests digests;
      try (OutputStream out = Files.newOutputStream(file)) {
        digests = digester.copy(new ByteArrayInputStream(f.content()), out);
      } catch (IOException e) {
        throw new OutputException(
            "writing " + entry + " into the work directory failed: " + e.getMessage(), e);
      }
      incoming.put(entry, new IncomingFile(entry, file, digests));
      added.put(entry, origin);
      entries.add(entry);
    }
    LOG.info(
        "{}: SBOM {} attached to {} as {}",
        verified.artifact().describe(),
        sbom.get().digest(),
        pom.gav(),
        entries);
    return files.size();
  }

  /**
   * @param entry an entry of the tree
   * @return the origin of a file this step added, or {@code null} for the build's own files
   */
  @Nullable FileOrigin origin(String entry) {
    return added.get(entry);
  }

  private static @Nullable String mainPom(Map<String, Pom> poms) {
    TreeMap<String, Pom> sorted = new TreeMap<>(poms);
    if (sorted.isEmpty()) {
      return null;
    }
    if (sorted.size() == 1) {
      return sorted.firstKey();
    }
    List<String> notPom =
        sorted.entrySet().stream()
            .filter(e -> !e.getValue().packaging().equals("pom"))
            .map(Map.Entry::getKey)
            .toList();
    return notPom.size() == 1 ? notPom.get(0) : sorted.firstKey();
  }
}
