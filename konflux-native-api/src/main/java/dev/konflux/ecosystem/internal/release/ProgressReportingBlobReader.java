package dev.konflux.ecosystem.internal.release;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.ReleaseEvent;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.LocalBlob;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Wraps a source's blob reader to emit {@link ReleaseEvent.BytesTransferred} about every 4 MiB. */
final class ProgressReportingBlobReader implements BlobReader {
  private static final long STEP = 4L * 1024 * 1024;

  private final BlobReader delegate;
  private final String component;
  private final Events events;

  ProgressReportingBlobReader(BlobReader delegate, String component, Events events) {
    this.delegate = delegate;
    this.component = component;
    this.events = events;
  }

  /**
   * Passes the source's local file through. No progress events: a local file is not transferred,
   * and a consumer that verifies it reads it through {@link #open} or hashes it in place.
   */
  @Override
  public Optional<LocalBlob> openLocal(Descriptor descriptor) throws KonfluxNativeException {
    return delegate.openLocal(descriptor);
  }

  @Override
  public InputStream open(Descriptor descriptor) throws KonfluxNativeException {
    InputStream in = delegate.open(descriptor);
    return new FilterInputStream(in) {
      private long done;
      private long lastReported;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count(1);
        } else {
          finish();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          count(n);
        } else if (n < 0) {
          finish();
        }
        return n;
      }

      private void count(int n) {
        done += n;
        if (done - lastReported >= STEP || done == descriptor.size()) {
          lastReported = done;
          events.emit(
              new ReleaseEvent.BytesTransferred(
                  component, descriptor.digest(), done, descriptor.size()));
        }
      }

      private void finish() {
        if (done != lastReported) {
          lastReported = done;
          events.emit(
              new ReleaseEvent.BytesTransferred(
                  component, descriptor.digest(), done, descriptor.size()));
        }
      }
    };
  }
}
