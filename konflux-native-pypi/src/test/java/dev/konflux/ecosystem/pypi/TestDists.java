package dev.konflux.ecosystem.pypi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds wheels and sdists for tests with Java zip/tar code, with knobs for every fault. */
final class TestDists {
  private TestDists() {}

  static Wheel wheel(String name, String version) {
    return new Wheel(name, version);
  }

  static Sdist sdist(String name, String version) {
    return new Sdist(name, version);
  }

  /** A pure-Python wheel {@code <escaped>-<version>-py3-none-any.whl}. */
  static final class Wheel {
    final String name;
    final String version;
    String metadataName;
    String metadataVersionField;
    String requiresPython = ">=3.7";
    String buildTag;
    final Map<String, byte[]> files = new LinkedHashMap<>();
    final List<Map.Entry<String, byte[]>> unlisted = new ArrayList<>();
    final List<String> symlinks = new ArrayList<>();
    UnaryOperator<String> recordEdit = UnaryOperator.identity();
    String metadataExtra = "";

    Wheel(String name, String version) {
      this.name = name;
      this.version = version;
      this.metadataName = name;
      this.metadataVersionField = version;
      String module = escaped();
      files.put(
          module + "/__init__.py",
          ("VALUE = " + Math.abs(name.hashCode() % 1000) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    String escaped() {
      return name.replaceAll("[-_.]+", "_").toLowerCase(java.util.Locale.ROOT);
    }

    String distInfo() {
      return escaped() + "-" + version + ".dist-info";
    }

    String fileName() {
      return escaped()
          + "-"
          + version
          + (buildTag == null ? "" : "-" + buildTag)
          + "-py3-none-any.whl";
    }

    Wheel file(String path, byte[] content) {
      files.put(path, content);
      return this;
    }

    Wheel unlisted(String path, byte[] content) {
      unlisted.add(Map.entry(path, content));
      return this;
    }

    Wheel symlink(String path) {
      symlinks.add(path);
      return this;
    }

    Wheel record(UnaryOperator<String> edit) {
      this.recordEdit = edit;
      return this;
    }

    Wheel metadataName(String n) {
      this.metadataName = n;
      return this;
    }

    Wheel metadataVersion(String v) {
      this.metadataVersionField = v;
      return this;
    }

    Wheel build(String tag) {
      this.buildTag = tag;
      return this;
    }

    Wheel sbom() {
      files.put(
          distInfo() + "/sboms/demo.spdx.json",
          "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8));
      return this;
    }

    byte[] metadata() {
      return ("Metadata-Version: 2.1\nName: "
              + metadataName
              + "\nVersion: "
              + metadataVersionField
              + "\nSummary: A test project\nDescription-Content-Type: text/markdown\n"
              + (requiresPython == null ? "" : "Requires-Python: " + requiresPython + "\n")
              + metadataExtra
              + "\nLong description.\n")
          .getBytes(StandardCharsets.UTF_8);
    }

    Path write(Path dir) throws IOException {
      Map<String, byte[]> all = new LinkedHashMap<>(files);
      all.put(distInfo() + "/METADATA", metadata());
      all.put(
          distInfo() + "/WHEEL",
          ("Wheel-Version: 1.0\nGenerator: konflux-native-test\nRoot-Is-Purelib: true\n"
                  + "Tag: py3-none-any\n")
              .getBytes(StandardCharsets.UTF_8));
      StringBuilder record = new StringBuilder();
      for (Map.Entry<String, byte[]> e : all.entrySet()) {
        record
            .append(e.getKey())
            .append(",sha256=")
            .append(b64(sha256(e.getValue())))
            .append(',')
            .append(e.getValue().length)
            .append('\n');
      }
      record.append(distInfo()).append("/RECORD,,\n");
      all.put(
          distInfo() + "/RECORD",
          recordEdit.apply(record.toString()).getBytes(StandardCharsets.UTF_8));
      Path file = dir.resolve(fileName());
      Files.createDirectories(dir);
      try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(file))) {
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
          put(zip, e.getKey(), e.getValue());
        }
        for (Map.Entry<String, byte[]> e : unlisted) {
          put(zip, e.getKey(), e.getValue());
        }
        for (String link : symlinks) {
          ZipArchiveEntry entry = new ZipArchiveEntry(link);
          entry.setUnixMode(0120777);
          zip.putArchiveEntry(entry);
          zip.write("target".getBytes(StandardCharsets.UTF_8));
          zip.closeArchiveEntry();
        }
      }
      return file;
    }
  }

  static void put(ZipArchiveOutputStream zip, String name, byte[] content) throws IOException {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setTime(315532800000L);
    zip.putArchiveEntry(entry);
    zip.write(content);
    zip.closeArchiveEntry();
  }

