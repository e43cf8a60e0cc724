package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Index;
import dev.konflux.ecosystem.api.LayoutReference;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutStoreTest {

  @TempDir Path tmp;

  @Test
  void streamedBlobIsStoredUnderItsSha256() throws IOException {
    byte[] content = new byte[3 * 1024 * 1024 + 7];
    new Random(42).nextBytes(content);
    Path file = Files.write(tmp.resolve("big.bin"), content);
    try (OciLayoutStore store = OciLayoutStore.open(tmp.resolve("layout"))) {
      Descriptor d = store.putBlob("application/octet-stream", file);
      assertEquals(Digest.sha256Of(content), d.digest());
      assertEquals(content.length, d.size());
      assertArrayEquals(content, Files.readAllBytes(store.blobPath(d.digest())));
      // Storing the same content again is a no-op with the same descriptor.
      assertEquals(d, store.putBlob("application/octet-stream", content));
    }
    LayoutAssertions.assertValidLayout(tmp.resolve("layout"));
  }

  @Test
  void taggedManifestIsListedWithRefNameAndReferencesParse() throws Exception {
    Path dir = tmp.resolve("layout");
    Path file = Files.writeString(tmp.resolve("a.txt"), "hello");
    StoredArtifact stored;
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      Descriptor layer = store.putBlob("text/plain", file);
      stored = ArtifactManifest.of("application/vnd.test").layer(layer).storeIn(store, "v1");
      assertEquals("oci-layout:" + dir + ":v1", stored.reference());
      LayoutReference byDigest =
          (LayoutReference) ArtifactReference.parse(store.reference(stored.digest()));
      assertEquals(dir, byDigest.path());
      assertEquals(stored.digest(), byDigest.digest().orElseThrow());
    }
    LayoutReference byTag = (LayoutReference) ArtifactReference.parse(stored.reference());
    assertEquals("v1", byTag.tag().orElseThrow());
    assertEquals(dir, byTag.path());

    LayoutAssertions.assertValidLayout(dir);
    Descriptor entry = LayoutAssertions.tagged(dir, "v1");
    assertEquals(stored.digest(), entry.digest());
    assertEquals("application/vnd.test", entry.artifactType());
    assertEquals(MediaTypes.OCI_MANIFEST, entry.mediaType());
  }

  @Test
  void retaggingMovesTheTagAndReopeningKeepsEntries() throws IOException {
    Path dir = tmp.resolve("layout");
    Path file = Files.writeString(tmp.resolve("a.txt"), "one");
    Digest first;
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      first =
          ArtifactManifest.of("application/vnd.test")
              .layer(store.putBlob("text/plain", file))
              .storeIn(store, "latest")
              .digest();
      ArtifactManifest.of("application/vnd.test")
          .layer(store.putBlob("text/plain", file))
          .storeIn(store, "keep");
    }
    Files.writeString(file, "two");
    Digest second;
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      second =
          ArtifactManifest.of("application/vnd.test")
              .layer(store.putBlob("text/plain", file))
              .storeIn(store, "latest")
              .digest();
    }
    assertNotEquals(first, second);
    assertEquals(second, LayoutAssertions.tagged(dir, "latest").digest());
    assertEquals(first, LayoutAssertions.tagged(dir, "keep").digest());
    assertEquals(2, LayoutAssertions.readIndex(dir).manifests().size());
    LayoutAssertions.assertValidLayout(dir);
  }

  @Test
  void sameInputsGiveIdenticalLayoutsAndTars() throws IOException {
    Path file = Files.writeString(tmp.resolve("x86_64-foo.rpm"), "not really an rpm");
    Map<String, byte[]> first = buildAndArchive(tmp.resolve("one"), file);
    Map<String, byte[]> second = buildAndArchive(tmp.resolve("two"), file);
    assertEquals(first.keySet(), second.keySet());
    for (String name : first.keySet()) {
      assertArrayEquals(first.get(name), second.get(name), name);
    }
  }

  private Map<String, byte[]> buildAndArchive(Path root, Path file) throws IOException {
    Path dir = root.resolve("layout");
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      ArtifactManifest.of("application/vnd.test")
          .layer(store.putBlob("text/plain", file))
          .annotation("b", "2")
          .annotation("a", "1")
          .storeIn(store, "z");
      ArtifactManifest.of("application/vnd.test")
          .layer(store.putBlob("text/plain", file))
          .storeIn(store, "a");
      store.writeTar(root.resolve("layout.tar"));
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put("index.json", Files.readAllBytes(dir.resolve("index.json")));
    out.put("layout.tar", Files.readAllBytes(root.resolve("layout.tar")));
    return out;
  }

  @Test
  void indexEntriesAreSortedByTag() throws IOException {
    Path dir = tmp.resolve("layout");
    Path file = Files.writeString(tmp.resolve("a.txt"), "x");
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      for (String tag : List.of("m", "b", "z", "a")) {
        ArtifactManifest.of("application/vnd.test")
            .layer(store.putBlob("text/plain", file))
            .storeIn(store, tag);
      }
    }
    Index index = LayoutAssertions.readIndex(dir);
    assertEquals(
        List.of("a", "b", "m", "z"),
        index.manifests().stream()
            .map(d -> d.annotations().get(MediaTypes.ANNOTATION_REF_NAME))
            .toList());
  }

  @Test
  void untaggedManifestWithoutSubjectIsNotListed() throws IOException {
    Path dir = tmp.resolve("layout");
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      Descriptor d =
          store.putManifest(
              MediaTypes.OCI_MANIFEST, ArtifactManifest.of("application/vnd.test").toBytes(), null);
      assertTrue(Files.exists(store.blobPath(d.digest())));
    }
    assertTrue(LayoutAssertions.readIndex(dir).manifests().isEmpty());
  }

  @Test
  void tarHoldsTheLayoutFilesAtItsRoot() throws Exception {
    Path dir = tmp.resolve("layout");
    Path file = Files.writeString(tmp.resolve("a.txt"), "payload");
    Path tar = tmp.resolve("out/layout.tar");
    Digest manifest;
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      manifest =
          ArtifactManifest.of("application/vnd.test")
              .layer(store.putBlob("text/plain", file))
              .storeIn(store, "t")
              .digest();
      store.writeTar(tar);
      assertEquals("oci-layout:" + tar + ":t", OciLayoutStore.archiveReference(tar, "t"));
      LayoutReference ref =
          (LayoutReference) ArtifactReference.parse(OciLayoutStore.archiveReference(tar, manifest));
      assertTrue(ref.isArchive());
    }
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        assertEquals(0, e.getLongUserId());
        entries.put(e.getName(), e.isDirectory() ? null : in.readAllBytes());
      }
    }
    assertEquals(
        List.of("oci-layout", "index.json", "blobs/", "blobs/sha256/"),
        List.copyOf(entries.keySet()).subList(0, 4));
    assertArrayEquals(Files.readAllBytes(dir.resolve("index.json")), entries.get("index.json"));
    try (var blobs = Files.list(dir.resolve("blobs/sha256"))) {
      for (Path blob : blobs.toList()) {
        byte[] inTar = entries.get("blobs/sha256/" + blob.getFileName());
        assertArrayEquals(Files.readAllBytes(blob), inTar, blob.getFileName().toString());
      }
    }
    assertTrue(entries.containsKey("blobs/sha256/" + manifest.hex()));
    assertFalse(
        Files.list(tar.getParent())
            .anyMatch(p -> p.getFileName().toString().startsWith(".staging")));
  }

  @Test
  void emptyConfigIsTheWellKnownBlob() throws IOException {
    assertEquals(
        MediaTypes.OCI_EMPTY_DIGEST, ArtifactManifest.EMPTY_CONFIG_DESCRIPTOR.digest().toString());
    assertEquals(2, ArtifactManifest.EMPTY_CONFIG_DESCRIPTOR.size());
    Path dir = tmp.resolve("layout");
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      ArtifactManifest.of("application/vnd.test").storeIn(store, "t");
      try (InputStream in =
          Files.newInputStream(store.blobPath(ArtifactManifest.EMPTY_CONFIG_DESCRIPTOR.digest()))) {
        assertEquals("{}", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
      }
    }
  }

  @net.jqwik.api.Property(tries = 200)
  void arbitraryExistingIndexJsonEitherLoadsOrFailsWithIoException(
      @net.jqwik.api.ForAll byte[] indexJson) throws IOException {
    Path dir = Files.createTempDirectory("konflux-testkit-prop-");
    try {
      Files.write(dir.resolve("index.json"), indexJson);
      try (OciLayoutStore store = OciLayoutStore.open(dir)) {
        // Loaded: every kept entry is a valid descriptor, and the rewritten index parses.
        assertEquals(
            store.indexEntries().size(), LayoutAssertions.readIndex(dir).manifests().size());
      } catch (IOException expected) {
        // malformed input is refused with an IOException, never another exception
      }
    } finally {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void existingIndexWithAValidEntryIsKept() throws IOException {
    Path dir = tmp.resolve("layout");
    Files.createDirectories(dir);
    String digest = "sha256:" + "ab".repeat(32);
    Files.writeString(
        dir.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"digest\":\""
            + digest
            + "\",\"size\":5,"
            + "\"annotations\":{\"org.opencontainers.image.ref.name\":\"old\"}}]}");
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      assertEquals(1, store.indexEntries().size());
    }
    assertEquals(digest, LayoutAssertions.tagged(dir, "old").digest().toString());
  }

  @Test
  void invalidTagsAreRefused() throws IOException {
    try (OciLayoutStore store = OciLayoutStore.open(tmp.resolve("layout"))) {
      byte[] manifest = ArtifactManifest.of("application/vnd.test").toBytes();
      for (String bad : List.of("", "-x", "a/b", "a:b", "x".repeat(129))) {
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> store.putManifest(MediaTypes.OCI_MANIFEST, manifest, bad),
            bad);
      }
    }
  }
}
