package dev.konflux.ecosystem.api;

/** What a reference resolves to: a single {@link Manifest} or an {@link Index} of manifests. */
public sealed interface ManifestOrIndex permits Manifest, Index {
  /**
   * @return the digest of the exact bytes
   */
  Digest digest();

  /**
   * @return the media type
   */
  String mediaType();

  /**
   * @return a descriptor pointing at this content
   */
  Descriptor descriptor();
}
