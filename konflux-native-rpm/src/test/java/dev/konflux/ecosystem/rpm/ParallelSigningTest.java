package dev.konflux.ecosystem.rpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.rpm.internal.header.MalformedRpmException;
import dev.konflux.ecosystem.rpm.internal.header.RpmTags;
import dev.konflux.ecosystem.rpm.internal.sign.EditedHeaderPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release signs an artifact's packages on several workers ({@code rpm.threads}): the output is
 * byte for byte the one of signing them one after another, a layer that fails its digest leaves no
 * package in the output, and the failure reported is the first in layer order, whichever worker
 * finds its failure first.
 */
class ParallelSigningTest {
  /** More packages than the workers' window, so layers wait for earlier ones to be taken. */
  private static final int PACKAGES = 14;

  @TempDir Path dir;
  private final List<Path> packages = new ArrayList<>();

  @BeforeEach
  void makePackages() throws Exception {
    // Distinct valid packages: foo-1.0-1.noarch renamed (same length), digests recomputed.
    for (int i = 0; i < PACKAGES; i++) {
      String name = String.format("f%02d", i);
      packages.add(
          EditedHeaderPackages.edit(
              Fixtures.rpm("foo-1.0-1.noarch.rpm"),
              dir.resolve(name + "-1.0-1.noarch.rpm"),
              Map.of(RpmTags.NAME, name)));
    }
  }

  /** The artifact's layers: the packages, with {@code replace} standing in at some positions. */
  private TestArtifacts artifact(Map<Integer, java.util.function.Consumer<TestArtifacts>> replace) {
    return artifact(replace, false);
  }

