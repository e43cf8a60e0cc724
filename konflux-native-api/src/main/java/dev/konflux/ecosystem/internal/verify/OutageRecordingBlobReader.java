package dev.konflux.ecosystem.internal.verify;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.spi.BlobReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * A blob reader that remembers the first failure of the source itself (a transfer that broke,
 * stalled or ran out of retries), as opposed to bytes that were read and are wrong.
 *
 * <p>Why: an {@link dev.konflux.ecosystem.spi.SbomInspector} never throws; it turns every read
 * failure into a failing inspection. Without this, a registry outage while the gate reads an SBOM
 * would end a release as "verification failed" (exit 3), although nothing was judged. The gate asks
 * {@link #throwIfOutage()} after each inspection and ends the release as source unavailable (exit
 * 5) instead. Integrity failures ({@link BlobIntegrityException}) stay failing decisions.
 */
final class OutageRecordingBlobReader implements BlobReader {
  private final BlobReader delegate;
  private @Nullable SourceUnavailableException outage;

  OutageRecordingBlobReader(BlobReader delegate) {
    this.delegate = delegate;
  }

  @Override
  public InputStream open(Descriptor descriptor) throws KonfluxNativeException {
    InputStream in;
    try {
      in = delegate.open(descriptor);
    } catch (SourceUnavailableException e) {
      note(e);
      throw e;
    }
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        try {
          return super.read();
        } catch (IOException e) {
          throw noted(descriptor, e);
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return super.read(b, off, len);
        } catch (IOException e) {
          throw noted(descriptor, e);
        }
      }

      @Override
      public long skip(long n) throws IOException {
        try {
          return super.skip(n);
        } catch (IOException e) {
          throw noted(descriptor, e);
        }
      }
    };
  }

  /**
   * @throws SourceUnavailableException the first source failure seen since this reader was made
   */
  void throwIfOutage() throws SourceUnavailableException {
    if (outage != null) {
      throw outage;
    }
  }

  private IOException noted(Descriptor descriptor, IOException e) {
    if (!(e instanceof BlobIntegrityException)) {
      note(
          new SourceUnavailableException(
              "reading " + descriptor.digest() + " failed: " + e.getMessage(), e));
    }
    return e;
  }

  private void note(SourceUnavailableException e) {
    if (outage == null) {
      outage = e;
    }
  }
}
