package dev.konflux.ecosystem.pypi.internal.index;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One distribution file as the simple index lists it.
 *
 * @param project the PEP 503 normalised project name
 * @param version the normalised version (PEP 440 canonical text)
 * @param fileName the file name under {@code files/}
 * @param sha256 hex SHA-256 of the file
 * @param size its size in bytes
 * @param requiresPython {@code Requires-Python}, or {@code null}
 * @param coreMetadataSha256 hex SHA-256 of {@code <file>.metadata}, or {@code null} when none is
 *     served
 * @param provenance whether a provenance object is served for it
 * @param uploadTime when it was first published
 * @param metadataNameNormalized whether the core metadata's {@code Name} is already in PEP 503
 *     normal form. pip 23.0 compares a PEP 658 file's Name with the project name without
 *     normalising it and discards the distribution when they differ, so the HTML page offers the
 *     PEP 658 attribute ({@code data-dist-info-metadata}, the only one pip 23.0 reads) only then;
 *     PEP 714's {@code data-core-metadata}, which pip 23.0 ignores, is always offered.
 */
public record IndexedFile(
    String project,
    String version,
    String fileName,
    String sha256,
    long size,
    @Nullable String requiresPython,
    @Nullable String coreMetadataSha256,
    boolean provenance,
    Instant uploadTime,
    boolean metadataNameNormalized) {

  /** Validates. */
  public IndexedFile {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(uploadTime, "uploadTime");
  }

  /**
   * @return the path of the file, relative to the ecosystem root
   */
  public String filePath() {
    return "files/" + fileName;
  }

  /**
   * @return the path of its provenance object, relative to the ecosystem root
   */
  public String provenancePath() {
    return provenancePath(project, version, fileName);
  }

  /**
   * @param project normalised project name
   * @param version normalised version
   * @param fileName the distribution file name
   * @return {@code integrity/<project>/<version>/<file>/provenance}
   */
  public static String provenancePath(String project, String version, String fileName) {
    return "integrity/" + project + "/" + version + "/" + fileName + "/provenance";
  }
}
