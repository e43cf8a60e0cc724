package dev.konflux.ecosystem.internal.layout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/** A layout in a directory. Paths come from validated digests and fixed names only. */
final class DirectoryLayoutStorage implements LayoutStorage {
  private final Path root;

  DirectoryLayoutStorage(Path root) {
    this.root = root;
  }

  /**
   * Opens a file of the layout. Symbolic links are followed only while they stay inside the layout:
   * the real path must lie under the layout's real path, and that real path is what is opened
   * (without following a link in its last component), so a link cannot be swapped in between the
   * check and the open.
   */
  @Override
  public @Nullable InputStream open(String path) throws IOException {
    Path real = realPath(path);
    if (real == null) {
      return null;
    }
    try {
      return Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** As {@link #open}, with the same link rule; only regular files give a channel. */
  @Override
  public @Nullable FileChannel openChannel(String path) throws IOException {
    Path real = realPath(path);
    if (real == null || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try {
      return FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private @Nullable Path realPath(String path) throws IOException {
    Path real;
    try {
      real = root.resolve(path).toRealPath();
    } catch (NoSuchFileException e) {
      return null;
    }
    Path realRoot = root.toRealPath();
    if (!real.startsWith(realRoot) || real.equals(realRoot)) {
      throw new LinkOutOfLayoutException(
          path + " of " + root + " is a symbolic link that leads out of the layout");
    }
    return real;
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public void close() {}
}
