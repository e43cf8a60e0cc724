package dev.konflux.ecosystem.internal.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.internal.layout.OciLayoutSourceProvider;
import dev.konflux.ecosystem.internal.layout.TestLayout;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.CommittedOutput;
import dev.konflux.ecosystem.spi.EcosystemTarget;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.IndexOutput;
import dev.konflux.ecosystem.spi.IoFailures;
import dev.konflux.ecosystem.spi.PlannedFile;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.SafePaths;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update of a committed output is committed in place: unchanged files are not touched, and a
 * failure or a crash at any step of the commit leaves (or, after recovery, gives back) the output
 * exactly as it was.
 */
class InPlaceCommitTest {
  private static final String TYPE = "application/vnd.test.carried";
  @TempDir Path tmp;

  @AfterEach
  void noHook() {
    StagingArea.stepHook = null;
  }

  /** The first release: four files, one in a subdirectory. */
  private static final String[] FIRST = {
    "a.txt", "a", "b.txt", "b", "sub/c.txt", "c", "d.txt", "d", "gone/e.txt", "e"
  };

  /**
   * The update: b.txt changed, new/f.txt and new/deeper/g.txt added; d.txt and gone/e.txt dropped
   * (the target does not carry them), a.txt and sub/c.txt carried over.
   */
  private static final String[] SECOND = {
    "b.txt", "b, changed", "new/f.txt", "f", "new/deeper/g.txt", "g"
  };

  private static final Set<String> DROPPED = Set.of("d.txt", "gone/e.txt");

  private Translator translator(Path out) {
    return Translator.builder()
        .outputDirectory(out)
        .sourceProviders(List.of(new OciLayoutSourceProvider()))
        .targets(List.of(new CarryingTarget()))
        .verificationPolicy(VerificationPolicy.skipVerification())
        .build();
  }

  private TranslateRequest request(String name, String... files) throws IOException {
    Path dir = tmp.resolve("layouts").resolve(name);
    if (!Files.exists(dir)) {
      new TestLayout(dir).textArtifact(TYPE, files);
    }
    try {
      return TranslateRequest.of(List.of(ArtifactReference.parse("oci-layout:" + dir + ":v1")));
    } catch (KonfluxNativeException e) {
      throw new IOException(e);
    }
  }

  private Path committed(String name) throws Exception {
    Path out = tmp.resolve(name).resolve("out");
    translator(out).translate(request("first", FIRST));
    return out;
  }

  private TranslateResult update(Path out) throws Exception {
    return translator(out).translate(request("second", SECOND));
  }

  @Test
  void anUpdateKeepsUnchangedFilesInPlaceAndRemovesWhatIsGone() throws Exception {
    Path out = committed("o");
    Map<String, Object> a = identity(out.resolve("files/a.txt"));
    Map<String, Object> c = identity(out.resolve("files/sub/c.txt"));
    Map<String, Object> b = identity(out.resolve("files/b.txt"));
    String oldIndex = Files.readString(out.resolve("files/INDEX"));
    // ctime has the clock's resolution: a change in the same tick would not show.
    Thread.sleep(20);

    TranslateResult result = update(out);

    assertEquals(a, identity(out.resolve("files/a.txt")), "a.txt was touched");
    assertEquals(c, identity(out.resolve("files/sub/c.txt")), "sub/c.txt was touched");
    assertNotEquals(b.get("ino"), identity(out.resolve("files/b.txt")).get("ino"));
    assertEquals("b, changed", Files.readString(out.resolve("files/b.txt")));
    assertEquals("g", Files.readString(out.resolve("files/new/deeper/g.txt")));
    assertFalse(Files.exists(out.resolve("files/d.txt")));
    assertFalse(Files.exists(out.resolve("files/gone")), "emptied directory left behind");
    // The old hashed index file went, the new one is there and INDEX names it.
    String newIndex = Files.readString(out.resolve("files/INDEX"));
    assertNotEquals(oldIndex, newIndex);
    assertFalse(Files.exists(out.resolve("files").resolve(oldIndex.strip())));
    assertTrue(Files.exists(out.resolve("files").resolve(newIndex.strip())));
    // The index was written from the carried files where they are (read through location()).
    String listing = Files.readString(out.resolve("files").resolve(newIndex.strip()));
    assertTrue(listing.contains("a.txt " + sha256("a")), listing);
    assertTrue(listing.contains("b.txt " + sha256("b, changed")), listing);
    // The output holds exactly what the record lists, with the recorded digests.
    Map<String, String> onDisk = tree(out.resolve("files"));
    onDisk.values().removeIf("dir"::equals);
    Map<String, String> recorded = new TreeMap<>();
    for (ReleaseRecord.FileEntry f : result.record().files()) {
      recorded.put(f.path().substring("files/".length()), f.sha256().toString());
    }
    assertEquals(recorded, onDisk);
    assertEquals(
        result.record(), ReleaseRecordJson.read(Files.readAllBytes(out.resolve("release.json"))));
    assertNoStaging(out);
    // The stamps (copied for the untouched files) let a rerun tell that nothing changed.
    assertTrue(update(out).unchanged());
  }

