package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import java.io.InputStream;

/**
 * Opens blobs as streams that verify size and digest while they are read. A mismatch raises a
 * {@link dev.konflux.ecosystem.api.BlobIntegrityException} before the reader sees end of stream.
 */
@FunctionalInterface
public interface BlobReader {
  /**
   * @param descriptor the blob to open
   * @return a verifying stream; the caller closes it
   * @throws KonfluxNativeException if the blob cannot be opened
   */
  InputStream open(Descriptor descriptor) throws KonfluxNativeException;
}
