package dev.konflux.ecosystem.bom.placement;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.bom.Sbom;
import dev.konflux.ecosystem.bom.SbomConverter;
import dev.konflux.ecosystem.bom.SbomEncoding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Attaches an SBOM to a Maven artifact the way cyclonedx-maven-plugin does: classifier {@code
 * cyclonedx}, types {@code json} and {@code xml}, both CycloneDX 1.6 and saying the same thing.
 * SPDX sources are converted; CycloneDX sources of any read version are rewritten as 1.6 so the
 * JSON and XML files agree. The Maven target adds checksums and signatures to these files like to
 * any other.
 */
public final class MavenSbomAttachment {
  /** The classifier cyclonedx-maven-plugin attaches SBOMs with. */
  public static final String CLASSIFIER = "cyclonedx";

  private final SbomConverter converter;

  /**
   * @param converter the converter (its fallback creation time keeps output reproducible)
   */
  public MavenSbomAttachment(SbomConverter converter) {
    this.converter = Objects.requireNonNull(converter, "converter");
  }

  /**
   * @param artifactId the Maven artifact id
   * @param version the Maven version
   * @param encoding JSON or XML
   * @return {@code <artifactId>-<version>-cyclonedx.<json|xml>}
   */
  public static String fileName(String artifactId, String version, SbomEncoding encoding) {
    return artifactId + "-" + version + "-" + CLASSIFIER + "." + encoding.extension();
  }

  /**
   * Writes both files into the artifact's version directory, each atomically.
   *
   * @param sbom the SBOM
   * @param versionDirectory {@code <repo>/<group path>/<artifactId>/<version>}
   * @param artifactId the Maven artifact id
   * @param version the Maven version
   * @return the JSON file, then the XML file
   * @throws OutputException if a file cannot be written
   */
  public List<PlacedSbom> write(Sbom sbom, Path versionDirectory, String artifactId, String version)
      throws OutputException {
    List<PlacedSbom> out = new ArrayList<>();
    for (SbomEncoding encoding : SbomEncoding.values()) {
      byte[] bytes = converter.toCycloneDx(sbom, encoding);
      Path file = versionDirectory.resolve(fileName(artifactId, version, encoding));
      Digest sha256 = AtomicFiles.write(file, bytes);
      out.add(new PlacedSbom(file, sha256, bytes.length, encoding.mediaType(), sbom.source()));
    }
    return out;
  }
}
