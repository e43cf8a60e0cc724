package dev.konflux.ecosystem.rpm;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.LocalBlob;
import dev.konflux.ecosystem.util.VerifiedStreams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds Konflux RPM artifacts in memory from files, and a {@link BlobReader} that verifies every
 * blob it hands out, as the real sources do.
 */
public final class TestArtifacts implements BlobReader {
  private final Map<Digest, byte[]> blobs = new HashMap<>();
  private final Map<Digest, Path> files = new HashMap<>();
  private final List<Descriptor> layers = new ArrayList<>();
  private boolean local;
  private final List<Map.Entry<Referrer.Kind, Descriptor>> sbomReferrers = new ArrayList<>();

  /**
   * Adds an SBOM referrer (one layer) to the artifacts built from now on.
   *
   * @param kind {@link Referrer.Kind#SBOM} or {@link Referrer.Kind#COSIGN_SBOM}
   * @param mediaType the SBOM media type
   * @param content the SBOM document
   * @return this
   */
  public TestArtifacts sbom(Referrer.Kind kind, String mediaType, byte[] content) {
    Digest d = Digest.sha256Of(content);
    blobs.put(d, content);
    sbomReferrers.add(
        Map.entry(kind, new Descriptor(mediaType, d, content.length, null, Map.of())));
    return this;
  }

  /**
   * Adds an SBOM referrer whose layer descriptor states the given digest and size, whatever the
   * content (which is served for that digest).
   *
   * @param mediaType the SBOM media type
   * @param digest the stated digest
   * @param size the stated size
   * @param content what the blob reader serves
   * @return this
   */
  public TestArtifacts sbomClaiming(String mediaType, Digest digest, long size, byte[] content) {
    blobs.put(digest, content);
    sbomReferrers.add(
        Map.entry(Referrer.Kind.SBOM, new Descriptor(mediaType, digest, size, null, Map.of())));
    return this;
  }

  /**
   * @param title the layer title
   * @param file the RPM file
   * @return this
   */
  public TestArtifacts rpm(String title, Path file) {
    return rpm(title, file, Digest.SHA256);
  }

  /**
   * @param title the layer title
   * @param file the RPM file
   * @param algorithm the layer digest's algorithm ({@code sha256} or {@code sha512})
   * @return this
   */
  public TestArtifacts rpm(String title, Path file, String algorithm) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      Digest d = Digest.of(algorithm, bytes);
      files.put(d, file);
      layers.add(
          new Descriptor(
              MediaTypes.RPM, d, bytes.length, null, Map.of(MediaTypes.ANNOTATION_TITLE, title)));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds a layer whose descriptor states the digest and size of {@code declared} while the layer's
   * file holds other bytes (a blob damaged where it is stored).
   *
   * @param title the layer title
   * @param file the file holding the layer's (damaged) bytes
   * @param declared the bytes the descriptor describes
   * @return this
   */
  public TestArtifacts rpmClaiming(String title, Path file, byte[] declared) {
    Digest d = Digest.sha256Of(declared);
    files.put(d, file);
    layers.add(
        new Descriptor(
            MediaTypes.RPM, d, declared.length, null, Map.of(MediaTypes.ANNOTATION_TITLE, title)));
    return this;
  }

  /**
   * Adds a layer whose descriptor lies about the content (wrong digest, right size).
   *
   * @param title the layer title
   * @param file the RPM file
   * @return this
   */
  public TestArtifacts rpmWithWrongDigest(String title, Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      Digest wrong = Digest.sha256Of("not this".getBytes());
      files.put(wrong, file);
      layers.add(
          new Descriptor(
              MediaTypes.RPM,
              wrong,
              bytes.length,
              null,
              Map.of(MediaTypes.ANNOTATION_TITLE, title)));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param mediaType the media type
   * @param title the title
   * @param content the bytes
   * @return this
   */
  public TestArtifacts blob(String mediaType, String title, byte[] content) {
    Digest d = Digest.sha256Of(content);
    blobs.put(d, content);
    layers.add(
        new Descriptor(
            mediaType, d, content.length, null, Map.of(MediaTypes.ANNOTATION_TITLE, title)));
    return this;
  }

  /**
   * @param component the component name
   * @param artifactType the manifest artifact type
   * @return the artifact
   * @throws InvalidInputException never for the fixed reference
   */
  public ComponentArtifact artifact(String component, String artifactType)
      throws InvalidInputException {
    Digest manifestDigest = Digest.sha256Of((component + layers).getBytes());
    Descriptor config =
        Descriptor.of(MediaTypes.OCI_EMPTY, Digest.parse(MediaTypes.OCI_EMPTY_DIGEST), 2);
    Manifest m =
        new Manifest(
            manifestDigest,
            1000,
            MediaTypes.OCI_MANIFEST,
            artifactType,
            config,
            layers,
            null,
            Map.of());
    ArtifactReference ref =
        ArtifactReference.parse("registry.test.invalid/ns/" + component + "@" + manifestDigest);
    List<Referrer> referrers = new ArrayList<>();
    for (Map.Entry<Referrer.Kind, Descriptor> r : sbomReferrers) {
      Digest rd = Digest.sha256Of((manifestDigest + r.getKey().name() + r.getValue()).getBytes());
      Manifest rm =
          new Manifest(
              rd,
              500,
              MediaTypes.OCI_MANIFEST,
              MediaTypes.COSIGN_SBOM_ARTIFACT,
              config,
              List.of(r.getValue()),
              null,
              Map.of());
      referrers.add(
          new Referrer(
              r.getKey(),
              r.getKey() == Referrer.Kind.COSIGN_SBOM
                  ? Referrer.Discovery.COSIGN_TAG
                  : Referrer.Discovery.REFERRERS_API,
              manifestDigest,
              rm));
    }
    return new ComponentArtifact(component, ref, manifestDigest, m, referrers);
  }

  /**
   * Serves file-backed layers through {@link #openLocal} too, as an OCI layout directory does.
   *
   * @return this
   */
  public TestArtifacts local() {
    this.local = true;
    return this;
  }

  @Override
  public Optional<LocalBlob> openLocal(Descriptor descriptor) throws KonfluxNativeException {
    Path file = files.get(descriptor.digest());
    if (!local || file == null) {
      return Optional.empty();
    }
    String what = "blob " + descriptor.digest();
    try {
      return Optional.of(
          new LocalBlob(descriptor, FileChannel.open(file, StandardOpenOption.READ), what));
    } catch (BlobIntegrityException e) {
      throw new VerificationException(String.valueOf(e.getMessage()), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream open(Descriptor descriptor) {
    try {
      InputStream raw =
          blobs.containsKey(descriptor.digest())
              ? new ByteArrayInputStream(blobs.get(descriptor.digest()))
              : Files.newInputStream(files.get(descriptor.digest()));
      return VerifiedStreams.verifying(
          raw, descriptor.digest(), descriptor.size(), "blob " + descriptor.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
