package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.spi.ProducedFile;
import java.util.List;

/**
 * What {@link RepodataWriter} wrote.
 *
 * @param files every file it wrote, with paths relative to the repository root
 * @param records the {@code <data>} records of {@code repomd.xml}, in order
 * @param revision the {@code <revision>} written
 */
public record RepodataResult(
    List<ProducedFile> files, List<MetadataFile> records, String revision) {
  /** Copies. */
  public RepodataResult {
    files = List.copyOf(files);
    records = List.copyOf(records);
  }
}
