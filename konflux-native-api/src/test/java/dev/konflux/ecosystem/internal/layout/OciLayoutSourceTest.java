package dev.konflux.ecosystem.internal.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Index;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.LayoutReference;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.spi.LocalBlob;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutSourceTest {
  @TempDir Path tmp;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void resolvesByTagAndDigestAndStreamsVerifiedBlobs() throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Descriptor rpm =
        layout.blob(
            MediaTypes.RPM, utf8("rpm bytes"), Map.of(MediaTypes.ANNOTATION_TITLE, "x86_64/a.rpm"));
    Descriptor m = layout.artifact(MediaTypes.ARTIFACT_RPM_BUILD, null, "v1", rpm);
    try (OciLayoutSource src =
        OciLayoutSource.open(LayoutReference.parse("oci-layout:" + layout.dir() + ":v1"))) {
      Manifest resolved =
          (Manifest) src.resolve(LayoutReference.parse("oci-layout:" + layout.dir() + ":v1"));
      assertEquals(m.digest(), resolved.digest());
      assertEquals(MediaTypes.ARTIFACT_RPM_BUILD, resolved.effectiveArtifactType());
      Manifest byDigest =
          (Manifest)
              src.resolve(LayoutReference.parse("oci-layout:" + layout.dir() + "@" + m.digest()));
      assertEquals(resolved, byDigest);
      try (InputStream in = src.open(resolved.layers().get(0))) {
        assertArrayEquals(utf8("rpm bytes"), in.readAllBytes());
      }
      assertThrows(
          SourceUnavailableException.class,
          () -> src.resolve(LayoutReference.parse("oci-layout:" + layout.dir() + ":nope")));
    }
  }

  @Test
  void corruptedBlobFailsWithTypedError() throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Descriptor rpm = layout.blob(MediaTypes.RPM, utf8("rpm bytes"), Map.of());
    layout.artifact(MediaTypes.ARTIFACT_RPM_BUILD, null, "v1", rpm);
    Files.write(layout.blobFile(rpm.digest()), utf8("RPM BYTES"));
    try (OciLayoutSource src =
        OciLayoutSource.open(LayoutReference.parse("oci-layout:" + layout.dir()))) {
      Manifest m =
          (Manifest) src.resolve(LayoutReference.parse("oci-layout:" + layout.dir() + ":v1"));
      BlobIntegrityException e =
          assertThrows(
              BlobIntegrityException.class,
              () -> {
                try (InputStream in = src.open(m.layers().get(0))) {
                  in.readAllBytes();
                }
              });
      assertEquals(rpm.digest(), e.expected());
    }
  }

  @Test
  void aLayoutDirectoryGivesItsBlobsAsLocalFilesWhichTheConsumerVerifies() throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Descriptor rpm = layout.blob(MediaTypes.RPM, utf8("rpm bytes"), Map.of());
    layout.artifact(MediaTypes.ARTIFACT_RPM_BUILD, null, "v1", rpm);
    try (OciLayoutSource src =
        OciLayoutSource.open(LayoutReference.parse("oci-layout:" + layout.dir()))) {
      try (LocalBlob local = src.openLocal(rpm).orElseThrow()) {
        assertEquals(9, local.size());
        ByteBuffer bytes = local.channel().map(FileChannel.MapMode.READ_ONLY, 0, local.size());
        MessageDigest md = local.newDigest();
        md.update(bytes);
        local.verify(md);
        MessageDigest partial = local.newDigest();
        partial.update(utf8("rpm byte"));
        BlobIntegrityException e =
            assertThrows(BlobIntegrityException.class, () -> local.verify(partial));
        assertEquals(rpm.digest(), e.expected());
      }
      // Same size, other content: opens (only the size is checked), fails verification.
      Files.write(layout.blobFile(rpm.digest()), utf8("RPM BYTES"));
      try (LocalBlob local = src.openLocal(rpm).orElseThrow()) {
        MessageDigest md = local.newDigest();
        md.update(local.channel().map(FileChannel.MapMode.READ_ONLY, 0, local.size()));
        assertThrows(BlobIntegrityException.class, () -> local.verify(md));
      }
      // Another size: refused when opened, as a verification failure.
      Files.write(layout.blobFile(rpm.digest()), utf8("rpm bytes!"));
      VerificationException e = assertThrows(VerificationException.class, () -> src.openLocal(rpm));
      assertTrue(e.getMessage().contains("not the declared size 9"), e.getMessage());
    }
  }

  @Test
  void aLayoutTarOrALinkOutOfTheLayoutGivesNoLocalFile() throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Descriptor rpm = layout.blob(MediaTypes.RPM, utf8("rpm bytes"), Map.of());
    layout.artifact(MediaTypes.ARTIFACT_RPM_BUILD, null, "v1", rpm);
    Path tar = layout.toTar(tmp.resolve("layout.tar"));
    try (OciLayoutSource src = OciLayoutSource.open(LayoutReference.parse("oci-layout:" + tar))) {
      assertTrue(src.openLocal(rpm).isEmpty());
    }
    Path outside = Files.write(tmp.resolve("outside"), utf8("rpm bytes"));
    Path blob = layout.blobFile(rpm.digest());
    Files.delete(blob);
    Files.createSymbolicLink(blob, outside);
    try (OciLayoutSource src =
        OciLayoutSource.open(LayoutReference.parse("oci-layout:" + layout.dir()))) {
      assertThrows(InvalidInputException.class, () -> src.openLocal(rpm));
    }
  }

  @Test
  void corruptedManifestFailsVerification() throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Descriptor m = layout.artifact(MediaTypes.ARTIFACT_RPM_BUILD, null, "v1");
    byte[] bytes = Files.readAllBytes(layout.blobFile(m.digest()));
    bytes[bytes.length - 2] = ' ';
    Files.write(layout.blobFile(m.digest()), bytes);
    try (OciLayoutSource src =
        OciLayoutSource.open(LayoutReference.parse("oci-layout:" + layout.dir()))) {
      VerificationException e =
          assertThrows(
              VerificationException.class,
              () -> src.resolve(LayoutReference.parse("oci-layout:" + layout.dir() + ":v1")));
      assertTrue(e.getMessage().contains(m.digest().toString()), e.getMessage());
    }
  }

  @Test
  void findsReferrersInAllThreeLayouts() throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Descriptor artifact = layout.artifact(MediaTypes.ARTIFACT_PYTHON_WHEELS, null, "v1");
    String prefix = artifact.digest().asTagPrefix();
    // cosign tags
    Descriptor sigLayer = layout.blob(MediaTypes.COSIGN_SIMPLE_SIGNING, utf8("{}x"), Map.of());
    layout.artifact(null, null, prefix + ".sig", sigLayer);
    Descriptor attLayer = layout.blob(MediaTypes.DSSE_ENVELOPE, utf8("{}y"), Map.of());
    layout.artifact(null, null, prefix + ".att", attLayer);
    // subject-bearing manifest listed in index.json
    Descriptor bundle = layout.blob(MediaTypes.SIGSTORE_BUNDLE_V03, utf8("{}z"), Map.of());
    Descriptor bundleManifest =
        layout.artifact(MediaTypes.SIGSTORE_BUNDLE_V03, artifact, null, bundle);
    // tag schema index holding an SBOM referrer (not listed in index.json itself)
    Descriptor sbom =
        layout.blob(MediaTypes.SPDX_JSON, utf8("{\"spdxVersion\":\"SPDX-2.3\"}"), Map.of());
    Descriptor sbomManifest =
        layout.artifact(MediaTypes.COSIGN_SBOM_ARTIFACT, artifact, null, sbom);
    layout.unlist(sbomManifest);
    layout.index(prefix, true, sbomManifest, bundleManifest);
    try (OciLayoutSource src =
        OciLayoutSource.open(LayoutReference.parse("oci-layout:" + layout.dir()))) {
      List<Referrer> refs = src.referrers(artifact.digest());
      assertEquals(4, refs.size(), refs.toString());
      assertEquals(
          List.of(
              Referrer.Kind.SIGSTORE_BUNDLE,
              Referrer.Kind.SBOM,
              Referrer.Kind.COSIGN_SIGNATURE,
              Referrer.Kind.COSIGN_ATTESTATION),
          refs.stream().map(Referrer::kind).toList());
      assertEquals(
          List.of(
              Referrer.Discovery.LAYOUT_INDEX,
              Referrer.Discovery.TAG_SCHEMA,
              Referrer.Discovery.COSIGN_TAG,
              Referrer.Discovery.COSIGN_TAG),
          refs.stream().map(Referrer::discovery).toList());
    }
  }

  @Test
  void tagSchemaEntriesWhoseSubjectIsAnotherArtifactAreNotReferrers() throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Descriptor artifact = layout.artifact(MediaTypes.ARTIFACT_PYTHON_WHEELS, null, "v1");
    Descriptor other =
        layout.artifact(
            MediaTypes.ARTIFACT_PYTHON_WHEELS,
            null,
            "v2",
            layout.blob("text/plain", utf8("another artifact"), Map.of()));
    Descriptor sbom =
        layout.blob(MediaTypes.SPDX_JSON, utf8("{\"spdxVersion\":\"SPDX-2.3\"}"), Map.of());
    Descriptor othersSbom = layout.artifact(MediaTypes.COSIGN_SBOM_ARTIFACT, other, null, sbom);
    layout.unlist(othersSbom);
    // The referrers tag of the artifact lists an SBOM that describes another artifact.
    layout.index(artifact.digest().asTagPrefix(), true, othersSbom);
    try (OciLayoutSource src =
        OciLayoutSource.open(LayoutReference.parse("oci-layout:" + layout.dir() + ":v1"))) {
      assertEquals(List.of(), src.referrers(artifact.digest()));
    }
  }

  @Test
  void readsIndexesAndTarArchives() throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Descriptor a = layout.artifact(MediaTypes.ARTIFACT_RPM_BUILD, null, null);
    Descriptor b = layout.artifact(MediaTypes.ARTIFACT_PYTHON_WHEELS, null, null);
    layout.unlistAll();
    Descriptor idx = layout.index("multi", true, a, b);
    Path tar = layout.toTar(tmp.resolve("layout.tar"));
    try (OciLayoutSource src =
        OciLayoutSource.open(LayoutReference.parse("oci-layout:" + tar + ":multi"))) {
      Index index =
          assertInstanceOf(
              Index.class, src.resolve(LayoutReference.parse("oci-layout:" + tar + ":multi")));
      assertEquals(idx.digest(), index.digest());
      assertEquals(
          MediaTypes.ARTIFACT_PYTHON_WHEELS,
          src.fetchManifest(index.manifests().get(1)).effectiveArtifactType());
    }
  }

  @Test
  void rejectsMissingOrMalformedLayouts() throws Exception {
    assertThrows(
        SourceUnavailableException.class,
        () -> OciLayoutSource.open(LayoutReference.parse("oci-layout:" + tmp.resolve("absent"))));
    Path notLayout = Files.createDirectories(tmp.resolve("empty"));
    assertThrows(
        InvalidInputException.class,
        () -> OciLayoutSource.open(LayoutReference.parse("oci-layout:" + notLayout)));
    Files.writeString(notLayout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(
        notLayout.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"x\"}]}");
    assertThrows(
        InvalidInputException.class,
        () -> OciLayoutSource.open(LayoutReference.parse("oci-layout:" + notLayout)));
  }

  @Test
  void aBlobThatIsALinkOutOfTheLayoutIsRefusedEvenWithTheRightContent() throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Descriptor rpm = layout.blob(MediaTypes.RPM, utf8("rpm bytes"), Map.of());
    layout.artifact(MediaTypes.ARTIFACT_RPM_BUILD, null, "v1", rpm);
    // Same bytes outside: only the link decides, not the digest.
    Path outside = Files.write(tmp.resolve("outside"), utf8("rpm bytes"));
    Path blob = layout.blobFile(rpm.digest());
    Files.delete(blob);
    Files.createSymbolicLink(blob, outside);
    try (OciLayoutSource src =
        OciLayoutSource.open(LayoutReference.parse("oci-layout:" + layout.dir()))) {
      Manifest m =
          (Manifest) src.resolve(LayoutReference.parse("oci-layout:" + layout.dir() + ":v1"));
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> src.open(m.layers().get(0)));
      assertTrue(e.getMessage().contains("leads out of the layout"), e.getMessage());
    }
  }

  @Test
  void aBlobsDirectoryThatIsALinkOutOfTheLayoutIsRefused() throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Descriptor rpm = layout.blob(MediaTypes.RPM, utf8("rpm bytes"), Map.of());
    layout.artifact(MediaTypes.ARTIFACT_RPM_BUILD, null, "v1", rpm);
    Path blobs = layout.dir().resolve("blobs");
    Path moved = Files.move(blobs, tmp.resolve("elsewhere"));
    Files.createSymbolicLink(blobs, moved);
    try (OciLayoutSource src =
        OciLayoutSource.open(LayoutReference.parse("oci-layout:" + layout.dir()))) {
      assertThrows(
          InvalidInputException.class,
          () -> src.resolve(LayoutReference.parse("oci-layout:" + layout.dir() + ":v1")));
    }
  }

  @Test
  void layoutFilesThatAreLinksOutOfTheLayoutAreRefused() throws Exception {
    for (String name : List.of("index.json", "oci-layout")) {
      TestLayout layout = new TestLayout(tmp.resolve("layout-" + name));
      layout.artifact(MediaTypes.ARTIFACT_RPM_BUILD, null, "v1");
      Path file = layout.dir().resolve(name);
      Path outside = Files.move(file, tmp.resolve("outside-" + name));
      Files.createSymbolicLink(file, outside);
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> OciLayoutSource.open(LayoutReference.parse("oci-layout:" + layout.dir())));
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
  }

  @Test
  void linksThatStayInsideTheLayoutAreFollowed() throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve("layout"));
    Descriptor rpm = layout.blob(MediaTypes.RPM, utf8("rpm bytes"), Map.of());
    layout.artifact(MediaTypes.ARTIFACT_RPM_BUILD, null, "v1", rpm);
    Path blob = layout.blobFile(rpm.digest());
    Path kept = Files.move(blob, layout.dir().resolve("kept"));
    Files.createSymbolicLink(blob, blob.getParent().relativize(kept));
    try (OciLayoutSource src =
            OciLayoutSource.open(LayoutReference.parse("oci-layout:" + layout.dir()));
        InputStream in = src.open(rpm)) {
      assertArrayEquals(utf8("rpm bytes"), in.readAllBytes());
    }
  }
}