  @Test
  void aFailureAtAnyStepOfTheCommitLeavesTheOutputAsItWas() throws Exception {
    List<String> steps = steps();
    assertTrue(steps.size() > 15, steps.toString());
    for (int i = 0; i < steps.size(); i++) {
      String at = steps.get(i);
      Path out = committed("fail-" + i);
      Map<String, String> before = tree(out);
      StagingArea.stepHook = failAt(at, () -> new IOException("injected failure at " + at));
      OutputException e = assertThrows(OutputException.class, () -> update(out), at);
      StagingArea.stepHook = null;
      assertTrue(e.getMessage().contains("injected failure at " + at), e.getMessage());
      assertEquals(before, tree(out), "after a failure at " + at);
      assertNoStaging(out);
      // and the next release goes through
      update(out);
      assertEquals("b, changed", Files.readString(out.resolve("files/b.txt")));
    }
  }

  @Test
  void aCrashAtAnyStepOfTheCommitIsRolledBackByTheNextRelease() throws Exception {
    List<String> steps = steps();
    for (int i = 0; i < steps.size(); i++) {
      String at = steps.get(i);
      Path out = committed("crash-" + i);
      Map<String, String> before = tree(out);
      StagingArea.stepHook =
          failAt(
              at,
              () -> {
                throw new SimulatedCrash(at);
              });
      // The process "dies" there: nothing is rolled back, the journal stays on disk.
      assertThrows(SimulatedCrash.class, () -> update(out), at);
      StagingArea.stepHook = null;
      boolean journaled = !at.equals("journal");
      try (Stream<Path> siblings = Files.list(out.getParent())) {
        assertEquals(
            journaled,
            siblings.anyMatch(p -> Files.exists(p.resolve(StagingArea.JOURNAL))),
            "journal after a crash at " + at);
      }
      // The next release's recovery rolls it back before it reads the output.
      try (StagingArea next = StagingArea.create(out)) {
        assertEquals(before, tree(out), "after recovering from a crash at " + at);
      }
      assertNoStaging(out);
      update(out);
      assertEquals("b, changed", Files.readString(out.resolve("files/b.txt")));
    }
  }

  @Test
  void aRerunAfterACrashJustBeforeTheCommitPointIsNoNoOp() throws Exception {
    Path out = committed("rerun");
    Map<String, String> before = tree(out);
    StagingArea.stepHook =
        failAt(
            "commit",
            () -> {
              throw new SimulatedCrash("commit");
            });
    assertThrows(SimulatedCrash.class, () -> update(out));
    StagingArea.stepHook = null;
    // Every file and release.json of the update are in place, but the commit never happened: the
    // same release again must not take the output as committed (the journal would roll it back).
    assertNotEquals(before, tree(out));
    TranslateResult again = update(out);
    assertFalse(again.unchanged());
    assertNoStaging(out);
    assertEquals("b, changed", Files.readString(out.resolve("files/b.txt")));
    assertTrue(update(out).unchanged());
  }

