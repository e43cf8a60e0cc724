package dev.konflux.ecosystem.pypi.internal.dist;

import dev.konflux.ecosystem.pypi.DistributionRule;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts inflated bytes and stops the moment a bound is passed, so a bomb is detected after at most
 * one buffer beyond the bound instead of after it has been inflated.
 */
final class CountingLimitStream extends FilterInputStream {

  /** A bound was passed while reading. */
  static final class LimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;
    final DistributionRule rule;

    LimitExceeded(DistributionRule rule, String message) {
      super(message);
      this.rule = rule;
    }
  }

  private final long limit;
  private final DistributionRule rule;
  private final String what;
  private long count;

  CountingLimitStream(InputStream in, long limit, DistributionRule rule, String what) {
    super(in);
    this.limit = limit;
    this.rule = rule;
    this.what = what;
  }

  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipping inflates too: read through so every byte is counted.
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

  private void add(long n) throws LimitExceeded {
    count += n;
    if (count > limit) {
      throw new LimitExceeded(rule, what + " (more than " + limit + " bytes)");
    }
  }
}
