package dev.konflux.ecosystem.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Writes zip entries with a fixed time and sorted names, for reproducible archives. */
final class DeterministicZip {
  private DeterministicZip() {}

  static void putBytes(ZipArchiveOutputStream zip, String name, byte[] content) throws IOException {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setLastModifiedTime(DeterministicTar.FIXED_TIME);
    zip.putArchiveEntry(entry);
    zip.write(content);
    zip.closeArchiveEntry();
  }

  /** Archives a tree (files only; directories are implied) under {@code prefix}, names sorted. */
  static void putTree(ZipArchiveOutputStream zip, Path root, String prefix) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path p : files) {
      ZipArchiveEntry entry =
          new ZipArchiveEntry(prefix + root.relativize(p).toString().replace('\\', '/'));
      entry.setLastModifiedTime(DeterministicTar.FIXED_TIME);
      zip.putArchiveEntry(entry);
      try (InputStream in = Files.newInputStream(p)) {
        in.transferTo(zip);
      }
      zip.closeArchiveEntry();
    }
  }
}
