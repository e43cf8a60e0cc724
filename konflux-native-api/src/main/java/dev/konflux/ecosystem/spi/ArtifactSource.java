package dev.konflux.ecosystem.spi;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.ManifestOrIndex;
import dev.konflux.ecosystem.api.Referrer;
import java.io.Closeable;
import java.util.List;

/**
 * Reads one repository (a registry repository or an OCI layout): manifests, blobs and referrers.
 * Every byte handed out is checked against its digest; manifests and indexes are parsed only after
 * their digest matched. Not required to be thread safe.
 */
public interface ArtifactSource extends Closeable, BlobReader {

  /**
   * Resolves a reference (by tag or digest) to the manifest or index it names. If the reference
   * pins a digest, the content must hash to it.
   *
   * @param reference the reference; it must belong to this source
   * @return the manifest or index
   * @throws KonfluxNativeException if it cannot be found, read or parsed
   */
  ManifestOrIndex resolve(ArtifactReference reference) throws KonfluxNativeException;

  /**
   * Fetches a manifest that a descriptor names (a child of an index, a referrer).
   *
   * @param descriptor the manifest's descriptor
   * @return the parsed manifest, whose bytes hashed to the descriptor's digest
   * @throws KonfluxNativeException if it cannot be read, is not a manifest or does not verify
   */
  Manifest fetchManifest(Descriptor descriptor) throws KonfluxNativeException;

  /**
   * Lists the referrers of a subject from every place this source knows: the referrers API, the tag
   * schema, cosign tags. Duplicates (same manifest digest) are reported once.
   *
   * @param subject the subject digest
   * @return the referrers, in discovery order
   * @throws KonfluxNativeException if listing fails for a reason other than absence
   */
  List<Referrer> referrers(Digest subject) throws KonfluxNativeException;

  /**
   * Lists the referrers of a subject of one artifact type (a manifest's {@code artifactType}, or
   * its config media type when it has none). Sources that can ask for one type only (the referrers
   * API's {@code artifactType} filter) override this; the default filters {@link
   * #referrers(Digest)}.
   *
   * @param subject the subject digest
   * @param artifactType the artifact type, or {@code null} for all
   * @return the referrers of that type, in discovery order
   * @throws KonfluxNativeException if listing fails for a reason other than absence
   */
  default List<Referrer> referrers(Digest subject, String artifactType)
      throws KonfluxNativeException {
    List<Referrer> all = referrers(subject);
    if (artifactType == null) {
      return all;
    }
    return all.stream()
        .filter(r -> artifactType.equals(r.manifest().effectiveArtifactType()))
        .toList();
  }

  /**
   * @return a human description ("registry 127.0.0.1:5000/ns/repo") for messages
   */
  String describe();

  /** Releases connections, threads and file handles. Never throws. */
  @Override
  void close();
}
