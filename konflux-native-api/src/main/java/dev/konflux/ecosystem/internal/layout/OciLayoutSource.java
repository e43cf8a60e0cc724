package dev.konflux.ecosystem.internal.layout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Index;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.LayoutReference;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.ManifestOrIndex;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.internal.io.BoundedReader;
import dev.konflux.ecosystem.internal.io.VerifyingInputStream;
import dev.konflux.ecosystem.internal.json.Json;
import dev.konflux.ecosystem.internal.json.ManifestParser;
import dev.konflux.ecosystem.internal.source.ReferrerCollector;
import dev.konflux.ecosystem.spi.ArtifactSource;
import dev.konflux.ecosystem.spi.IoFailures;
import dev.konflux.ecosystem.spi.LocalBlob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an OCI image layout (directory or tar), read-only. {@code index.json} is the only file read
 * without a digest to check it against (it is the layout's root of trust, like a tag); every
 * manifest and blob is checked against the digest that names it.
 */
public final class OciLayoutSource implements ArtifactSource {
  private static final Logger LOG = LoggerFactory.getLogger(OciLayoutSource.class);

  private final LayoutReference reference;
  private final LayoutStorage storage;
  private final Index rootIndex;

  private OciLayoutSource(LayoutReference reference, LayoutStorage storage, Index rootIndex) {
    this.reference = reference;
    this.storage = storage;
    this.rootIndex = rootIndex;
  }

  /**
   * @param reference the layout reference
   * @return an open source
   * @throws KonfluxNativeException if the layout is missing or malformed
   */
  public static OciLayoutSource open(LayoutReference reference) throws KonfluxNativeException {
    Path path = reference.path();
    LayoutStorage storage;
    try {
      if (reference.isArchive()) {
        if (!Files.isRegularFile(path)) {
          throw new SourceUnavailableException("OCI layout archive " + path + " does not exist");
        }
        storage = new TarLayoutStorage(path);
      } else {
        if (!Files.isDirectory(path)) {
          throw new SourceUnavailableException("OCI layout directory " + path + " does not exist");
        }
        storage = new DirectoryLayoutStorage(path);
      }
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "cannot open OCI layout " + path + ": " + e.getMessage(), e);
    }
    try {
      checkLayoutMarker(storage);
      byte[] indexBytes = readSmall(storage, "index.json");
      Index index =
          (Index)
              ManifestParser.parse(
                  indexBytes,
                  Digest.sha256Of(indexBytes),
                  MediaTypes.OCI_INDEX,
                  "index.json of " + storage.location());
      return new OciLayoutSource(reference, storage, index);
    } catch (KonfluxNativeException | RuntimeException e) {
      closeQuietly(storage);
      throw e;
    }
  }

  private static void checkLayoutMarker(LayoutStorage storage) throws KonfluxNativeException {
    byte[] marker = readSmall(storage, "oci-layout");
    try {
      JsonNode node = Json.tree(marker);
      String version = ManifestParser.text(node, "imageLayoutVersion");
      if (version == null || !version.startsWith("1.")) {
        throw new InvalidInputException(storage.location() + " has unsupported imageLayoutVersion");
      }
    } catch (IOException e) {
      throw new InvalidInputException(storage.location() + ": oci-layout file is not valid JSON");
    }
  }

  private static byte[] readSmall(LayoutStorage storage, String name)
      throws KonfluxNativeException {
    try (InputStream in = storage.open(name)) {
      if (in == null) {
        throw new InvalidInputException(
            storage.location() + " is not an OCI layout: " + name + " is missing");
      }
      return BoundedReader.readAtMost(
          in, SourceOptions.MAX_MANIFEST_BYTES, name + " of " + storage.location());
    } catch (LinkOutOfLayoutException e) {
      throw new InvalidInputException(String.valueOf(e.getMessage()), e);
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "cannot read " + name + " of " + storage.location() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public ManifestOrIndex resolve(ArtifactReference ref) throws KonfluxNativeException {
    if (!(ref instanceof LayoutReference layoutRef)) {
      throw new InvalidInputException(ref + " does not belong to " + describe());
    }
    Optional<Digest> pinned = layoutRef.digest();
    Descriptor descriptor;
    if (pinned.isPresent()) {
      descriptor = findByDigest(pinned.get()).orElse(null);
      if (descriptor == null) {
        // Not listed in index.json (e.g. an index child): read it from blobs by digest alone.
        return readManifestOrIndex(pinned.get(), -1, null, "manifest " + pinned.get());
      }
    } else if (layoutRef.tag().isPresent()) {
      String tag = layoutRef.tag().get();
      descriptor =
          rootIndex.manifests().stream()
              .filter(d -> tag.equals(d.annotations().get(MediaTypes.ANNOTATION_REF_NAME)))
              .findFirst()
              .orElseThrow(
                  () ->
                      new SourceUnavailableException("tag " + tag + " not found in " + describe()));
    } else {
      List<Descriptor> untaggedCandidates =
          rootIndex.manifests().stream()
              .filter(d -> !isSupplyChainTag(d.annotations().get(MediaTypes.ANNOTATION_REF_NAME)))
              .toList();
      if (untaggedCandidates.size() != 1) {
        throw new InvalidInputException(
            describe()
                + " lists "
                + untaggedCandidates.size()
                + " artifacts; name one with :tag or @digest");
      }
      descriptor = untaggedCandidates.get(0);
    }
    return readManifestOrIndex(
        descriptor.digest(),
        descriptor.size(),
        descriptor.mediaType(),
        "manifest " + descriptor.digest());
  }

  private static boolean isSupplyChainTag(@Nullable String name) {
    return name != null && name.matches("sha(256|512)-[0-9a-f]+(\\.(sig|att|sbom))?");
  }

  private Optional<Descriptor> findByDigest(Digest digest) {
    return rootIndex.manifests().stream().filter(d -> d.digest().equals(digest)).findFirst();
  }

  @Override
  public Manifest fetchManifest(Descriptor descriptor) throws KonfluxNativeException {
    ManifestOrIndex m =
        readManifestOrIndex(
            descriptor.digest(),
            descriptor.size(),
            descriptor.mediaType(),
            "manifest " + descriptor.digest());
    if (m instanceof Manifest manifest) {
      return manifest;
    }
    throw new InvalidInputException(
        describe() + ": " + descriptor.digest() + " is an index, not a manifest");
  }

  private ManifestOrIndex readManifestOrIndex(
      Digest digest, long size, @Nullable String mediaType, String what)
      throws KonfluxNativeException {
    if (size > SourceOptions.MAX_MANIFEST_BYTES) {
      throw new InvalidInputException(what + " in " + describe() + " is larger than 4 MiB");
    }
    byte[] bytes;
    try (InputStream raw = storage.open(blobPath(digest))) {
      if (raw == null) {
        throw new SourceUnavailableException(what + " is missing from " + describe());
      }
      bytes =
          BoundedReader.readAtMost(
              raw, SourceOptions.MAX_MANIFEST_BYTES, what + " in " + describe());
    } catch (LinkOutOfLayoutException e) {
      throw new InvalidInputException(String.valueOf(e.getMessage()), e);
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "cannot read " + what + " from " + describe() + ": " + e.getMessage(), e);
    }
    Digest actual = Digest.of(digest.algorithm(), bytes);
    if (!actual.equals(digest) || (size >= 0 && bytes.length != size)) {
      throw new VerificationException(
          what
              + " in "
              + describe()
              + " does not match its digest: content is "
              + actual
              + ", "
              + bytes.length
              + " bytes");
    }
    return ManifestParser.parse(bytes, digest, mediaType, what + " in " + describe());
  }

  private static String blobPath(Digest digest) {
    // Safe: Digest admits only sha256/sha512 and lower-case hex.
    return "blobs/" + digest.algorithm() + "/" + digest.hex();
  }

  @Override
  public InputStream open(Descriptor descriptor) throws KonfluxNativeException {
    String what = "blob " + descriptor.digest() + " of " + describe();
    try {
      InputStream raw = storage.open(blobPath(descriptor.digest()));
      if (raw == null) {
        throw new SourceUnavailableException(what + " is missing");
      }
      return new VerifyingInputStream(raw, descriptor.digest(), descriptor.size(), what, null);
    } catch (LinkOutOfLayoutException e) {
      throw new InvalidInputException(String.valueOf(e.getMessage()), e);
    } catch (IOException e) {
      throw new SourceUnavailableException("cannot read " + what + ": " + e.getMessage(), e);
    }
  }

  /** Blobs of a layout directory are local files; those inside a layout tar are not. */
  @Override
  public Optional<LocalBlob> openLocal(Descriptor descriptor) throws KonfluxNativeException {
    String what = "blob " + descriptor.digest() + " of " + describe();
    try {
      FileChannel channel = storage.openChannel(blobPath(descriptor.digest()));
      if (channel == null) {
        return Optional.empty();
      }
      return Optional.of(new LocalBlob(descriptor, channel, what));
    } catch (LinkOutOfLayoutException e) {
      throw new InvalidInputException(String.valueOf(e.getMessage()), e);
    } catch (IOException e) {
      throw IoFailures.reading(e, what);
    }
  }

  @Override
  public List<Referrer> referrers(Digest subject) throws KonfluxNativeException {
    ReferrerCollector found = new ReferrerCollector(subject);
    // 1. Manifests in index.json whose subject is the artifact (how oras and cosign v3 write
    // layouts).
    for (Descriptor d : rootIndex.manifests()) {
      if (d.digest().equals(subject) || !MediaTypes.isManifest(d.mediaType())) {
        continue;
      }
      String name = d.annotations().get(MediaTypes.ANNOTATION_REF_NAME);
      if (name != null && isSupplyChainTag(name)) {
        continue; // handled below with the right discovery kind
      }
      Manifest m = fetchManifest(d);
      if (m.subject() != null && m.subject().digest().equals(subject)) {
        found.add(Referrer.Discovery.LAYOUT_INDEX, m, null);
      }
    }
    // 2. The OCI 1.1 tag schema: tag sha256-<hex> holds an index of referrers.
    Optional<Descriptor> schema = taggedDescriptor(subject.asTagPrefix());
    if (schema.isPresent()) {
      ManifestOrIndex m =
          readManifestOrIndex(
              schema.get().digest(),
              schema.get().size(),
              schema.get().mediaType(),
              "referrers index " + subject.asTagPrefix());
      if (m instanceof Index idx) {
        for (Descriptor child : idx.manifests()) {
          Manifest listed = fetchManifest(child);
          // As for the registry: listed under the tag is not enough, the manifest must name the
          // subject.
          if (listed.subject() != null && listed.subject().digest().equals(subject)) {
            found.add(Referrer.Discovery.TAG_SCHEMA, listed, null);
          } else {
            LOG.warn(
                "{}: {} is listed under {} but its subject is {}; ignoring it",
                describe(),
                child.digest(),
                subject.asTagPrefix(),
                listed.subject() == null ? "absent" : listed.subject().digest());
          }
        }
      } else {
        LOG.warn(
            "{}: tag {} is not an index; ignored as referrers tag",
            describe(),
            subject.asTagPrefix());
      }
    }
    // 3. cosign tags.
    for (String suffix : List.of("sig", "att", "sbom")) {
      Optional<Descriptor> tagged = taggedDescriptor(subject.asTagPrefix() + "." + suffix);
      if (tagged.isPresent()) {
        found.add(Referrer.Discovery.COSIGN_TAG, fetchManifest(tagged.get()), suffix);
      }
    }
    return found.referrers();
  }

  private Optional<Descriptor> taggedDescriptor(String tag) {
    return rootIndex.manifests().stream()
        .filter(d -> tag.equals(d.annotations().get(MediaTypes.ANNOTATION_REF_NAME)))
        .findFirst();
  }

  @Override
  public String describe() {
    return "OCI layout " + storage.location();
  }

  @Override
  public void close() {
    closeQuietly(storage);
  }

  private static void closeQuietly(LayoutStorage storage) {
    try {
      storage.close();
    } catch (IOException e) {
      LOG.debug("closing {} failed", storage.location(), e);
    }
  }

  /**
   * @return the reference this source was opened for
   */
  public LayoutReference reference() {
    return reference;
  }
}
