package dev.konflux.ecosystem.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes tar entries with fixed owner, mode and time, so archives the testkit makes have the same
 * bytes (and digest) on every run.
 */
final class DeterministicTar {
  private DeterministicTar() {}

  /** 2000-01-01T00:00:00Z: fixed, and after the epoch so no tool mistakes it for "unset". */
  static final FileTime FIXED_TIME = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));

  static void putDirectory(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    normalise(entry, 0755);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  static void putFile(TarArchiveOutputStream tar, String name, Path file) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    normalise(entry, 0644);
    entry.setSize(Files.size(file));
    tar.putArchiveEntry(entry);
    try (InputStream in = Files.newInputStream(file)) {
      in.transferTo(tar);
    }
    tar.closeArchiveEntry();
  }

  /**
   * Archives a directory tree with paths relative to {@code root} under {@code prefix}, directories
   * before their contents, names sorted.
   */
  static void putTree(TarArchiveOutputStream tar, Path root, String prefix) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.filter(p -> !p.equals(root)).sorted().toList();
    }
    for (Path p : paths) {
      String name = prefix + root.relativize(p).toString().replace('\\', '/');
      if (Files.isDirectory(p)) {
        putDirectory(tar, name);
      } else if (Files.isRegularFile(p)) {
        putFile(tar, name, p);
      }
    }
  }

  private static void normalise(TarArchiveEntry entry, int mode) {
    entry.setMode((entry.isDirectory() ? 040000 : 0100000) | mode);
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
    entry.setLastModifiedTime(FIXED_TIME);
  }
}
