package dev.konflux.ecosystem.internal.layout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.jspecify.annotations.Nullable;

/**
 * A layout archived in a tar file, read in place: commons-compress's {@link TarFile} indexes the
 * entries once and then reads any entry by random access, so nothing is extracted.
 */
final class TarLayoutStorage implements LayoutStorage {
  private final Path file;
  private final TarFile tar;
  private final Map<String, TarArchiveEntry> entries = new HashMap<>();

  TarLayoutStorage(Path file) throws IOException {
    this.file = file;
    this.tar = new TarFile(file);
    for (TarArchiveEntry e : tar.getEntries()) {
      if (e.isFile()) {
        String name = e.getName();
        while (name.startsWith("./")) {
          name = name.substring(2);
        }
        entries.put(name, e);
      }
    }
  }

  @Override
  public @Nullable InputStream open(String path) throws IOException {
    TarArchiveEntry e = entries.get(path);
    return e == null ? null : tar.getInputStream(e);
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }
}
