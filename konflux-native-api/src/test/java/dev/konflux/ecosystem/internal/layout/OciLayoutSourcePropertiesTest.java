package dev.konflux.ecosystem.internal.layout;

import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.LayoutReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * A layout on disk is untrusted input too: an arbitrary {@code .tar}, or arbitrary {@code
 * oci-layout} and {@code index.json} files, give our typed errors when opened and resolved, never
 * another exception.
 */
class OciLayoutSourcePropertiesTest {
  private final Path dir;

  OciLayoutSourcePropertiesTest() {
    try {
      dir = Files.createTempDirectory("layout-props");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterProperty
  void cleanUp() throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Property(tries = 300)
  void arbitraryTarBytesGiveOnlyTypedErrors(@ForAll @Size(max = 3000) byte[] bytes)
      throws IOException {
    Path tar = dir.resolve("layout.tar");
    Files.write(tar, bytes);
    openAndResolve("oci-layout:" + tar + ":t");
  }

  @Property(tries = 300)
  void arbitraryLayoutFilesGiveOnlyTypedErrors(
      @ForAll @Size(max = 500) byte[] marker, @ForAll @Size(max = 1500) byte[] index)
      throws IOException {
    Path layout = Files.createDirectories(dir.resolve("layout"));
    Files.write(layout.resolve("oci-layout"), marker);
    Files.write(layout.resolve("index.json"), index);
    openAndResolve("oci-layout:" + layout + ":t");
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    openAndResolve("oci-layout:" + layout + ":t");
  }

  private static void openAndResolve(String reference) {
    try {
      LayoutReference ref = LayoutReference.parse(reference);
      try (OciLayoutSource source = OciLayoutSource.open(ref)) {
        source.resolve(ref);
      }
    } catch (KonfluxNativeException expected) {
      // the typed answer
    }
  }
}
