package dev.konflux.ecosystem.rpm.internal.repodata;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How {@code primary}, {@code filelists} and {@code other} are compressed. */
public enum MetadataCompression {
  /** {@code .xml.gz}: what every yum and dnf reads. */
  GZIP(".gz"),
  /** {@code .xml.zst}: smaller and faster; needs a librepo/libsolv built with zstd. */
  ZSTD(".zst");

  /**
   * Deflate level 6 (gzip's default): most of level 9's ratio at a fraction of its time, which
   * matters because repodata is on the release's critical path.
   */
  static final int GZIP_LEVEL = 6;

  /** zstd's own default level. */
  static final int ZSTD_LEVEL = 3;

  private final String suffix;

  MetadataCompression(String suffix) {
    this.suffix = suffix;
  }

  /**
   * @return the file name suffix after {@code .xml}
   */
  public String suffix() {
    return suffix;
  }

  OutputStream compress(OutputStream out) throws IOException {
    return switch (this) {
      case GZIP ->
          new GZIPOutputStream(out, 64 * 1024) {
            {
              def.setLevel(GZIP_LEVEL);
            }
          };
      case ZSTD -> new ZstdOutputStream(out, ZSTD_LEVEL);
    };
  }

  /**
   * Opens a decompressing stream by the file's magic bytes rather than its name.
   *
   * @param in a buffered stream supporting mark/reset
   * @return the decompressed stream
   * @throws IOException if it is neither gzip nor zstd
   */
  static InputStream decompress(InputStream in) throws IOException {
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(in, 64 * 1024);
    }
    if (magic.length == 4
        && (magic[0] & 0xff) == 0x28
        && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f
        && (magic[3] & 0xff) == 0xfd) {
      return new com.github.luben.zstd.ZstdInputStream(in);
    }
    throw new IOException("neither gzip nor zstd");
  }
}
