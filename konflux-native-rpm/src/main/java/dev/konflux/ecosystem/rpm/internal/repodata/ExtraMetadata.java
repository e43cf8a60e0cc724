package dev.konflux.ecosystem.rpm.internal.repodata;

import java.util.Objects;

/**
 * A file already in the repository that {@code repomd.xml} should list as an extra {@code <data
 * type="...">} record, such as a package's SBOM sidecar. dnf ignores types it does not know, so
 * such records never stop it from using the repository.
 *
 * @param type the record type, unique within the repository ({@code sbom}, {@code sbom-foo})
 * @param locationHref the file's path relative to the repository root, {@code /} separated
 */
public record ExtraMetadata(String type, String locationHref) {
  /** Validates. */
  public ExtraMetadata {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(locationHref, "locationHref");
  }
}