  private TestArtifacts artifact(
      Map<Integer, java.util.function.Consumer<TestArtifacts>> replace, boolean local) {
    TestArtifacts a = local ? new TestArtifacts().local() : new TestArtifacts();
    for (int i = 0; i < packages.size(); i++) {
      java.util.function.Consumer<TestArtifacts> r = replace.get(i);
      if (r != null) {
        r.accept(a);
      } else {
        a.rpm("noarch/" + packages.get(i).getFileName(), packages.get(i));
      }
    }
    a.rpm("x86_64/hello-2.0-1.x86_64.rpm", Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    a.rpm("i686/hello-2.0-1.i686.rpm", Fixtures.rpm("hello-2.0-1.i686.rpm"));
    return a;
  }

  private Path release(String name, String threads, String key, TestArtifacts a) throws Exception {
    Path staging = Files.createDirectories(dir.resolve(name));
    TestSession session =
        TestSession.open(
            new TestTargetContext(
                staging, RpmTargetTest.key(key), Map.of(RpmTarget.OPTION_THREADS, threads)));
    session.add(a.artifact("c", MediaTypes.ARTIFACT_RPM_BUILD), a);
    session.finish();
    return staging;
  }

  private static Map<String, byte[]> files(Path root) throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  @Test
  void parallelOutputIsTheSequentialOutputByteForByte() throws Exception {
    for (String key : List.of("rpm.org-rsa-2048-test", "rpm.org-ed25519-test")) {
      Map<String, byte[]> one = files(release("one-" + key, "1", key, artifact(Map.of())));
      // Streamed or read from local files (as from an OCI layout directory): the same bytes.
      for (String threads : List.of("1", "2", "4")) {
        for (boolean local : List.of(false, true)) {
          if (threads.equals("1") && !local) {
            continue;
          }
          String run = threads + (local ? " local" : " stream");
          Map<String, byte[]> many =
              files(
                  release(
                      "t" + threads + local + "-" + key, threads, key, artifact(Map.of(), local)));
          assertEquals(one.keySet(), many.keySet(), run);
          for (Map.Entry<String, byte[]> e : one.entrySet()) {
            assertArrayEquals(e.getValue(), many.get(e.getKey()), run + " " + e.getKey());
          }
        }
      }
      assertEquals(
          PACKAGES + 2,
          one.keySet().stream().filter(f -> f.startsWith("x86_64/Packages/")).count());
    }
  }

  @Test
  void aLayerFailingItsDigestLeavesNoPackageAndNoPartialFile() throws Exception {
    for (boolean local : List.of(false, true)) {
      failingDigest(
          "wrong-" + local,
          artifact(
              Map.of(
                  7,
                  t ->
                      t.rpmWithWrongDigest(
                          "noarch/" + packages.get(7).getFileName(), packages.get(7))),
              local));
    }
    // A local layer file changed after it was listed (same size, one payload byte flipped): its
    // package is consistent up to the payload digest, the layer digest says no first.
    TestArtifacts tampered = artifact(Map.of(), true);
    byte[] bytes = Files.readAllBytes(packages.get(7));
    bytes[bytes.length - 10] ^= 1;
    Files.write(packages.get(7), bytes);
    failingDigest("tampered", tampered);
  }

  private void failingDigest(String name, TestArtifacts a) throws Exception {
    Path staging = Files.createDirectories(dir.resolve(name));
    TestTargetContext ctx =
        new TestTargetContext(
            staging,
            RpmTargetTest.key("rpm.org-rsa-2048-test"),
            Map.of(RpmTarget.OPTION_THREADS, "4"));
    TestSession session = TestSession.open(ctx);
    VerificationException e =
        assertThrows(
            VerificationException.class,
            () -> session.add(a.artifact("c", MediaTypes.ARTIFACT_RPM_BUILD), a));
    assertTrue(e.getMessage() != null, "message");
    assertEquals(Set.of(), RpmTargetTest.packages(staging));
    // No signed file of a layer after the failing one is left behind, and no partial file at all.
    if (Files.exists(ctx.workDirectory())) {
      try (Stream<Path> walk = Files.walk(ctx.workDirectory())) {
        for (Path p : walk.filter(Files::isRegularFile).toList()) {
          String f = p.getFileName().toString();
          assertTrue(!f.endsWith(".part"), f);
          if (f.matches("\\d+-.*\\.rpm")) {
            assertTrue(Integer.parseInt(f.substring(0, f.indexOf('-'))) < 7, f);
          }
        }
      }
    }
  }

  @Test
  void theFirstInvalidPackageInLayerOrderIsReported() throws Exception {
    // Layer 3 is malformed (found only once its payload is read); layer 9 has a bad title (found
    // before any byte is read) and layer 11 fails its digest: layer 3 is reported.
    TestArtifacts a =
        artifact(
            Map.of(
                3,
                t ->
                    t.rpm(
                        "x86_64/hello-2.0-1.x86_64.rpm",
                        Fixtures.rpm("hello-2.0-1.x86_64-corrupted.rpm")),
                9,
                t -> t.rpm("../escape.rpm", packages.get(9)),
                11,
                t ->
                    t.rpmWithWrongDigest(
                        "noarch/" + packages.get(11).getFileName(), packages.get(11))));
    for (String threads : List.of("1", "2", "4")) {
      Path staging = Files.createDirectories(dir.resolve("first-" + threads));
      TestSession session =
          TestSession.open(
              new TestTargetContext(
                  staging,
                  RpmTargetTest.key("rpm.org-ed25519-test"),
                  Map.of(RpmTarget.OPTION_THREADS, threads)));
      MalformedRpmException e =
          assertThrows(
              MalformedRpmException.class,
              () -> session.add(a.artifact("c", MediaTypes.ARTIFACT_RPM_BUILD), a),
              threads);
      assertTrue(e.getMessage().contains("x86_64/hello-2.0-1.x86_64.rpm"), e.getMessage());
      assertEquals(Set.of(), RpmTargetTest.packages(staging));
    }
    // Without layer 3, the bad title of layer 9 comes first, though layer 11 is read before it.
    TestArtifacts b =
        artifact(
            Map.of(
                9,
                t -> t.rpm("../escape.rpm", packages.get(9)),
                11,
                t ->
                    t.rpmWithWrongDigest(
                        "noarch/" + packages.get(11).getFileName(), packages.get(11))));
    Path staging = Files.createDirectories(dir.resolve("title"));
    TestSession session =
        TestSession.open(
            new TestTargetContext(
                staging,
                RpmTargetTest.key("rpm.org-ed25519-test"),
                Map.of(RpmTarget.OPTION_THREADS, "4")));
    assertThrows(
        InvalidInputException.class,
        () -> session.add(b.artifact("c", MediaTypes.ARTIFACT_RPM_BUILD), b));
    assertEquals(Set.of(), RpmTargetTest.packages(staging));
  }

  @Test
  void threadsMustBeAPositiveNumber() throws Exception {
    for (String bad : List.of("0", "-1", "many", "1000")) {
      Path staging = Files.createDirectories(dir.resolve("bad-" + bad.hashCode()));
      KonfluxNativeException e =
          assertThrows(
              InvalidInputException.class,
              () ->
                  TestSession.open(
                      new TestTargetContext(
                          staging,
                          RpmTargetTest.key("rpm.org-rsa-2048-test"),
                          Map.of(RpmTarget.OPTION_THREADS, bad))),
              bad);
      assertTrue(e.getMessage().contains(RpmTarget.OPTION_THREADS), e.getMessage());
    }
  }
}
