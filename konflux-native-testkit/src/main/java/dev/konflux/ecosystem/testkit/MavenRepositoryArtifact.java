package dev.konflux.ecosystem.testkit;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Builds the two Maven packings Konflux uses for a repository tree (for example one written by
 * {@link MavenRepositoryTree} or by {@code mvn deploy -DaltDeploymentRepository=local::file:DIR}):
 *
 * <ul>
 *   <li>{@link #tar(Path)}: artifactType {@code application/vnd.konflux.maven.repository.v1+tar}
 *       with ONE uncompressed tar layer ({@code application/vnd.oci.image.layer.v1.tar}, no title)
 *       whose entries are the tree's paths relative to its root ({@code com/example/...});
 *   <li>{@link #zip(Path, String)}: artifactType {@code application/vnd.maven+zip} with one {@code
 *       application/zip} layer titled with the zip's file name.
 * </ul>
 *
 * Archives are made with fixed times, owners and sorted entries, so the digest is reproducible.
 */
public final class MavenRepositoryArtifact {

  /** Media type of the zip layer. */
  public static final String ZIP_LAYER_MEDIA_TYPE = "application/zip";

  private final Path repositoryRoot;
  private final @Nullable String zipName;
  private final Map<String, String> annotations = new TreeMap<>();
  private String entryPrefix = "";
  private @Nullable String tag;

  private MavenRepositoryArtifact(Path repositoryRoot, @Nullable String zipName) {
    if (!Files.isDirectory(repositoryRoot)) {
      throw new IllegalArgumentException("not a directory: " + repositoryRoot);
    }
    this.repositoryRoot = repositoryRoot;
    this.zipName = zipName;
  }

  /**
   * @param repositoryRoot the root of a Maven repository tree
   * @return the Konflux build-pipeline packing (one tar layer)
   */
  public static MavenRepositoryArtifact tar(Path repositoryRoot) {
    return new MavenRepositoryArtifact(repositoryRoot, null);
  }

  /**
   * @param repositoryRoot the root of a Maven repository tree
   * @param zipName the zip file name used as layer title, e.g. {@code foo-1.0-maven-repository.zip}
   * @return the MRRC packing (one zip layer)
   */
  public static MavenRepositoryArtifact zip(Path repositoryRoot, String zipName) {
    return new MavenRepositoryArtifact(repositoryRoot, Objects.requireNonNull(zipName, "zipName"));
  }

  /**
   * Puts every archive entry under a directory, as MRRC zips do ({@code
   * foo-1.0-maven-repository/maven-repository/}). Default: none.
   *
   * @param prefix a relative directory path ending in {@code /}, or empty
   * @return this
   */
  public MavenRepositoryArtifact entryPrefix(String prefix) {
    if (!prefix.isEmpty() && (!prefix.endsWith("/") || prefix.startsWith("/"))) {
      throw new IllegalArgumentException("prefix must be relative and end in '/': " + prefix);
    }
    this.entryPrefix = prefix;
    return this;
  }

  /**
   * @param tag tag for the manifest, or {@code null}
   * @return this
   */
  public MavenRepositoryArtifact tag(String tag) {
    this.tag = tag;
    return this;
  }

  /**
   * @param key manifest annotation key
   * @param value its value
   * @return this
   */
  public MavenRepositoryArtifact annotation(String key, String value) {
    annotations.put(key, value);
    return this;
  }

  /**
   * Archives the tree to a temporary file, streams it into the store, and writes the manifest.
   *
   * @param store where to write
   * @return the stored manifest
   * @throws IOException if reading the tree or the store fails
   */
  public StoredArtifact writeTo(ArtifactStore store) throws IOException {
    Path archive =
        Files.createTempFile("konflux-testkit-maven-", zipName == null ? ".tar" : ".zip");
    try {
      ArtifactManifest manifest;
      if (zipName == null) {
        writeTar(archive);
        Descriptor blob = store.putBlob(MediaTypes.OCI_LAYER_TAR, archive);
        manifest = ArtifactManifest.of(MediaTypes.ARTIFACT_MAVEN_REPOSITORY_TAR).layer(blob);
      } else {
        writeZip(archive);
        Descriptor blob = store.putBlob(ZIP_LAYER_MEDIA_TYPE, archive);
        manifest =
            ArtifactManifest.of(MediaTypes.ARTIFACT_MAVEN_ZIP)
                .layer(
                    new Descriptor(
                        blob.mediaType(),
                        blob.digest(),
                        blob.size(),
                        null,
                        Map.of(MediaTypes.ANNOTATION_TITLE, zipName)));
      }
      return manifest.annotations(annotations).storeIn(store, tag);
    } finally {
      Files.deleteIfExists(archive);
    }
  }

  private void writeTar(Path archive) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      if (!entryPrefix.isEmpty()) {
        String[] parts = entryPrefix.split("/", -1);
        StringBuilder dir = new StringBuilder();
        for (String part : parts) {
          dir.append(part).append('/');
          DeterministicTar.putDirectory(tar, dir.toString());
        }
      }
      DeterministicTar.putTree(tar, repositoryRoot, entryPrefix);
      tar.finish();
    }
  }

  private void writeZip(Path archive) throws IOException {
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(archive))) {
      DeterministicZip.putTree(zip, repositoryRoot, entryPrefix);
      zip.finish();
    }
  }
}
