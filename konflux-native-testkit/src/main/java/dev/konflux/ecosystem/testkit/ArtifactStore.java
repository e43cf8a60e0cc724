package dev.konflux.ecosystem.testkit;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where the testkit writes Konflux-shaped artifacts: an OCI image layout on disk or a registry.
 * Builders call it; tests then read the result back through the library's sources.
 */
public interface ArtifactStore extends Closeable {

  /**
   * Stores a small blob held in memory.
   *
   * @param mediaType the media type for the returned descriptor
   * @param content the bytes
   * @return its descriptor
   * @throws IOException if writing fails
   */
  Descriptor putBlob(String mediaType, byte[] content) throws IOException;

  /**
   * Stores a file as a blob, streaming it.
   *
   * @param mediaType the media type for the returned descriptor
   * @param file the file
   * @return its descriptor
   * @throws IOException if writing fails
   */
  Descriptor putBlob(String mediaType, Path file) throws IOException;

  /**
   * Stores a manifest or index, optionally under a tag.
   *
   * @param mediaType the manifest or index media type
   * @param bytes its exact bytes
   * @param tag a tag to point at it, or {@code null}
   * @return its descriptor
   * @throws IOException if writing fails
   */
  Descriptor putManifest(String mediaType, byte[] bytes, @Nullable String tag) throws IOException;

  /**
   * @param digest a manifest digest in this store
   * @return a reference string that {@code ArtifactReference.parse} accepts
   */
  String reference(Digest digest);

  /**
   * @param tag a tag in this store
   * @return a reference string that {@code ArtifactReference.parse} accepts
   */
  String reference(String tag);
}
