package dev.konflux.ecosystem.maven.internal.tree;

import dev.konflux.ecosystem.api.KonfluxNativeException;
import java.io.IOException;
import java.io.InputStream;

/** Receives the regular files of a repository archive, one at a time, in archive order. */
@FunctionalInterface
public interface TreeEntryHandler {
  /**
   * @param path the entry's path, checked safe and unique ({@code a/b/c}, no leading {@code ./})
   * @param declaredSize the size the archive declares, or -1 when it does not (streamed zips)
   * @param content the entry's bytes, bounded by the limits; need not be read to the end
   * @throws IOException if reading or writing fails
   * @throws KonfluxNativeException if the entry is invalid
   */
  void file(String path, long declaredSize, InputStream content)
      throws IOException, KonfluxNativeException;
}
