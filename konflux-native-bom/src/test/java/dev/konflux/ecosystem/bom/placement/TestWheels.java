package dev.konflux.ecosystem.bom.placement;

import dev.konflux.ecosystem.api.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Writes a minimal, valid pure-Python wheel. */
final class TestWheels {
  private TestWheels() {}

  /**
   * @param path where to write
   * @param complete whether every file is listed in RECORD (false: one file is left out)
   * @return the path
   */
  static Path write(Path path, boolean complete) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("demo/__init__.py", "VALUE = 1\n");
    files.put("demo-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n");
    files.put(
        "demo-1.0.dist-info/WHEEL",
        "Wheel-Version: 1.0\nGenerator: konflux-native-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
    StringBuilder record = new StringBuilder();
    for (Map.Entry<String, String> f : files.entrySet()) {
      byte[] b = f.getValue().getBytes(StandardCharsets.UTF_8);
      record
          .append(f.getKey())
          .append(',')
          .append(WheelSboms.recordHash(Digest.sha256Of(b).bytes()))
          .append(',')
          .append(b.length)
          .append('\n');
    }
    if (!complete) {
      files.put("demo/unlisted.py", "X = 2\n");
    }
    record.append("demo-1.0.dist-info/RECORD,,\n");
    files.put("demo-1.0.dist-info/RECORD", record.toString());
    Files.createDirectories(path.toAbsolutePath().getParent());
    try (OutputStream o = Files.newOutputStream(path);
        ZipArchiveOutputStream zip = new ZipArchiveOutputStream(o)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        zip.putArchiveEntry(new ZipArchiveEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
      }
    }
    return path;
  }
}
