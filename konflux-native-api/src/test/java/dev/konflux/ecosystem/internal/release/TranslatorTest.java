package dev.konflux.ecosystem.internal.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.ReleaseEvent;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.internal.layout.OciLayoutSourceProvider;
import dev.konflux.ecosystem.internal.layout.TestLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslatorTest {
  private static final String TYPE = "application/vnd.test.files";
  @TempDir Path tmp;

  private Translator translator(Path out, boolean failInFinish, List<ReleaseEvent> events) {
    return Translator.builder()
        .outputDirectory(out)
        .sourceProviders(List.of(new OciLayoutSourceProvider()))
        .targets(List.of(new CopyingTestTarget(TYPE, failInFinish)))
        .verificationPolicy(VerificationPolicy.skipVerification())
        .listener(events::add)
        .build();
  }

  private TestLayout layoutWith(String name, String... files) throws IOException {
    TestLayout layout = new TestLayout(tmp.resolve(name));
    layout.textArtifact(TYPE, files);
    return layout;
  }

  private static TranslateRequest request(TestLayout layout) throws Exception {
    return TranslateRequest.of(
        List.of(ArtifactReference.parse("oci-layout:" + layout.dir() + ":v1")));
  }

  /** Every file under a directory with its bytes, to compare trees exactly. */
  private static Map<String, String> snapshotTree(Path dir) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    if (!Files.exists(dir)) {
      return tree;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        tree.put(
            dir.relativize(p).toString(),
            Files.isRegularFile(p) ? Digest.sha256Of(Files.readAllBytes(p)).toString() : "dir");
      }
    }
    return tree;
  }

  @Test
  void translatesCommitsAndRecordsOrigins() throws Exception {
    TestLayout layout = layoutWith("comp", "a/one.txt", "one", "two.txt", "two");
    Path out = tmp.resolve("out");
    List<ReleaseEvent> events = new ArrayList<>();
    TranslateResult result = translator(out, false, events).translate(request(layout));

    assertEquals("one", Files.readString(out.resolve("files/a/one.txt")));
    assertEquals("a/one.txt\ntwo.txt\n", Files.readString(out.resolve("files/INDEX")));
    ReleaseRecord record = ReleaseRecordJson.read(Files.readAllBytes(out.resolve("release.json")));
    assertEquals(result.record(), record);
    ReleaseRecord.FileEntry one =
        record.files().stream()
            .filter(f -> f.path().equals("files/a/one.txt"))
            .findFirst()
            .orElseThrow();
    assertEquals(Digest.sha256Of("one".getBytes(StandardCharsets.UTF_8)), one.sha256());
    assertEquals("comp", one.origins().get(0).component());
    assertEquals(record.components().get(0).rootDigest(), one.origins().get(0).manifestDigest());
    ReleaseRecord.FileEntry index =
        record.files().stream()
            .filter(f -> f.path().equals("files/INDEX"))
            .findFirst()
            .orElseThrow();
    assertTrue(index.origins().isEmpty());
    // A derived file names what it was derived from: every file has an origin.
    assertEquals(List.of("files/a/one.txt", "files/two.txt"), index.derivedFrom());
    assertTrue(
        record.files().stream().allMatch(ReleaseRecord.FileEntry::hasOrigin),
        record.files().toString());
    // documented event order
    assertTrue(events.get(0) instanceof ReleaseEvent.ComponentStarted);
    assertTrue(events.get(events.size() - 1) instanceof ReleaseEvent.ReleaseCommitted);
    assertTrue(events.stream().anyMatch(e -> e instanceof ReleaseEvent.BytesTransferred));
    assertTrue(events.stream().anyMatch(e -> e instanceof ReleaseEvent.ComponentFinished));
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertFalse(
          siblings.anyMatch(p -> p.getFileName().toString().contains("staging")),
          "staging left behind");
    }
  }

  @Test
  void secondRunIsUnchangedAndByteIdentical() throws Exception {
    TestLayout layout = layoutWith("comp", "x.txt", "x");
    Path out = tmp.resolve("out");
    translator(out, false, new ArrayList<>()).translate(request(layout));
    Map<String, String> before = snapshotTree(out);
    TranslateResult again = translator(out, false, new ArrayList<>()).translate(request(layout));
    assertTrue(again.unchanged());
    assertEquals(before, snapshotTree(out));
  }

  @Test
  void sameSizeEditOfAnOutputFileIsNotReportedAsUnchanged() throws Exception {
    TestLayout layout = layoutWith("comp", "x.txt", "good");
    Path out = tmp.resolve("out");
    translator(out, false, new ArrayList<>()).translate(request(layout));
    // Same size, other bytes: the size check alone would call this "the same release".
    Files.writeString(out.resolve("files/x.txt"), "evil");
    TranslateResult again = translator(out, false, new ArrayList<>()).translate(request(layout));
    assertFalse(again.unchanged());
    assertEquals("good", Files.readString(out.resolve("files/x.txt")));
  }

  @Test
  void aNoOpRerunReadsNoByteOfTheOutput() throws Exception {
    // 48 MiB of output: hashing it again would show in the bytes this process reads.
    String big = "0123456789abcdef".repeat(3 << 20);
    TestLayout layout = layoutWith("comp", "big.txt", big);
    Path out = tmp.resolve("out");
    translator(out, false, new ArrayList<>()).translate(request(layout));
    // The first rerun may hash a file changed in the same clock tick as the stamps were taken
    // ("racily clean") and records the stamps again; the next one must trust them.
    assertTrue(translator(out, false, new ArrayList<>()).translate(request(layout)).unchanged());
    long before = bytesReadByThisProcess();
    TranslateResult again = translator(out, false, new ArrayList<>()).translate(request(layout));
    long read = bytesReadByThisProcess() - before;
    assertTrue(again.unchanged());
    assertTrue(read < (16 << 20), "a no-op rerun read " + read + " bytes");
    // The stamps are a cache of what the commit left, not a promise: an edit that keeps the size
    // and puts the modification time back is still found (ctime changed) and rewritten.
    Path file = out.resolve("files/big.txt");
    java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(file);
    Files.writeString(file, "X" + big.substring(1));
    Files.setLastModifiedTime(file, mtime);
    assertFalse(translator(out, false, new ArrayList<>()).translate(request(layout)).unchanged());
    assertEquals(big, Files.readString(file));
  }

  @Test
  void aNoOpReturnsTheCommittedRecordReadOnlyWhenItsFilesAreUsed() throws Exception {
    TestLayout layout = layoutWith("comp", "a/one.txt", "one", "two.txt", "two");
    Path out = tmp.resolve("out");
    TranslateResult first = translator(out, false, new ArrayList<>()).translate(request(layout));
    translator(out, false, new ArrayList<>()).translate(request(layout)); // may re-stamp
    TranslateResult again = translator(out, false, new ArrayList<>()).translate(request(layout));
    assertTrue(again.unchanged());
    // Same record: the committed decisions stand, the files are the committed ones.
    assertEquals(first.record(), again.record());
    assertEquals(first.record().files(), again.record().files());
    // Its files are read on use, and only if release.json is still what the check saw. (A rerun
    // in the clock tick the stamps were taken in checks the long way and takes them again.)
    TranslateResult third = translator(out, false, new ArrayList<>()).translate(request(layout));
    for (int i = 0; i < 100 && !(third.record().files() instanceof LazyList<?>); i++) {
      Thread.sleep(10);
      third = translator(out, false, new ArrayList<>()).translate(request(layout));
    }
    assertTrue(third.unchanged());
    assertTrue(third.record().files() instanceof LazyList<?>, "never told from the stamps alone");
    TranslateResult told = third;
    Path json = out.resolve("release.json");
    Files.writeString(json, Files.readString(json).replace("files/two.txt", "files/tw0.txt"));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> told.record().files().size());
    assertTrue(e.getMessage().contains("changed after it was checked"), e.getMessage());
  }

  @Test
  void newEvidenceOnTheComponentIsNotANoOp() throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve("comp"));
    Descriptor component =
        layout.artifact(
            TYPE,
            null,
            "v1",
            layout.blob(
                "text/plain",
                "x".getBytes(StandardCharsets.UTF_8),
                Map.of(MediaTypes.ANNOTATION_TITLE, "x.txt")));
    Path out = tmp.resolve("out");
    TranslateResult first = translator(out, false, new ArrayList<>()).translate(request(layout));
    assertTrue(translator(out, false, new ArrayList<>()).translate(request(layout)).unchanged());
    // A referrer added to the component (a signature, an attestation, an SBOM) is other evidence:
    // the no-op is decided before verification only on exactly the evidence verified before.
    layout.artifact(
        "application/vnd.test.evidence",
        component,
        null,
        layout.blob("text/plain", "evidence".getBytes(StandardCharsets.UTF_8), Map.of()));
    TranslateResult again = translator(out, false, new ArrayList<>()).translate(request(layout));
    assertFalse(again.unchanged());
    assertFalse(first.record().inputFingerprint().equals(again.record().inputFingerprint()));
  }

  @Test
  void theFingerprintBindsTheWholeVerificationPolicy() throws Exception {
    Path root = Files.writeString(tmp.resolve("trusted_root.json"), "{\"a\":1}");
    VerificationPolicy base =
        VerificationPolicy.builder()
            .addIdentity(
                new dev.konflux.ecosystem.api.CertificateIdentity(
                    "builder@example.com", false, "https://issuer.example", false))
            .trustedRoot(root)
            .build();
    String before = ReleaseRun.policy(base);
    assertEquals(before, ReleaseRun.policy(base));
    // The same path with other content is another trust root.
    Files.writeString(root, "{\"a\":2}");
    assertFalse(before.equals(ReleaseRun.policy(base)));
    String now = ReleaseRun.policy(base);
    assertFalse(now.equals(ReleaseRun.policy(base.toBuilder().requireSignature(false).build())));
    assertFalse(now.equals(ReleaseRun.policy(base.toBuilder().requireSbom(true).build())));
    assertFalse(now.equals(ReleaseRun.policy(base.toBuilder().useTuf(true).build())));
    assertFalse(now.equals(ReleaseRun.policy(base.toBuilder().requirePredicateType("p").build())));
    assertFalse(now.equals(ReleaseRun.policy(base.toBuilder().dockerReference("r").build())));
    // A trust root fetched through TUF is not pinned: such a release is verified before the
    // no-op check, as is one whose override is keyless through TUF.
    assertTrue(ReleaseRun.evidenceIsPinned(base));
    VerificationPolicy tuf =
        VerificationPolicy.builder()
            .addIdentity(
                new dev.konflux.ecosystem.api.CertificateIdentity(
                    "builder@example.com", false, "https://issuer.example", false))
            .useTuf(true)
            .build();
    assertFalse(ReleaseRun.evidenceIsPinned(tuf));
    assertFalse(
        ReleaseRun.evidenceIsPinned(
            VerificationPolicy.builder().forArtifactType(TYPE, tuf).build()));
    assertTrue(ReleaseRun.evidenceIsPinned(VerificationPolicy.builder().build()));
  }

  /** {@code rchar} of {@code /proc/self/io}: every byte this process read through a system call. */
  private static long bytesReadByThisProcess() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
      if (line.startsWith("rchar:")) {
        return Long.parseLong(line.substring(6).trim());
      }
    }
    throw new IllegalStateException("no rchar in /proc/self/io");
  }

  @Test
  void outputFileReplacedBySymlinkIsNotReportedAsUnchanged() throws Exception {
    TestLayout layout = layoutWith("comp", "x.txt", "good");
    Path out = tmp.resolve("out");
    translator(out, false, new ArrayList<>()).translate(request(layout));
    Path elsewhere = Files.writeString(tmp.resolve("elsewhere.txt"), "good");
    Files.delete(out.resolve("files/x.txt"));
    Files.createSymbolicLink(out.resolve("files/x.txt"), elsewhere);
    TranslateResult again = translator(out, false, new ArrayList<>()).translate(request(layout));
    assertFalse(again.unchanged());
    assertFalse(Files.isSymbolicLink(out.resolve("files/x.txt")));
  }

  @Test
  void corruptedBlobFailsAndLeavesOutputAsItWas() throws Exception {
    Path out = tmp.resolve("out");
    translator(out, false, new ArrayList<>())
        .translate(request(layoutWith("old", "x.txt", "old content")));
    Map<String, String> before = snapshotTree(out);

    TestLayout bad = layoutWith("bad", "x.txt", "new content", "y.txt", "more");
    Descriptor layer = layoutLayer(bad, "y.txt");
    Files.writeString(bad.blobFile(layer.digest()), "MORE");
    List<ReleaseEvent> events = new ArrayList<>();
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () -> translator(out, false, events).translate(request(bad)));
    assertTrue(e.getMessage().contains(layer.digest().toString()), e.getMessage());
    assertEquals(before, snapshotTree(out));
    assertTrue(events.stream().anyMatch(ev -> ev instanceof ReleaseEvent.ComponentFailed));
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertFalse(
          siblings.anyMatch(p -> p.getFileName().toString().contains("staging")),
          "staging left behind");
    }
  }

  @Test
  void aDamagedCommittedRecordIsATypedErrorAndNothingIsCommitted() throws Exception {
    Path out = tmp.resolve("out");
    translator(out, false, new ArrayList<>())
        .translate(request(layoutWith("old", "x.txt", "old content", "y.txt", "y")));
    Path json = out.resolve("release.json");
    byte[] whole = Files.readAllBytes(json);
    for (byte[] damaged :
        List.of(
            java.util.Arrays.copyOf(whole, whole.length / 2),
            java.util.Arrays.copyOf(whole, whole.length - 3),
            "{\"files\": 7}".getBytes(StandardCharsets.UTF_8))) {
      Files.write(json, damaged);
      Map<String, String> before = snapshotTree(out);
      // Another release, and the same one again (its fingerprint is in the intact head).
      for (String content : List.of("new content", "old content")) {
        dev.konflux.ecosystem.api.OutputException e =
            assertThrows(
                dev.konflux.ecosystem.api.OutputException.class,
                () ->
                    translator(out, false, new ArrayList<>())
                        .translate(
                            request(
                                layoutWith(
                                    "c" + content.length(), "x.txt", content, "y.txt", "y"))));
        assertTrue(e.getMessage().contains("release.json"), e.getMessage());
        assertEquals(before, snapshotTree(out));
        try (Stream<Path> siblings = Files.list(tmp)) {
          assertFalse(
              siblings.anyMatch(p -> p.getFileName().toString().contains("staging")),
              "staging left behind");
        }
      }
    }
  }

  @Test
  void manyFilesAreRecordedInPathOrderAndCarriedOver() throws Exception {
    String[] files = new String[2 * 1500];
    for (int i = 0; i < 1500; i++) {
      files[2 * i] = "d" + (i % 3) + "/f" + (1500 - i) + ".txt";
      files[2 * i + 1] = "content " + i;
    }
    Path out = tmp.resolve("out");
    TranslateResult first =
        translator(out, false, new ArrayList<>()).translate(request(layoutWith("many", files)));
    List<String> paths =
        first.record().files().stream().map(ReleaseRecord.FileEntry::path).toList();
    assertEquals(paths.stream().sorted().toList(), paths);
    assertEquals(1501, paths.size());
    assertEquals(
        first.record(), ReleaseRecordJson.read(Files.readAllBytes(out.resolve("release.json"))));
    assertTrue(
        translator(out, false, new ArrayList<>())
            .translate(request(layoutWith("many", files)))
            .unchanged());
  }

  @Test
  void failureInFinishLeavesOutputAsItWas() throws Exception {
    Path out = tmp.resolve("out");
    translator(out, false, new ArrayList<>()).translate(request(layoutWith("old", "x.txt", "old")));
    Map<String, String> before = snapshotTree(out);
    assertThrows(
        InvalidInputException.class,
        () ->
            translator(out, true, new ArrayList<>())
                .translate(request(layoutWith("new", "x.txt", "new"))));
    assertEquals(before, snapshotTree(out));
  }

  @Test
  void failedFirstReleaseCreatesNoOutput() throws Exception {
    Path out = tmp.resolve("never");
    assertThrows(
        InvalidInputException.class,
        () ->
            translator(out, true, new ArrayList<>())
                .translate(request(layoutWith("new", "x.txt", "new"))));
    assertFalse(Files.exists(out));
  }

  @Test
  void unsafeTitlesAreRejected() throws Exception {
    for (String title : new String[] {"../x", "/etc/passwd", "a/../../b", "a\\b", "./a", "a//b"}) {
      Path out = tmp.resolve("out-" + Math.abs(title.hashCode()));
      TestLayout layout = layoutWith("evil-" + Math.abs(title.hashCode()), title, "payload");
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> translator(out, false, new ArrayList<>()).translate(request(layout)),
              title);
      assertTrue(e.getMessage().contains("title of layer"), e.getMessage());
      assertFalse(Files.exists(out));
      assertFalse(Files.exists(tmp.resolve("etc/passwd")));
    }
  }

  @Test
  void defaultPolicyFailsClosedWithoutSignature() throws Exception {
    Path out = tmp.resolve("out");
    TestLayout layout = layoutWith("unsigned", "x.txt", "x");
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () ->
                Translator.builder()
                    .outputDirectory(out)
                    .sourceProviders(List.of(new OciLayoutSourceProvider()))
                    .targets(List.of(new CopyingTestTarget(TYPE, false)))
                    .build()
                    .translate(request(layout)));
    assertTrue(e.getMessage().contains("unsigned"), e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void skippedVerificationIsRecorded() throws Exception {
    Path out = tmp.resolve("out");
    translator(out, false, new ArrayList<>()).translate(request(layoutWith("comp", "x.txt", "x")));
    ReleaseRecord record = ReleaseRecordJson.read(Files.readAllBytes(out.resolve("release.json")));
    assertTrue(record.verificationSkipped());
    assertTrue(
        record.decisions().get(0).reason().contains("skipped"), record.decisions().toString());
  }

  @Test
  void twoTargetsClaimingOneArtifactAtTheSamePriorityIsAnErrorNamingBoth() throws Exception {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                Translator.builder()
                    .outputDirectory(tmp.resolve("out"))
                    .sourceProviders(List.of(new OciLayoutSourceProvider()))
                    .targets(
                        List.of(
                            new CopyingTestTarget(TYPE, false, "first", 3),
                            new CopyingTestTarget(TYPE, false, "second", 3),
                            new CopyingTestTarget(TYPE, false, "lower", 1)))
                    .verificationPolicy(VerificationPolicy.skipVerification())
                    .build()
                    .translate(request(layoutWith("comp", "x.txt", "x"))));
    assertTrue(
        e.getMessage().contains("first") && e.getMessage().contains("second"), e.getMessage());
    assertFalse(e.getMessage().contains("lower"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void theTargetWithTheHighestPriorityTakesTheArtifact() throws Exception {
    Path out = tmp.resolve("out");
    TranslateResult r =
        Translator.builder()
            .outputDirectory(out)
            .sourceProviders(List.of(new OciLayoutSourceProvider()))
            .targets(
                List.of(
                    new CopyingTestTarget(TYPE, false, "low", 0),
                    new CopyingTestTarget(TYPE, false, "high", 5)))
            .verificationPolicy(VerificationPolicy.skipVerification())
            .build()
            .translate(request(layoutWith("comp", "x.txt", "x")));
    assertEquals("x", Files.readString(out.resolve("high/x.txt")));
    assertFalse(Files.exists(out.resolve("low")));
    assertEquals("high", r.record().components().get(0).artifacts().get(0).ecosystem());
  }

  @Test
  void noTargetNamesTheArtifactType() throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve("maven"));
    layout.artifact(MediaTypes.ARTIFACT_MAVEN_ZIP, null, "v1");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                translator(tmp.resolve("out"), false, new ArrayList<>())
                    .translate(request(layout)));
    assertTrue(
        e.getMessage().contains("no target for artifactType " + MediaTypes.ARTIFACT_MAVEN_ZIP),
        e.getMessage());
  }

  @Test
  void translatesEveryManifestOfAnIndex() throws Exception {
    TestLayout layout = new TestLayout(tmp.resolve("multi"));
    Descriptor a =
        layout.artifact(
            TYPE,
            null,
            null,
            layout.blob(
                "text/plain",
                "A".getBytes(StandardCharsets.UTF_8),
                Map.of(MediaTypes.ANNOTATION_TITLE, "arch-a/f")));
    Descriptor b =
        layout.artifact(
            TYPE,
            null,
            null,
            layout.blob(
                "text/plain",
                "B".getBytes(StandardCharsets.UTF_8),
                Map.of(MediaTypes.ANNOTATION_TITLE, "arch-b/f")));
    layout.unlistAll();
    layout.index("v1", true, a, b);
    Path out = tmp.resolve("out");
    TranslateResult r = translator(out, false, new ArrayList<>()).translate(request(layout));
    assertEquals("A", Files.readString(out.resolve("files/arch-a/f")));
    assertEquals("B", Files.readString(out.resolve("files/arch-b/f")));
    assertEquals(2, r.record().components().get(0).artifacts().size());
  }

  @Test
  void dryRunWritesNothing() throws Exception {
    Path out = tmp.resolve("out");
    TranslateResult r =
        Translator.builder()
            .outputDirectory(out)
            .sourceProviders(List.of(new OciLayoutSourceProvider()))
            .targets(List.of(new CopyingTestTarget(TYPE, false)))
            .verificationPolicy(VerificationPolicy.skipVerification())
            .dryRun(true)
            .releaseTime(Instant.parse("2026-01-01T00:00:00Z"))
            .build()
            .translate(request(layoutWith("comp", "x.txt", "x")));
    assertTrue(r.dryRun());
    assertEquals(1, r.record().components().size());
    assertFalse(Files.exists(out));
  }

  private static Descriptor layoutLayer(TestLayout layout, String title) throws Exception {
    try (var src =
        dev.konflux.ecosystem.internal.layout.OciLayoutSource.open(
            dev.konflux.ecosystem.api.LayoutReference.parse("oci-layout:" + layout.dir()))) {
      var m =
          (dev.konflux.ecosystem.api.Manifest)
              src.resolve(
                  dev.konflux.ecosystem.api.LayoutReference.parse(
                      "oci-layout:" + layout.dir() + ":v1"));
      return m.layers().stream()
          .filter(l -> l.title().orElse("").equals(title))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void aSnapshotMayNameLocalLayoutsOnlyWhenAllowed() throws Exception {
    TestLayout layout = layoutWith("layout", "a.txt", "alpha");
    dev.konflux.ecosystem.api.Snapshot snapshot =
        dev.konflux.ecosystem.api.Snapshot.parse(
            new java.io.ByteArrayInputStream(
                ("{\"application\":\"app\",\"components\":[{\"name\":\"c\","
                        + "\"containerImage\":\"oci-layout:"
                        + layout.dir()
                        + ":v1\"}]}")
                    .getBytes(StandardCharsets.UTF_8)));
    Path out = tmp.resolve("out");
    List<ReleaseEvent> events = new ArrayList<>();
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> translator(out, false, events).translate(TranslateRequest.of(snapshot)));
    assertTrue(e.getMessage().contains("component c names the local OCI layout"), e.getMessage());
    assertTrue(e.getMessage().contains("allowLocalLayouts"), e.getMessage());
    // Refused before any work: nothing read, nothing written.
    assertTrue(events.isEmpty(), events.toString());
    assertFalse(Files.exists(out));

    assertFalse(
        translator(out, false, events)
            .translate(TranslateRequest.of(snapshot).allowingLocalLayouts())
            .record()
            .files()
            .isEmpty());
    Path out2 = tmp.resolve("out2");
    Translator allowing =
        Translator.builder()
            .outputDirectory(out2)
            .sourceProviders(List.of(new OciLayoutSourceProvider()))
            .targets(List.of(new CopyingTestTarget(TYPE, false)))
            .verificationPolicy(VerificationPolicy.skipVerification())
            .allowLocalLayouts(true)
            .build();
    assertFalse(allowing.translate(TranslateRequest.of(snapshot)).record().files().isEmpty());
  }
}
