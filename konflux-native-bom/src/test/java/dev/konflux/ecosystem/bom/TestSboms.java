package dev.konflux.ecosystem.bom;

import dev.konflux.ecosystem.api.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the test SBOMs from the class path. */
public final class TestSboms {
  private TestSboms() {}

  public static byte[] bytes(String name) {
    try (InputStream in = TestSboms.class.getResourceAsStream("/sboms/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static SbomSource source(byte[] bytes, String mediaType) {
    return new SbomSource(
        Digest.sha256Of(bytes),
        Digest.sha256Of("referrer".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        mediaType,
        bytes.length);
  }

  public static Sbom read(String name) throws SbomException {
    byte[] b = bytes(name);
    String type =
        name.endsWith(".xml")
            ? "application/vnd.cyclonedx+xml"
            : name.contains(".cdx.") ? "application/vnd.cyclonedx+json" : "text/spdx+json";
    return SbomReader.create().read(b, source(b, type));
  }
}
