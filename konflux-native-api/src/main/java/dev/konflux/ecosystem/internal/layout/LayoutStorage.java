package dev.konflux.ecosystem.internal.layout;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import org.jspecify.annotations.Nullable;

/** Read access to the files of an OCI image layout, in a directory or inside a tar archive. */
interface LayoutStorage extends Closeable {
  /**
   * @param path a relative path inside the layout, with {@code /} separators, already validated
   * @return the file's content, or {@code null} if it does not exist
   * @throws IOException if it exists but cannot be read
   */
  @Nullable InputStream open(String path) throws IOException;

  /**
   * @param path as for {@link #open}
   * @return a read-only channel of the file when the storage holds it as a regular file of its own,
   *     or {@code null} if it does not exist or the storage cannot give one (the default)
   * @throws IOException if it exists but cannot be opened
   */
  default @Nullable FileChannel openChannel(String path) throws IOException {
    return null;
  }

  /**
   * @return where the layout is, for messages
   */
  String location();
}
