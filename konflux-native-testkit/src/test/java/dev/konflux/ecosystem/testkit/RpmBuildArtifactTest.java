package dev.konflux.ecosystem.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpmBuildArtifactTest {

  @TempDir Path tmp;

  @Test
  void layersAreTitledTypedAndDescribedByCgImport() throws IOException {
    Path rpm = Files.writeString(tmp.resolve("foo-bar-1.2.3-4.el9.x86_64.rpm"), "binary rpm bytes");
    Path srpm = Files.writeString(tmp.resolve("foo-bar-1.2.3-4.el9.src.rpm"), "source rpm bytes");
    Path noarch =
        Files.writeString(tmp.resolve("foo-bar-doc-1.2.3-4.el9.noarch.rpm"), "doc rpm bytes");
    Path log = Files.writeString(tmp.resolve("build.log"), "log line\n");
    Path dir = tmp.resolve("layout");
    StoredArtifact stored;
    try (OciLayoutStore store = OciLayoutStore.open(dir)) {
      stored =
          RpmBuildArtifact.create()
              .addRpm(srpm)
              .addRpm(rpm)
              .addRpm(noarch)
              .addLog(log, "x86_64/build.log")
              .withCgImport()
              .epoch(2)
              .tag("foo-bar-1.2.3-4")
              .annotation("org.opencontainers.image.source", "https://example.test.invalid/foo")
              .writeTo(store);
    }
    LayoutAssertions.assertValidLayout(dir);
    Manifest m =
        LayoutAssertions.readArtifactManifest(dir, LayoutAssertions.tagged(dir, "foo-bar-1.2.3-4"));
    assertEquals(stored.digest(), m.digest());
    assertEquals(MediaTypes.ARTIFACT_RPM_BUILD, m.artifactType());
    assertEquals(ArtifactManifest.EMPTY_CONFIG_DESCRIPTOR, m.config());
    assertNull(m.subject());
    assertEquals(
        "https://example.test.invalid/foo", m.annotations().get("org.opencontainers.image.source"));
    assertEquals(
        List.of(
            "noarch/foo-bar-doc-1.2.3-4.el9.noarch.rpm",
            "src/foo-bar-1.2.3-4.el9.src.rpm",
            "x86_64/build.log",
            "x86_64/foo-bar-1.2.3-4.el9.x86_64.rpm",
            "cg_import.json"),
        m.layers().stream().map(d -> d.title().orElseThrow()).toList());
    assertEquals(stored.contents(), m.layers());

    Descriptor rpmLayer = stored.layer("x86_64/foo-bar-1.2.3-4.el9.x86_64.rpm");
    assertEquals(MediaTypes.RPM, rpmLayer.mediaType());
    assertEquals(
        LayoutAssertions.sha256(rpm),
        rpmLayer.digest(),
        "a file layer's digest is the file's sha256");
    assertEquals("text/plain", stored.layer("x86_64/build.log").mediaType());

    Descriptor cg = stored.layer(RpmBuildArtifact.CG_IMPORT_TITLE);
    assertEquals("application/json", cg.mediaType());
    JsonNode cgJson = OciJson.tree(LayoutAssertions.blob(dir, cg));
    JsonNode build = cgJson.get("build");
    assertEquals("foo-bar", build.get("name").asText());
    assertEquals("1.2.3", build.get("version").asText());
    assertEquals("4.el9", build.get("release").asText());
    assertEquals(2, build.get("epoch").asInt());
    List<JsonNode> outputs =
        StreamSupport.stream(cgJson.get("output").spliterator(), false).toList();
    assertEquals(4, outputs.size());
    Map<String, Path> files =
        Map.of(
            rpm.getFileName().toString(),
            rpm,
            srpm.getFileName().toString(),
            srpm,
            noarch.getFileName().toString(),
            noarch,
            "build.log",
            log);
    for (JsonNode out : outputs) {
      Path file = files.get(out.get("filename").asText());
      assertEquals("sha256", out.get("checksum_type").asText());
      assertEquals(LayoutAssertions.sha256(file).hex(), out.get("checksum").asText());
      assertEquals(Files.size(file), out.get("filesize").asLong());
    }
    JsonNode logOut =
        outputs.stream()
            .filter(o -> o.get("filename").asText().equals("build.log"))
            .findFirst()
            .orElseThrow();
    assertEquals("log", logOut.get("type").asText());
    assertEquals("x86_64", logOut.get("arch").asText());
    JsonNode srpmOut =
        outputs.stream()
            .filter(o -> o.get("filename").asText().endsWith(".src.rpm"))
            .findFirst()
            .orElseThrow();
    assertEquals("rpm", srpmOut.get("type").asText());
    assertEquals("src", srpmOut.get("arch").asText());
  }

  @Test
  void additionOrderDoesNotChangeTheDigest() throws IOException {
    Path a = Files.writeString(tmp.resolve("a-1-1.x86_64.rpm"), "a");
    Path b = Files.writeString(tmp.resolve("b-1-1.noarch.rpm"), "b");
    try (OciLayoutStore store = OciLayoutStore.open(tmp.resolve("layout"))) {
      StoredArtifact one =
          RpmBuildArtifact.create().addRpm(a).addRpm(b).withCgImport().writeTo(store);
      StoredArtifact two =
          RpmBuildArtifact.create().addRpm(b).addRpm(a).withCgImport().writeTo(store);
      assertEquals(one.digest(), two.digest());
      StoredArtifact three = RpmBuildArtifact.create().addRpm(b).writeTo(store);
      assertTrue(!three.digest().equals(one.digest()));
    }
  }

  @Test
  void rejectsDuplicateTitlesAndEmptyArtifacts() throws IOException {
    Path a = Files.writeString(tmp.resolve("a-1-1.x86_64.rpm"), "a");
    assertThrows(
        IllegalArgumentException.class, () -> RpmBuildArtifact.create().addRpm(a).addRpm(a));
    assertThrows(
        IllegalArgumentException.class,
        () -> RpmBuildArtifact.create().addRpm(tmp.resolve("missing-1-1.x86_64.rpm")));
    try (OciLayoutStore store = OciLayoutStore.open(tmp.resolve("layout"))) {
      assertThrows(IllegalStateException.class, () -> RpmBuildArtifact.create().writeTo(store));
    }
  }

  @Property
  void rpmFileNamesRoundTrip(
      @ForAll @AlphaChars @StringLength(min = 1, max = 12) String name,
      @ForAll @NumericChars @StringLength(min = 1, max = 5) String version,
      @ForAll @NumericChars @StringLength(min = 1, max = 3) String release,
      @ForAll("arches") String arch) {
    String fullName = name + "-devel";
    RpmFileName parsed =
        RpmFileName.parse(fullName + "-" + version + "-" + release + ".el9." + arch + ".rpm");
    assertEquals(new RpmFileName(fullName, version, release + ".el9", arch), parsed);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> arches() {
    return net.jqwik.api.Arbitraries.of(
        "x86_64", "aarch64", "noarch", "src", "i686", "s390x", "ppc64le");
  }
}
