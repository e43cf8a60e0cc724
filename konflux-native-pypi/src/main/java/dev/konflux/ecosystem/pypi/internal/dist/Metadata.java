package dev.konflux.ecosystem.pypi.internal.dist;

import dev.konflux.ecosystem.pypi.DistributionRule;
import dev.konflux.ecosystem.pypi.InvalidDistributionException;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.util.Optional;

/** The checks wheels and sdists share on their core metadata. */
final class Metadata {
  private Metadata() {}

  static CoreMetadata parse(String dist, byte[] bytes, String file)
      throws InvalidDistributionException {
    try {
      return CoreMetadata.parse(bytes);
    } catch (CoreMetadata.MalformedMetadataException e) {
      throw new InvalidDistributionException(
          dist, DistributionRule.METADATA, file + ": " + e.getMessage());
    }
  }

  /**
   * @return the metadata's Name
   */
  static String checkNameAndVersion(
      String dist, DistFileName name, CoreMetadata metadata, String file)
      throws InvalidDistributionException {
    if (metadata.first("Metadata-Version").isEmpty()) {
      throw new InvalidDistributionException(
          dist, DistributionRule.METADATA, file + " has no Metadata-Version");
    }
    String metadataName =
        metadata
            .first("Name")
            .orElseThrow(
                () ->
                    new InvalidDistributionException(
                        dist, DistributionRule.METADATA, file + " has no Name"));
    if (!ProjectName.isValid(metadataName)) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.METADATA,
          file + " Name " + UntrustedText.quoted(metadataName) + " is not a valid project name");
    }
    if (!name.namesProject(metadataName)) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.NAME_MISMATCH,
          file
              + " names "
              + UntrustedText.quoted(metadataName)
              + ", the file name "
              + UntrustedText.quoted(name.name()));
    }
    String versionText =
        metadata
            .first("Version")
            .orElseThrow(
                () ->
                    new InvalidDistributionException(
                        dist, DistributionRule.METADATA, file + " has no Version"));
    Optional<Pep440Version> version = Pep440Version.parse(versionText);
    if (version.isEmpty()) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.METADATA,
          file + " Version " + UntrustedText.quoted(versionText) + " is not a PEP 440 version");
    }
    if (!version.get().sameAs(name.version())) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.VERSION_MISMATCH,
          file
              + " states version "
              + UntrustedText.quoted(versionText)
              + ", the file name "
              + name.version());
    }
    return metadataName;
  }
}
