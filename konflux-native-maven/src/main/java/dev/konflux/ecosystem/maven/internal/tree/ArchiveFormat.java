package dev.konflux.ecosystem.maven.internal.tree;

/** The three packings of a Maven repository tree that Konflux and MRRC use. */
public enum ArchiveFormat {
  /** An uncompressed tar layer ({@code application/vnd.konflux.maven.repository.v1+tar}). */
  TAR,
  /** A gzip-compressed tar ({@code application/vnd.apache.maven.repository.v2.tar+gzip}). */
  TAR_GZIP,
  /** A zip, possibly under a top folder ({@code application/vnd.maven+zip}). */
  ZIP;

  /**
   * @return whether the archive is compressed, so the compression-ratio guard applies
   */
  public boolean compressed() {
    return this != TAR;
  }
}
