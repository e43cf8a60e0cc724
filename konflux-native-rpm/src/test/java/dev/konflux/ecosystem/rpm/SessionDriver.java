package dev.konflux.ecosystem.rpm;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.spi.BlobReader;

/** Runs a target session the way a release does, so tests do not depend on the SPI's call order. */
final class SessionDriver {
  private SessionDriver() {}

  /** One input artifact and the reader for its blobs. */
  record Input(ComponentArtifact artifact, BlobReader blobs) {}

  static void release(TestSession session, Input... inputs) throws KonfluxNativeException {
    for (Input in : inputs) {
      session.add(in.artifact(), in.blobs());
    }
    session.finish();
  }
}
