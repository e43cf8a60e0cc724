package dev.konflux.ecosystem.internal.layout;

import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A layout in a directory. Paths come from validated digests and fixed names only. */
final class DirectoryLayoutStorage implements LayoutStorage {
  private final Path root;

  DirectoryLayoutStorage(Path root) {
    this.root = root;
  }

  @Override
  public @Nullable InputStream open(String path) throws IOException {
    try {
      return Files.newInputStream(root.resolve(path));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public void close() {}
}
