package dev.konflux.ecosystem.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Index;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.SourceOptions;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
  static final String MANIFEST =
      """
      {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
       "artifactType":"application/vnd.rpm.build.v0",
       "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},
       "layers":[{"mediaType":"application/x-rpm","digest":"%s","size":10,
                  "annotations":{"org.opencontainers.image.title":"x86_64/foo-1.0-1.x86_64.rpm"}}]}
      """
          .formatted(MediaTypes.OCI_EMPTY_DIGEST, "sha256:" + "ab".repeat(32));

  @Test
  void parsesArtifactManifest() throws Exception {
    byte[] bytes = MANIFEST.getBytes(StandardCharsets.UTF_8);
    Manifest m = ManifestParser.parseManifest(bytes, Digest.sha256Of(bytes), null, "test");
    assertEquals(MediaTypes.ARTIFACT_RPM_BUILD, m.effectiveArtifactType());
    assertEquals("x86_64/foo-1.0-1.x86_64.rpm", m.layers().get(0).title().orElseThrow());
    assertEquals(bytes.length, m.size());
  }

  @Test
  void parsesIndexWithoutMediaType() throws Exception {
    byte[] bytes =
        ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\""
                + MediaTypes.OCI_EMPTY_DIGEST
                + "\",\"size\":2}]}")
            .getBytes(StandardCharsets.UTF_8);
    assertInstanceOf(
        Index.class, ManifestParser.parse(bytes, Digest.sha256Of(bytes), null, "test"));
  }

  @Test
  void manifestsUpTo4MiBParseAndLargerOnesAreRejected() throws Exception {
    byte[] atLimit =
        (MANIFEST + " ".repeat(SourceOptions.MAX_MANIFEST_BYTES - MANIFEST.length()))
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(4 * 1024 * 1024, atLimit.length);
    assertInstanceOf(
        Manifest.class, ManifestParser.parse(atLimit, Digest.sha256Of(atLimit), null, "t"));
    byte[] over =
        (MANIFEST + " ".repeat(SourceOptions.MAX_MANIFEST_BYTES - MANIFEST.length() + 1))
            .getBytes(StandardCharsets.UTF_8);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> ManifestParser.parse(over, Digest.sha256Of(over), null, "t"));
    assertTrue(e.getMessage().contains("4 MiB"), e.getMessage());
  }

  @Test
  void rejectsWrongShapes() {
    for (String bad :
        new String[] {
          "[]",
          "{}",
          "{\"schemaVersion\":1}",
          "{\"schemaVersion\":2,\"mediaType\":\"x/y\"}",
          "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\"}",
          MANIFEST.replace("\"size\":10", "\"size\":-1"),
          MANIFEST.replace("\"size\":10", "\"size\":1.5"),
          MANIFEST.replace("\"size\":10", "\"size\":99999999999999999999999"),
          MANIFEST.replace("sha256:abab", "sha256:ABAB"),
          "{\"schemaVersion\":2,\"schemaVersion\":2}"
        }) {
      byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
      assertThrows(
          InvalidInputException.class,
          () -> ManifestParser.parse(bytes, Digest.sha256Of(bytes), null, "t"),
          bad);
    }
  }

  @Property(tries = 2000)
  void arbitraryBytesGiveOnlyTypedErrors(@ForAll @Size(max = 2048) byte[] bytes) {
    try {
      ManifestParser.parse(bytes, Digest.sha256Of(bytes), null, "fuzz");
    } catch (InvalidInputException expected) {
      // the only allowed failure
    }
  }

  @Property(tries = 3000)
  void mutatedManifestsGiveOnlyTypedErrors(
      @ForAll @IntRange(min = 0, max = 600) int position,
      @ForAll byte value,
      @ForAll @IntRange(min = 0, max = 3) int cut) {
    byte[] bytes = MANIFEST.getBytes(StandardCharsets.UTF_8);
    bytes[position % bytes.length] = value;
    byte[] input = java.util.Arrays.copyOf(bytes, bytes.length - cut * (position % 50));
    try {
      ManifestParser.parse(input, Digest.sha256Of(input), null, "fuzz");
    } catch (InvalidInputException expected) {
      // the only allowed failure
    }
  }
}
