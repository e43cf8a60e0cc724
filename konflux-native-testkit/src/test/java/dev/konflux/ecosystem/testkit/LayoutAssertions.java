package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Index;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.ManifestOrIndex;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.util.OciManifests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Independent checks of a layout written by the testkit, using the library's own parser for
 * manifests and the JDK for hashes. Until the library's layout source exists these stand in for
 * "the library reads it back".
 */
final class LayoutAssertions {
  private LayoutAssertions() {}

  /** Checks marker, blob names, index.json and the closure of every listed manifest. */
  static void assertValidLayout(Path dir) throws IOException {
    JsonNode marker = OciJson.tree(Files.readAllBytes(dir.resolve("oci-layout")));
    assertEquals("1.0.0", marker.path("imageLayoutVersion").asText());
    assertAllBlobsMatchTheirNames(dir);
    try (Stream<Path> top = Files.list(dir.resolve("blobs"))) {
      List<String> names = top.map(p -> p.getFileName().toString()).toList();
      assertEquals(
          List.of("sha256"), names, "blobs/ must hold only sha256/ (no staging leftovers)");
    }
    Index index = readIndex(dir);
    Deque<Descriptor> pending = new ArrayDeque<>(index.manifests());
    Set<Digest> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      Descriptor d = pending.pop();
      if (!seen.add(d.digest())) {
        continue;
      }
      ManifestOrIndex parsed = readManifest(dir, d);
      if (parsed instanceof Manifest m) {
        assertBlobPresent(dir, m.config());
        m.layers().forEach(l -> assertBlobPresent(dir, l));
      } else if (parsed instanceof Index i) {
        pending.addAll(i.manifests());
      }
    }
  }

  static void assertAllBlobsMatchTheirNames(Path dir) throws IOException {
    try (Stream<Path> blobs = Files.list(dir.resolve("blobs").resolve("sha256"))) {
      for (Path blob : blobs.toList()) {
        assertEquals(
            blob.getFileName().toString(),
            sha256(blob).hex(),
            "blob content must hash to its name");
      }
    }
  }

  static Index readIndex(Path dir) throws IOException {
    byte[] bytes = Files.readAllBytes(dir.resolve("index.json"));
    try {
      ManifestOrIndex parsed =
          OciManifests.parse(bytes, Digest.sha256Of(bytes), null, "index.json");
      assertTrue(parsed instanceof Index, "index.json must be an image index");
      assertEquals(MediaTypes.OCI_INDEX, parsed.mediaType());
      return (Index) parsed;
    } catch (InvalidInputException e) {
      throw new AssertionError("index.json does not parse: " + e.getMessage(), e);
    }
  }

  /** Reads a manifest blob, checking digest and size against the descriptor first. */
  static ManifestOrIndex readManifest(Path dir, Descriptor d) throws IOException {
    byte[] bytes = blob(dir, d);
    try {
      return OciManifests.parse(bytes, d.digest(), d.mediaType(), "manifest " + d.digest());
    } catch (InvalidInputException e) {
      throw new AssertionError("manifest does not parse: " + e.getMessage(), e);
    }
  }

  static Manifest readArtifactManifest(Path dir, Descriptor d) throws IOException {
    ManifestOrIndex m = readManifest(dir, d);
    assertTrue(m instanceof Manifest, d.digest() + " must be a manifest");
    return (Manifest) m;
  }

  static Descriptor tagged(Path dir, String tag) throws IOException {
    Optional<Descriptor> found =
        readIndex(dir).manifests().stream()
            .filter(d -> tag.equals(d.annotations().get(MediaTypes.ANNOTATION_REF_NAME)))
            .findFirst();
    return found.orElseThrow(() -> new AssertionError("no entry tagged " + tag + " in index.json"));
  }

  static byte[] blob(Path dir, Descriptor d) throws IOException {
    Path file = dir.resolve("blobs").resolve(d.digest().algorithm()).resolve(d.digest().hex());
    assertTrue(Files.isRegularFile(file), "missing blob " + d.digest());
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(d.size(), bytes.length, "size of " + d.digest());
    assertEquals(d.digest(), Digest.sha256Of(bytes), "digest of blob");
    return bytes;
  }

  static void assertBlobPresent(Path dir, Descriptor d) {
    Path file = dir.resolve("blobs").resolve(d.digest().algorithm()).resolve(d.digest().hex());
    try {
      assertEquals(d.size(), Files.size(file), "size of " + d.digest());
    } catch (IOException e) {
      fail("missing blob " + d.digest() + " (" + d.mediaType() + ")");
    }
  }

  static Digest sha256(Path file) throws IOException {
    MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return Digest.sha256(md.digest());
  }
}
