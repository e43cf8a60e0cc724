package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.KonfluxNativeException;

/**
 * One release's work for one target. Calls: {@link #add} for each supported artifact, then
 * {@link #finish} once. On failure the orchestration abandons the session and deletes its staging
 * directory; a session needs no rollback of its own.
 */
public interface TargetSession {

  /**
   * Translates one artifact into the staging directory. Its layers and referrer blobs are read
   * through {@code blobs}, which verifies every byte.
   *
   * @param artifact the artifact (already verified by the release gate)
   * @param blobs opens layers and referrer blobs of the artifact's source
   * @throws KonfluxNativeException if the artifact is invalid or translation fails
   */
  void add(ComponentArtifact artifact, BlobReader blobs) throws KonfluxNativeException;

  /**
   * Writes what spans all artifacts (repository metadata, indexes) and reports every file.
   *
   * @throws KonfluxNativeException if that fails
   */
  void finish() throws KonfluxNativeException;
}
