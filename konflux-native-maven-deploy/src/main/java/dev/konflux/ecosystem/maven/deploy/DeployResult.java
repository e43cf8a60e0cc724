package dev.konflux.ecosystem.maven.deploy;

import java.net.URI;
import java.util.List;

/**
 * What a deploy did. Paths are relative to the repository root, with {@code /} separators.
 *
 * @param repositoryUrl the remote repository
 * @param uploaded artifact files uploaded (each with its checksums, except signatures and bundles,
 *     which have none), in upload order
 * @param metadata {@code maven-metadata.xml} files uploaded, after every artifact
 * @param unchanged artifact files the server already held with the same SHA-512 or SHA-1, not sent
 */
public record DeployResult(
    URI repositoryUrl, List<String> uploaded, List<String> metadata, List<String> unchanged) {
  /** Copies the lists. */
  public DeployResult {
    uploaded = List.copyOf(uploaded);
    metadata = List.copyOf(metadata);
    unchanged = List.copyOf(unchanged);
  }

  /**
   * @return whether the server already held everything, so nothing was sent
   */
  public boolean isUnchanged() {
    return uploaded.isEmpty() && metadata.isEmpty();
  }
}