  /**
   * A wheel that is valid except for one member of {@code inflated} zero bytes (deflated to about a
   * thousandth of that), listed in RECORD with its real hash and size.
   */
  static Path bomb(Path dir, long inflated) throws IOException {
    Wheel w = wheel("bomb", "1.0");
    String member = "bomb/zeros.bin";
    MessageDigest md = digest();
    byte[] block = new byte[1 << 20];
    for (long done = 0; done < inflated; done += block.length) {
      md.update(block, 0, (int) Math.min(block.length, inflated - done));
    }
    String row = member + ",sha256=" + b64(md.digest()) + "," + inflated + "\n";
    w.record(r -> row + r);
    Path file = w.write(dir.resolve("src"));
    // Rewrite with the big member added (streamed, never in memory).
    Path out = dir.resolve(w.fileName());
    try (org.apache.commons.compress.archivers.zip.ZipFile in =
            org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(file).get();
        ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(out))) {
      zip.setLevel(Deflater.BEST_SPEED);
      for (ZipArchiveEntry e : java.util.Collections.list(in.getEntries())) {
        put(zip, e.getName(), in.getInputStream(e).readAllBytes());
      }
      ZipArchiveEntry big = new ZipArchiveEntry(member);
      zip.putArchiveEntry(big);
      for (long done = 0; done < inflated; done += block.length) {
        zip.write(block, 0, (int) Math.min(block.length, inflated - done));
      }
      zip.closeArchiveEntry();
    }
    return out;
  }

  /** A PEP 625 sdist {@code <name>-<version>.tar.gz}. */
  static final class Sdist {
    final String name;
    final String version;
    String metadataVersion = "2.2";
    String metadataName;
    boolean pkgInfo = true;
    long bigZeroMember;
    final Map<String, byte[]> extra = new LinkedHashMap<>();
    final List<String[]> links = new ArrayList<>();

    Sdist(String name, String version) {
      this.name = name;
      this.version = version;
      this.metadataName = name;
    }

    String root() {
      return name + "-" + version;
    }

    String fileName() {
      return root() + ".tar.gz";
    }

    byte[] pkgInfoBytes() {
      return ("Metadata-Version: "
              + metadataVersion
              + "\nName: "
              + metadataName
              + "\nVersion: "
              + version
              + "\nSummary: A test sdist\nRequires-Python: >=3.7\nDescription-Content-Type: text/markdown\n\n"
              + "A test sdist.\n")
          .getBytes(StandardCharsets.UTF_8);
    }

    Sdist member(String path, byte[] content) {
      extra.put(path, content);
      return this;
    }

    Sdist symlink(String path, String target) {
      links.add(new String[] {path, target});
      return this;
    }

    Path write(Path dir) throws IOException {
      Files.createDirectories(dir);
      Path file = dir.resolve(fileName());
      try (OutputStream raw = Files.newOutputStream(file);
          GzipCompressorOutputStream gz = new GzipCompressorOutputStream(raw);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        dirEntry(tar, root() + "/");
        if (pkgInfo) {
          fileEntry(tar, root() + "/PKG-INFO", pkgInfoBytes());
        }
        fileEntry(
            tar,
            root() + "/setup.py",
            "from setuptools import setup\nsetup()\n".getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> e : extra.entrySet()) {
          fileEntry(tar, e.getKey(), e.getValue());
        }
        if (bigZeroMember > 0) {
          TarArchiveEntry e = new TarArchiveEntry(root() + "/zeros.bin");
          e.setSize(bigZeroMember);
          tar.putArchiveEntry(e);
          byte[] block = new byte[1 << 20];
          for (long done = 0; done < bigZeroMember; done += block.length) {
            tar.write(block, 0, (int) Math.min(block.length, bigZeroMember - done));
          }
          tar.closeArchiveEntry();
        }
        for (String[] l : links) {
          TarArchiveEntry entry = new TarArchiveEntry(l[0], TarArchiveEntry.LF_SYMLINK);
          entry.setLinkName(l[1]);
          tar.putArchiveEntry(entry);
          tar.closeArchiveEntry();
        }
      }
      return file;
    }

    private static void dirEntry(TarArchiveOutputStream tar, String name) throws IOException {
      TarArchiveEntry e = new TarArchiveEntry(name);
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
    }

    private static void fileEntry(TarArchiveOutputStream tar, String name, byte[] content)
        throws IOException {
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(content.length);
      tar.putArchiveEntry(e);
      tar.write(content);
      tar.closeArchiveEntry();
    }
  }

  static byte[] sha256(byte[] b) {
    return digest().digest(b);
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bos)) {
      gz.write(data);
    }
    return bos.toByteArray();
  }
}
