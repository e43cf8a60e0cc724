package dev.konflux.ecosystem.maven;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds repository archives in memory for tests, including the broken ones. */
final class TestArchives {
  private TestArchives() {}

  /** One archive entry to write. */
  record Entry(String name, byte[] content, byte type, String linkName) {
    static Entry file(String name, byte[] content) {
      return new Entry(name, content, TarConstants.LF_NORMAL, null);
    }

    static Entry symlink(String name, String target) {
      return new Entry(name, new byte[0], TarConstants.LF_SYMLINK, target);
    }

    static Entry hardlink(String name, String target) {
      return new Entry(name, new byte[0], TarConstants.LF_LINK, target);
    }

    static Entry directory(String name) {
      return new Entry(name, new byte[0], TarConstants.LF_DIR, null);
    }

    static Entry device(String name) {
      return new Entry(name, new byte[0], TarConstants.LF_CHR, null);
    }
  }

  /**
   * @param root a directory
   * @return its regular files as entries, paths relative to it, sorted
   */
  static List<Entry> tree(Path root) {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p)) {
          files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files.entrySet().stream().map(e -> Entry.file(e.getKey(), e.getValue())).toList();
  }

  /**
   * @param prefix a prefix for every name ("" or "top/")
   * @param entries the entries
   * @return the entries renamed
   */
  static List<Entry> under(String prefix, List<Entry> entries) {
    return entries.stream()
        .map(e -> new Entry(prefix + e.name(), e.content(), e.type(), e.linkName()))
        .toList();
  }

  static byte[] tar(List<Entry> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry te = new TarArchiveEntry(e.name(), e.type(), true);
        if (e.linkName() != null) {
          te.setLinkName(e.linkName());
        }
        te.setSize(e.type() == TarConstants.LF_NORMAL ? e.content().length : 0);
        te.setModTime(0);
        tar.putArchiveEntry(te);
        if (e.type() == TarConstants.LF_NORMAL) {
          tar.write(e.content());
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] zip(List<Entry> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      for (Entry e : entries) {
        ZipArchiveEntry ze = new ZipArchiveEntry(e.name());
        ze.setTime(0);
        if (e.type() == TarConstants.LF_SYMLINK) {
          ze.setUnixMode(0120777);
          zip.putArchiveEntry(ze);
          zip.write(e.linkName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
          zip.putArchiveEntry(ze);
          zip.write(e.content());
        }
        zip.closeArchiveEntry();
      }
      zip.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * @return a mutable ordered copy, to add or replace entries
   */
  static Map<String, Entry> byName(List<Entry> entries) {
    Map<String, Entry> m = new LinkedHashMap<>();
    for (Entry e : entries) {
      m.put(e.name(), e);
    }
    return m;
  }
}
