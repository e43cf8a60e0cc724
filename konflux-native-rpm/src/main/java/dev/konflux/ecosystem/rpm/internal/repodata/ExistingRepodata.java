package dev.konflux.ecosystem.rpm.internal.repodata;

import java.util.List;

/**
 * The metadata a repository already has, read back by {@link ExistingRepodataReader}.
 *
 * @param revision the {@code <revision>} of its {@code repomd.xml} (empty if none)
 * @param records the {@code <data>} records of its {@code repomd.xml}
 * @param packages its packages, complete (primary, filelists and other merged)
 */
public record ExistingRepodata(String revision, List<MetadataFile> records,
    List<PackageEntry> packages) {
  /** Copies. */
  public ExistingRepodata {
    revision = revision == null ? "" : revision;
    records = List.copyOf(records);
    packages = List.copyOf(packages);
  }
}
