package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.SbomDocument;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Places a component's SBOMs natively in each ecosystem, for the targets: RPM sidecars and their
 * {@code repomd.xml} records, PEP 770 SBOMs in wheels, Maven's {@code cyclonedx} classifier. Found
 * with {@link ServiceLoader}; the implementation lives in {@code konflux-native-bom}, so a target
 * carries no SBOM library and never sees one's types. A target that finds no implementation
 * publishes without placing SBOMs and says so, naming {@value #MODULE}.
 *
 * <p>Signing and checksums stay with the targets: what this returns goes through a target's normal
 * file path like any other file it publishes.
 */
public interface SbomPlacement {

  /** The Maven coordinates of the module that implements this interface. */
  String MODULE = "dev.konflux.ecosystem:konflux-native-bom";

  /** The Maven classifier of SBOM files, as cyclonedx-maven-plugin attaches them. */
  String MAVEN_CLASSIFIER = "cyclonedx";

  /**
   * @return a short name for messages, e.g. "konflux-native-bom"
   */
  String name();

  /**
   * Names an RPM SBOM sidecar: {@code sboms/<component>-<manifest 12 hex>-<sbom 12 hex>.<ext>}.
   *
   * @param component the component name
   * @param manifest the artifact's manifest digest
   * @param sbom the SBOM document's digest
   * @param mediaType the SBOM's media type
   * @return the sidecar's path relative to its repository
   * @throws IllegalArgumentException for a media type that is no SBOM
   */
  String rpmSidecarHref(String component, Digest manifest, Digest sbom, String mediaType);

  /**
   * @param hrefs every SBOM sidecar a repository lists (this release's and the ones kept)
   * @param takenTypes record types other {@code repomd.xml} records of the repository use
   * @return each sidecar's record type ({@code sbom} for a single one, {@code sbom-<file name>}
   *     each for several), in href order
   */
  Map<String, String> rpmRecordTypes(Collection<String> hrefs, Set<String> takenTypes);

  /**
   * @param type a {@code repomd.xml} record type
   * @return whether it is an SBOM record type {@link #rpmRecordTypes} names
   */
  boolean isRpmSbomRecordType(String type);

  /**
   * The PEP 770 report of one wheel: the SBOMs it carries under {@code .dist-info/sboms/}.
   *
   * @param wheel a wheel file (already validated by the target)
   * @return the SBOM entries, in entry order; empty when it carries none
   * @throws InvalidInputException if it is no readable wheel
   */
  List<WheelSbom> wheelSboms(Path wheel) throws InvalidInputException;

  /**
   * Writes a copy of a wheel with the SBOM added under {@code .dist-info/sboms/} and listed in
   * {@code RECORD}; every other entry is copied byte for byte. The SBOM is read (bounded, digest
   * checked), parsed and validated first; it is added as it was found.
   *
   * @param wheel the wheel
   * @param output where to write the new wheel (not the input)
   * @param sbom the SBOM to add
   * @param blobs opens the SBOM's bytes
   * @return the written wheel
   * @throws KonfluxNativeException if the SBOM cannot be read or is invalid, the wheel cannot take
   *     it (a signed RECORD, the entry already there), or writing fails
   */
  InjectedWheel injectIntoWheel(Path wheel, Path output, SbomDocument sbom, BlobReader blobs)
      throws KonfluxNativeException;

  /**
   * The SBOM as Maven's {@code cyclonedx} classifier files for an artifact, as
   * cyclonedx-maven-plugin attaches them: CycloneDX 1.6 JSON always, and XML too when the source is
   * CycloneDX XML; SPDX sources are converted.
   *
   * @param sbom the SBOM
   * @param blobs opens its bytes
   * @param artifactId the main artifact's artifactId
   * @param version its version
   * @return the files to publish in the artifact's version directory, JSON first
   * @throws KonfluxNativeException if the SBOM cannot be read, is invalid or cannot be converted
   */
  List<SbomFile> mavenCycloneDx(
      SbomDocument sbom, BlobReader blobs, String artifactId, String version)
      throws KonfluxNativeException;

  /**
   * The SBOM a target places when it places one: the first that verified evidence covers, else the
   * first found.
   *
   * @param sboms an artifact's SBOMs, as the core's SBOM finder found them
   * @return the one to place, or empty when there is none
   */
  static Optional<SbomDocument> preferred(List<SbomDocument> sboms) {
    return sboms.stream()
        .filter(SbomDocument::signed)
        .findFirst()
        .or(() -> sboms.stream().findFirst());
  }

  /**
   * What a release record says a placed SBOM came from: the referrer that carried it (its manifest
   * digest) and the document's digest; an SBOM that no referrer carried (named only by the
   * provenance) names the artifact's manifest.
   *
   * @param artifact the artifact the SBOM belongs to
   * @param sbom the SBOM
   * @return the origin to list with the file that holds it
   */
  static FileOrigin origin(ComponentArtifact artifact, SbomDocument sbom) {
    dev.konflux.ecosystem.api.Referrer referrer = sbom.referrer();
    return new FileOrigin(
        artifact.component(),
        artifact.reference().toString(),
        referrer == null ? artifact.manifest().digest() : referrer.manifest().digest(),
        sbom.digest(),
        null);
  }

  /**
   * @return the implementation on this class's class path, or empty when {@value #MODULE} is absent
   */
  static Optional<SbomPlacement> installed() {
    return installed(SbomPlacement.class.getClassLoader());
  }

  /**
   * @param loader where to look
   * @return the first implementation {@link ServiceLoader} finds, or empty
   */
  static Optional<SbomPlacement> installed(ClassLoader loader) {
    return ServiceLoader.load(SbomPlacement.class, loader).findFirst();
  }

  /**
   * An SBOM inside a wheel (PEP 770: {@code <name>-<version>.dist-info/sboms/<file>}).
   *
   * @param path the entry's path in the wheel
   * @param sha256 the entry's SHA-256
   * @param size its size in bytes
   * @param recorded whether {@code RECORD} lists the entry with this SHA-256 and size
   */
  record WheelSbom(String path, Digest sha256, long size, boolean recorded) {
    /**
     * Validates.
     *
     * @param path the entry's path in the wheel
     * @param sha256 the entry's SHA-256
     * @param size its size in bytes
     * @param recorded whether {@code RECORD} lists the entry with this SHA-256 and size
     */
    public WheelSbom {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /**
   * A wheel written with an SBOM added; its bytes differ from the input's, so the target signs it.
   *
   * @param wheel the written wheel
   * @param sha256 its SHA-256
   * @param size its size in bytes
   * @param entry the SBOM's path inside it
   */
  record InjectedWheel(Path wheel, Digest sha256, long size, String entry) {
    /**
     * Validates.
     *
     * @param wheel the written wheel
     * @param sha256 its SHA-256
     * @param size its size in bytes
     * @param entry the SBOM's path inside it
     */
    public InjectedWheel {
      Objects.requireNonNull(wheel, "wheel");
      Objects.requireNonNull(sha256, "sha256");
      Objects.requireNonNull(entry, "entry");
    }
  }

  /**
   * An SBOM file to publish.
   *
   * @param fileName its file name, e.g. {@code demo-1.0-cyclonedx.json}
   * @param mediaType its media type
   * @param content its bytes (copied in and out)
   */
  record SbomFile(String fileName, String mediaType, byte[] content) {
    /**
     * Validates and copies.
     *
     * @param fileName its file name
     * @param mediaType its media type
     * @param content its bytes
     */
    public SbomFile {
      Objects.requireNonNull(fileName, "fileName");
      Objects.requireNonNull(mediaType, "mediaType");
      content = content.clone();
    }

    /**
     * @return a copy of the bytes
     */
    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SbomFile f
          && fileName.equals(f.fileName)
          && mediaType.equals(f.mediaType)
          && java.util.Arrays.equals(content, f.content);
    }

    @Override
    public int hashCode() {
      return Objects.hash(fileName, mediaType, java.util.Arrays.hashCode(content));
    }

    @Override
    public String toString() {
      return "SbomFile[" + fileName + " " + mediaType + ", " + content.length + " bytes]";
    }
  }
}
