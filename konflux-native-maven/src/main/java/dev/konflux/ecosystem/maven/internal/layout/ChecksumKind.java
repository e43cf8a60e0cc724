package dev.konflux.ecosystem.maven.internal.layout;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The checksum files a Maven repository holds: {@code .md5} and {@code .sha1} (what Maven 3 checks)
 * and {@code .sha256}, {@code .sha512} (what Central also accepts).
 *
 * @param suffix the file suffix, with the dot
 * @param algorithm the JCA algorithm name
 * @param hexLength the hex digest length
 */
public record ChecksumKind(String suffix, String algorithm, int hexLength) {
  /** All four, in the order they are written. */
  public static final List<ChecksumKind> ALL =
      List.of(
          new ChecksumKind(".md5", "MD5", 32),
          new ChecksumKind(".sha1", "SHA-1", 40),
          new ChecksumKind(".sha256", "SHA-256", 64),
          new ChecksumKind(".sha512", "SHA-512", 128));

  /**
   * @param path a file path
   * @return the checksum kind its suffix names, or {@code null}
   */
  public static @Nullable ChecksumKind of(String path) {
    for (ChecksumKind k : ALL) {
      if (path.endsWith(k.suffix)) {
        return k;
      }
    }
    return null;
  }
}
