package dev.konflux.ecosystem.internal.layout;

import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.LayoutReference;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.ManifestOrIndex;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A damaged layout archive gives our typed exceptions or a verified result, never anything else.
 */
class TarLayoutPropertiesTest {
  private static byte[] tar;

  /** The archive every try mutates: made once in a directory that is removed right after. */
  private static synchronized byte[] tar() {
    if (tar == null) {
      try {
        Path dir = Files.createTempDirectory("tar-layout-props");
        try {
          TestLayout layout = new TestLayout(dir.resolve("layout"));
          Descriptor layer =
              layout.blob(
                  "text/plain",
                  "hello".getBytes(StandardCharsets.UTF_8),
                  Map.of(MediaTypes.ANNOTATION_TITLE, "hello.txt"));
          layout.artifact(MediaTypes.ARTIFACT_PYTHON_WHEELS, null, "v1", layer);
          tar = Files.readAllBytes(layout.toTar(dir.resolve("layout.tar")));
        } finally {
          deleteTree(dir);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return tar;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Property(tries = 400)
  void mutatedArchivesGiveOnlyTypedFailures(
      @ForAll @Size(min = 1, max = 4) int[] positions,
      @ForAll @IntRange(min = 0, max = 255) int value,
      @ForAll boolean truncate)
      throws IOException {
    byte[] bytes = tar().clone();
    int length = bytes.length;
    for (int p : positions) {
      int at = Math.floorMod(p, bytes.length);
      bytes[at] = (byte) value;
      if (truncate) {
        length = Math.min(length, at + 1);
      }
    }
    Path file = Files.createTempFile("mutated", ".tar");
    try {
      Files.write(file, java.util.Arrays.copyOf(bytes, length));
      try (OciLayoutSource src =
          OciLayoutSource.open(LayoutReference.parse("oci-layout:" + file + ":v1"))) {
        ManifestOrIndex m = src.resolve(src.reference());
        if (m instanceof Manifest manifest) {
          for (Descriptor l : manifest.layers()) {
            try (InputStream in = src.open(l)) {
              in.transferTo(java.io.OutputStream.nullOutputStream());
            }
          }
        }
      } catch (KonfluxNativeException expected) {
        // typed
      } catch (IOException expected) {
        // reading a blob stream: BlobIntegrityException, or an I/O error of the archive
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
