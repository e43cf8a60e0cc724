package dev.konflux.ecosystem.rpm.internal.repodata;

import java.util.List;

/**
 * A committed repository's {@code repomd.xml}, read by {@link ExistingRepodataReader#readRepomd}:
 * what an update needs to stream the committed {@code primary}, {@code filelists} and {@code other}
 * (their records are read one package at a time, never all at once).
 *
 * @param revision its {@code <revision>} (empty if none)
 * @param records its {@code <data>} records
 * @param primary the primary record
 * @param filelists the filelists record
 * @param other the other record
 */
public record CommittedRepodata(
    String revision,
    List<MetadataFile> records,
    MetadataFile primary,
    MetadataFile filelists,
    MetadataFile other) {
  /** Copies. */
  public CommittedRepodata {
    revision = revision == null ? "" : revision;
    records = List.copyOf(records);
  }

  /**
   * The extra records worth carrying into the next {@code repomd.xml}, as {@link
   * ExistingRepodata#keptExtras()} selects them.
   *
   * @return the records as extra metadata for {@link RepodataWriter#write}
   */
  public List<ExtraMetadata> keptExtras() {
    return new ExistingRepodata(revision, records, List.of()).keptExtras();
  }
}
