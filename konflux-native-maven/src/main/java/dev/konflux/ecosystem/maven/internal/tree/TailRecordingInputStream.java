package dev.konflux.ecosystem.maven.internal.tree;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Keeps the last bytes read through it (at most {@code capacity}), so a zip's central directory at
 * the end of the stream can be checked after its entries were streamed.
 */
final class TailRecordingInputStream extends FilterInputStream {
  private final int capacity;
  private byte[] ring = new byte[64 * 1024];
  private long total;

  TailRecordingInputStream(InputStream in, int capacity) {
    super(in);
    this.capacity = capacity;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      record(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      record(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[8192];
    long done = 0;
    while (done < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  private void record(byte[] b, int off, int n) {
    if (total + n > ring.length && ring.length < capacity) {
      // Grow while everything read so far still fits, so small zips need no wrap-around.
      byte[] kept = tail(ring.length);
      int size = (int) Math.min(capacity, Math.max((long) ring.length * 2, total + n));
      ring = new byte[size];
      long start = total - kept.length;
      for (int i = 0; i < kept.length; i++) {
        ring[(int) ((start + i) % size)] = kept[i];
      }
    }
    if (n >= ring.length) {
      off += n - ring.length;
      total += n - ring.length;
      n = ring.length;
    }
    int at = (int) (total % ring.length);
    int first = Math.min(n, ring.length - at);
    System.arraycopy(b, off, ring, at, first);
    System.arraycopy(b, off + first, ring, 0, n - first);
    total += n;
  }

  /**
   * @return total bytes read
   */
  long total() {
    return total;
  }

  /**
   * @param length how many of the last bytes
   * @return them, oldest first; fewer if fewer were kept
   */
  byte[] tail(int length) {
    int have = (int) Math.min(Math.min(total, ring.length), length);
    byte[] out = new byte[have];
    for (int i = 0; i < have; i++) {
      out[i] = ring[(int) ((total - have + i) % ring.length)];
    }
    return out;
  }
}
