package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ArtifactStore} that writes an OCI image layout directory: the {@code oci-layout}
 * marker, {@code blobs/sha256/<hex>} and {@code index.json}.
 *
 * <p>Tagged manifests are listed in {@code index.json} with an {@code
 * org.opencontainers.image.ref.name} annotation. Untagged manifests that have a {@code subject}
 * (OCI 1.1 referrers) are listed too, without a name and with their {@code artifactType} and
 * annotations, so a layout reader can find referrers without a registry API. Other untagged
 * manifests (children of an index) are stored as blobs only.
 *
 * <p>Blobs are streamed into a staging file under {@code blobs/} while being hashed and renamed
 * into place only when complete; {@code index.json} is rewritten atomically after every manifest.
 * The output is deterministic: entries are sorted (tags by name, then referrers by digest) and all
 * JSON is written in a fixed field order. {@link #writeTar(Path)} archives the finished layout for
 * the {@code oci-layout:FILE.tar} source.
 */
public final class OciLayoutStore implements ArtifactStore {

  /** Content of the {@code oci-layout} marker file. */
  static final String OCI_LAYOUT_MARKER = "{\"imageLayoutVersion\":\"1.0.0\"}";

  /** OCI distribution tag grammar. */
  private static final java.util.regex.Pattern TAG =
      java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

  private final Path dir;
  private final Path blobDir;

  /** Keys: {@code 0<tag>} for tagged entries, {@code 1<digest>} for referrers; gives the order. */
  private final Map<String, Descriptor> entries = new TreeMap<>();

  private OciLayoutStore(Path dir) {
    this.dir = dir;
    this.blobDir = dir.resolve("blobs").resolve(Digest.SHA256);
  }

  /**
   * Opens a layout directory for writing, creating it when missing. Entries of an existing {@code
   * index.json} are kept, so several builders can fill one layout.
   *
   * @param dir the layout directory
   * @return the store
   * @throws IOException if the directory cannot be created or its index.json is unreadable
   */
  public static OciLayoutStore open(Path dir) throws IOException {
    OciLayoutStore store = new OciLayoutStore(Objects.requireNonNull(dir, "dir"));
    Files.createDirectories(store.blobDir);
    Path index = dir.resolve("index.json");
    if (Files.exists(index)) {
      store.load(index);
    }
    store.writeAtomically(
        dir.resolve("oci-layout"), OCI_LAYOUT_MARKER.getBytes(StandardCharsets.UTF_8));
    store.writeIndex();
    return store;
  }

  /**
   * @return the layout directory
   */
  public Path directory() {
    return dir;
  }

  /**
   * @param digest a blob digest
   * @return where the blob lives in this layout (it may not exist)
   */
  public Path blobPath(Digest digest) {
    return dir.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  /**
   * @return the descriptors {@code index.json} lists, in file order
   */
  public List<Descriptor> indexEntries() {
    return List.copyOf(entries.values());
  }

  @Override
  public Descriptor putBlob(String mediaType, byte[] content) throws IOException {
    Digest digest = Digest.sha256Of(content);
    Path target = blobPath(digest);
    if (!Files.exists(target)) {
      writeAtomically(target, content);
    }
    return Descriptor.of(mediaType, digest, content.length);
  }

  @Override
  public Descriptor putBlob(String mediaType, Path file) throws IOException {
    Path staging = Files.createTempFile(blobDir.getParent(), ".staging-", ".blob");
    try {
      MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
      long size;
      try (InputStream in = Files.newInputStream(file);
          OutputStream out = new DigestOutputStream(Files.newOutputStream(staging), md)) {
        size = in.transferTo(out);
      }
      Digest digest = Digest.sha256(md.digest());
      Path target = blobPath(digest);
      if (!Files.exists(target)) {
        move(staging, target);
      }
      return Descriptor.of(mediaType, digest, size);
    } finally {
      Files.deleteIfExists(staging);
    }
  }

  @Override
  public Descriptor putManifest(String mediaType, byte[] bytes, @Nullable String tag)
      throws IOException {
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("not a valid OCI tag: " + tag);
    }
    JsonNode root = OciJson.tree(bytes);
    String artifactType =
        root.path("artifactType").isTextual() ? root.get("artifactType").textValue() : null;
    Descriptor blob = putBlob(mediaType, bytes);
    Descriptor plain =
        new Descriptor(mediaType, blob.digest(), blob.size(), artifactType, Map.of());
    if (tag != null) {
      entries.put(
          "0" + tag,
          new Descriptor(
              mediaType,
              blob.digest(),
              blob.size(),
              artifactType,
              Map.of(MediaTypes.ANNOTATION_REF_NAME, tag)));
    } else if (root.has("subject")) {
      Map<String, String> annotations;
      try {
        annotations = OciJson.readAnnotations(root.get("annotations"));
      } catch (InvalidInputException e) {
        throw new IOException("manifest " + blob.digest() + " has malformed annotations", e);
      }
      entries.put(
          "1" + blob.digest(),
          new Descriptor(mediaType, blob.digest(), blob.size(), artifactType, annotations));
    }
    writeIndex();
    return plain;
  }

  @Override
  public String reference(Digest digest) {
    return "oci-layout:" + dir + "@" + digest;
  }

  @Override
  public String reference(String tag) {
    return "oci-layout:" + dir + ":" + tag;
  }

  /**
   * @param tarFile a layout archive written by {@link #writeTar(Path)}
   * @param tag a tag in it
   * @return {@code oci-layout:FILE.tar:tag}
   */
  public static String archiveReference(Path tarFile, String tag) {
    return "oci-layout:" + tarFile + ":" + tag;
  }

  /**
   * @param tarFile a layout archive written by {@link #writeTar(Path)}
   * @param digest a manifest digest in it
   * @return {@code oci-layout:FILE.tar@sha256:…}
   */
  public static String archiveReference(Path tarFile, Digest digest) {
    return "oci-layout:" + tarFile + "@" + digest;
  }

  /**
   * Archives the layout as an uncompressed tar with the layout files at its root, in a fixed order
   * with fixed owners, modes and times, so the same layout gives the same tar bytes. The file is
   * written to a staging name and moved into place when complete.
   *
   * @param tarFile the tar to write (replaced if present)
   * @throws IOException if writing fails
   */
  public void writeTar(Path tarFile) throws IOException {
    Path parent = tarFile.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempFile(parent, ".staging-", ".tar");
    try {
      try (TarArchiveOutputStream tar =
          new TarArchiveOutputStream(Files.newOutputStream(staging))) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        DeterministicTar.putFile(tar, "oci-layout", dir.resolve("oci-layout"));
        DeterministicTar.putFile(tar, "index.json", dir.resolve("index.json"));
        DeterministicTar.putDirectory(tar, "blobs/");
        DeterministicTar.putDirectory(tar, "blobs/sha256/");
        try (var blobs = Files.list(blobDir)) {
          for (Path blob : blobs.sorted().toList()) {
            DeterministicTar.putFile(tar, "blobs/sha256/" + blob.getFileName(), blob);
          }
        }
        tar.finish();
      }
      move(staging, tarFile);
    } finally {
      Files.deleteIfExists(staging);
    }
  }

  /** Nothing is buffered; {@code index.json} is already current. */
  @Override
  public void close() {}

  private void load(Path index) throws IOException {
    JsonNode root = OciJson.tree(Files.readAllBytes(index));
    JsonNode manifests = root.path("manifests");
    for (JsonNode node : manifests) {
      Descriptor d;
      try {
        d = OciJson.readDescriptor(node);
      } catch (InvalidInputException e) {
        throw new IOException("existing " + index + " has a malformed entry: " + e.getMessage(), e);
      }
      String tag = d.annotations().get(MediaTypes.ANNOTATION_REF_NAME);
      entries.put(tag != null ? "0" + tag : "1" + d.digest(), d);
    }
  }

  private void writeIndex() throws IOException {
    ObjectNode root = OciJson.object();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = root.putArray("manifests");
    entries.values().forEach(d -> manifests.add(OciJson.descriptor(d)));
    writeAtomically(dir.resolve("index.json"), OciJson.bytes(root));
  }

  private void writeAtomically(Path target, byte[] content) throws IOException {
    Path staging = Files.createTempFile(target.getParent(), ".staging-", ".tmp");
    try {
      Files.write(staging, content);
      move(staging, target);
    } finally {
      Files.deleteIfExists(staging);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
