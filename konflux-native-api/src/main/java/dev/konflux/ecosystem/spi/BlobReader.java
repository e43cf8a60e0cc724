package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import java.io.InputStream;
import java.util.Optional;

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

  /**
   * Opens the blob for random access when the source holds it as a regular file on this machine (an
   * OCI layout directory, for example), so a consumer can map it or copy ranges of it without
   * streaming every byte through the Java heap. The content is <em>not</em> verified while it is
   * read: the consumer must hash every byte and call {@link LocalBlob#verify} before it commits
   * anything (see {@link LocalBlob}). Consumers fall back to {@link #open} when this is empty.
   *
   * @param descriptor the blob to open
   * @return the blob's file, or empty when the source has none (the default: registries, tar
   *     archives of layouts, wrappers that must see every byte); the caller closes it
   * @throws KonfluxNativeException if the blob is missing, cannot be opened, or its file's size
   *     differs from the descriptor's (a {@link dev.konflux.ecosystem.api.VerificationException})
   */
  default Optional<LocalBlob> openLocal(Descriptor descriptor) throws KonfluxNativeException {
    return Optional.empty();
  }
}