  @Test
  void aCommittedFileThatWouldBecomeADirectoryIsRefusedBeforeAnythingChanges() throws Exception {
    Path out = committed("conflict");
    Map<String, String> before = tree(out);
    OutputException e =
        assertThrows(
            OutputException.class,
            () -> translator(out).translate(request("conflict", "d.txt/inside.txt", "x")));
    assertTrue(e.getMessage().contains("cannot become a directory"), e.getMessage());
    assertEquals(before, tree(out));
    assertNoStaging(out);
  }

  @Test
  void aCommittedDirectoryThatWouldBecomeAFileIsRefusedBeforeAnythingChanges() throws Exception {
    Path out = committed("conflict2");
    Map<String, String> before = tree(out);
    OutputException e =
        assertThrows(
            OutputException.class,
            () -> translator(out).translate(request("conflict2", "sub", "now a file")));
    assertTrue(e.getMessage().contains("cannot become a file"), e.getMessage());
    assertEquals(before, tree(out));
    assertNoStaging(out);
  }

  @Test
  void aDamagedJournalStopsTheNextReleaseWithoutTouchingTheOutput() throws Exception {
    Path out = committed("damaged");
    Map<String, String> before = tree(out);
    Path dead = out.resolveSibling(".out.staging-0b3c2d54-dead-4bad-8bad-000000000002");
    Files.createDirectories(dead);
    Files.writeString(dead.resolve(StagingArea.JOURNAL), "konflux-native-journal 1\nR ../x\n");
    OutputException e = assertThrows(OutputException.class, () -> update(out));
    assertTrue(e.getMessage().contains("journal"), e.getMessage());
    assertEquals(before, tree(out));
    assertTrue(Files.exists(dead.resolve(StagingArea.JOURNAL)), "the evidence was deleted");
  }

  /** The steps of the update's commit, by name, as the hook sees them. */
  private List<String> steps() throws Exception {
    Path out = committed("probe");
    List<String> steps = new ArrayList<>();
    StagingArea.stepHook = steps::add;
    update(out);
    StagingArea.stepHook = null;
    // what the test relies on being covered
    assertEquals("journal", steps.get(0));
    assertEquals("journaled", steps.get(1));
    assertEquals("commit", steps.get(steps.size() - 1));
    for (String expected :
        List.of(
            "link files/b.txt",
            "rename files/b.txt",
            "mkdir files/new",
            "mkdir files/new/deeper",
            "rename files/new/deeper/g.txt",
            "rename files/INDEX",
            "link files/d.txt",
            "remove files/d.txt",
            "remove files/gone/e.txt",
            "link release.json",
            "rename release.json")) {
      assertTrue(steps.contains(expected), expected + " not in " + steps);
    }
    // published in order: new files, then the index files, then removals, then release.json
    assertTrue(
        steps.indexOf("rename files/new/f.txt") < steps.indexOf("rename files/INDEX"), "order");
    assertTrue(steps.indexOf("rename files/INDEX") < steps.indexOf("remove files/d.txt"), "order");
    assertTrue(
        steps.indexOf("remove files/gone/e.txt") < steps.indexOf("rename release.json"), "order");
    return steps;
  }

