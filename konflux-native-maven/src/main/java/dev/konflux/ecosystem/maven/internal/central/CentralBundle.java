package dev.konflux.ecosystem.maven.internal.central;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Central Publisher Portal upload bundle ("Publishing By Uploading a Bundle"): one zip of the
 * Maven repository layout, {@code groupId-path/artifactId/version/file}, holding every file a
 * release published with its {@code .asc}, {@code .sigstore.json} and {@code
 * .md5/.sha1/.sha256/.sha512}, and no {@code maven-metadata.xml} (Central writes its own). Entries
 * are files only (directories are implied), in path order, stamped with the release time in UTC, so
 * the same release gives the same bytes.
 */
public final class CentralBundle {
  /** Where the bundle is written, relative to {@code OUT/maven}. */
  public static final String PATH = "central-bundle.zip";

  private CentralBundle() {}

  /**
   * @param path a path relative to {@code OUT/maven}
   * @return whether it belongs in a bundle: not a {@code maven-metadata.xml} (or one of its
   *     checksums or signatures) and not the bundle itself
   */
  public static boolean included(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return !name.startsWith("maven-metadata") && !path.equals(PATH);
  }

  /**
   * @param paths candidate paths (relative to {@code root}); those not {@link #included} are left
   *     out
   * @return the entries of the bundle, in order
   */
  public static List<String> entries(Collection<String> paths) {
    TreeSet<String> sorted = new TreeSet<>();
    for (String p : paths) {
      if (included(p)) {
        sorted.add(p);
      }
    }
    return List.copyOf(sorted);
  }

  /**
   * Writes the bundle.
   *
   * @param entries the entries, from {@link #entries}
   * @param root the directory holding them
   * @param time the time to stamp on every entry
   * @param out where to write the zip (not closed)
   * @throws IOException if reading or writing fails
   */
  public static void write(List<String> entries, Path root, Instant time, OutputStream out)
      throws IOException {
    LocalDateTime stamp = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
    ZipOutputStream zip = new ZipOutputStream(out);
    for (String name : entries) {
      ZipEntry entry = new ZipEntry(name);
      entry.setTimeLocal(stamp);
      zip.putNextEntry(entry);
      try (InputStream in = Files.newInputStream(root.resolve(name))) {
        in.transferTo(zip);
      }
      zip.closeEntry();
    }
    zip.finish();
  }
}
