package dev.konflux.ecosystem.rpm.internal.repodata;

import java.util.List;

/**
 * The metadata a repository already has, read back by {@link ExistingRepodataReader}.
 *
 * @param revision the {@code <revision>} of its {@code repomd.xml} (empty if none)
 * @param records the {@code <data>} records of its {@code repomd.xml}
 * @param packages its packages, complete (primary, filelists and other merged)
 */
public record ExistingRepodata(
    String revision, List<MetadataFile> records, List<PackageEntry> packages) {
  /** Copies. */
  public ExistingRepodata {
    revision = revision == null ? "" : revision;
    records = List.copyOf(records);
    packages = List.copyOf(packages);
  }

  /**
   * The extra records worth carrying into the next {@code repomd.xml}: those that are not primary,
   * filelists or other and whose file lies outside {@code repodata/} (such as SBOM sidecars next to
   * the packages). Files inside {@code repodata/} are replaced with it.
   *
   * @return the records as extra metadata for {@link RepodataWriter#write}
   */
  public List<ExtraMetadata> keptExtras() {
    return records.stream()
        .filter(r -> !List.of("primary", "filelists", "other").contains(r.type()))
        .filter(r -> !r.locationHref().startsWith("repodata/"))
        .map(r -> new ExtraMetadata(r.type(), r.locationHref()))
        .toList();
  }
}