  /** An Error, as nothing in the release catches: the process stops there. */
  private static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String at) {
      super("simulated crash at " + at);
    }
  }

  private interface Failure {
    IOException make();
  }

  private static StagingArea.StepHook failAt(String at, Failure failure) {
    return step -> {
      if (step.equals(at)) {
        throw failure.make();
      }
    };
  }

  private static void assertNoStaging(Path out) throws IOException {
    try (Stream<Path> siblings = Files.list(out.getParent())) {
      assertFalse(
          siblings.anyMatch(p -> p.getFileName().toString().contains("staging")),
          "staging left behind");
    }
  }

  private static Map<String, Object> identity(Path file) throws IOException {
    return Files.readAttributes(file, "unix:ino,ctime,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
  }

  private static String sha256(String content) {
    return Digest.sha256Of(content.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Every file and directory below a directory, files with the SHA-256 of their bytes. */
  private static Map<String, String> tree(Path dir) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        tree.put(
            dir.relativize(p).toString(),
            Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                ? Digest.sha256Of(Files.readAllBytes(p)).toString()
                : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : "other");
      }
    }
    return tree;
  }

  /**
   * Copies each titled layer to its title, carries over every committed file but the index files
   * and {@link #DROPPED}, and writes a listing under a name made of its digest (like repodata) plus
   * {@code INDEX} naming it, reading every file (written or carried) through {@link
   * IndexOutput#location}.
   */
  private static final class CarryingTarget implements EcosystemTarget {
    @Override
    public Set<String> optionKeys() {
      return Set.of();
    }

    @Override
    public String ecosystem() {
      return "files";
    }

    @Override
    public boolean supports(ComponentArtifact artifact) {
      return TYPE.equals(artifact.artifactType());
    }

    private record Layer(ComponentArtifact artifact, Descriptor layer) {}

    @Override
    public TargetSession open(TargetContext context) {
      return new TargetSession() {
        @Override
        public List<PlannedFile> plan(VerifiedArtifact verified, BlobReader blobs)
            throws KonfluxNativeException {
          ComponentArtifact artifact = verified.artifact();
          List<PlannedFile> out = new ArrayList<>();
          for (Descriptor layer : artifact.layers()) {
            out.add(
                new PlannedFile(
                    SafePaths.layerTitle(layer, artifact.describe()),
                    artifact.component(),
                    List.of(FileOrigin.ofLayer(artifact, layer.digest())),
                    OptionalLong.of(layer.size()),
                    null,
                    new Layer(artifact, layer)));
          }
          return out;
        }

        @Override
        public ProducedFile write(PlannedFile file, BlobReader blobs, Path destination)
            throws KonfluxNativeException {
          Layer l = file.handle(Layer.class);
          try (InputStream in = blobs.open(l.layer())) {
            Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
          } catch (IOException e) {
            throw IoFailures.producing(e, file.path());
          }
          return new ProducedFile(
              file.path(), l.layer().digest(), l.layer().size(), file.origins());
        }

        @Override
        public List<ProducedFile> writeIndex(List<ProducedFile> files, IndexOutput out)
            throws KonfluxNativeException {
          List<ProducedFile> result = new ArrayList<>();
          Optional<CommittedOutput> committed = context.committed();
          if (committed.isPresent()) {
            result.addAll(
                committed
                    .get()
                    .carryOverAll(
                        p -> !p.equals("INDEX") && !p.startsWith("index-") && !DROPPED.contains(p),
                        out));
          }
          TreeMap<String, String> all = new TreeMap<>();
          try {
            for (ProducedFile f : files) {
              all.put(f.path(), Digest.sha256Of(Files.readAllBytes(out.location(f.path()))) + "");
            }
            for (ProducedFile f : result) {
              all.put(f.path(), Digest.sha256Of(Files.readAllBytes(out.location(f.path()))) + "");
            }
            StringBuilder listing = new StringBuilder();
            all.forEach((p, d) -> listing.append(p).append(' ').append(d).append('\n'));
            byte[] bytes = listing.toString().getBytes(StandardCharsets.UTF_8);
            Digest digest = Digest.sha256Of(bytes);
            String name = "index-" + digest.hex().substring(0, 12) + ".txt";
            Files.write(out.resolve(name), bytes);
            byte[] pointer = (name + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(out.resolve("INDEX"), pointer);
            // The listing before the file naming it: the publish order.
            result.add(
                new ProducedFile(
                    name,
                    digest,
                    bytes.length,
                    List.of(),
                    List.of(all.keySet().toArray(String[]::new))));
            result.add(
                new ProducedFile(
                    "INDEX", Digest.sha256Of(pointer), pointer.length, List.of(), List.of(name)));
          } catch (IOException e) {
            throw IoFailures.producing(e, "the index");
          }
          return result;
        }
      };
    }
  }
}
