package dev.konflux.ecosystem.maven.internal.layout;

/** What a file of an input repository tree is, and so what the target does with it. */
public enum FileRole {
  /** A POM, jar or other attached artifact: published with new checksums and a signature. */
  ARTIFACT,
  /**
   * An existing {@code .md5/.sha1/.sha256/.sha512}: checked against its file, then rewritten by us.
   */
  CHECKSUM,
  /**
   * An existing {@code .asc} or {@code .sigstore.json} (or a checksum of one): replaced by ours.
   */
  REPLACED_SIGNATURE,
  /**
   * A local repository's bookkeeping ({@code _remote.repositories}, {@code
   * maven-metadata-<repo>.xml}, {@code *.lastUpdated}, {@code resolver-status.properties}) that
   * zips made from {@code ~/.m2} carry: never deployable content, dropped.
   */
  LOCAL_BOOKKEEPING,
  /** An artifact-level {@code maven-metadata.xml}: merged and rewritten. */
  ARTIFACT_METADATA,
  /**
   * A snapshot version's or a group's (plugin prefixes) {@code maven-metadata.xml}: kept as is,
   * with checksums.
   */
  KEPT_METADATA
}
