package dev.konflux.ecosystem.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.maven.TestArchives.Entry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of bad input fails the release with {@link InvalidInputException} (CLI exit 4), names
 * what is wrong, leaks nothing, and leaves the committed output exactly as it was.
 */
class BadInputTest {
  private static final String DIR = "org/example/demo/1.0/";
  private static final String SECRET = "konflux-secret-content-0123456789";

  @org.junit.jupiter.api.io.TempDir Path tmp;
  private Path out;
  private MavenReleases releases;
  private Map<String, byte[]> before;

  @BeforeEach
  void committedRelease() throws Exception {
    releases = new MavenReleases(tmp.resolve("layout"));
    out = tmp.resolve("out");
    MavenReleases.release(
        out, releases.tar(TestArchives.tar(MavenTargetTest.demoTree(tmp, "demo", "0.9"))));
    before = MavenTargetTest.snapshotOf(out);
    assertFalse(before.isEmpty());
  }

  static Stream<Arguments> badTrees() {
    return Stream.of(
        Arguments.of(
            "dot-dot",
            "not a plain relative path",
            (Function<List<Entry>, List<Entry>>)
                t -> plus(t, Entry.file(DIR + "../../../../evil.jar", new byte[1]))),
        Arguments.of(
            "absolute",
            "absolute entry",
            (Function<List<Entry>, List<Entry>>)
                t -> plus(t, Entry.file("/etc/evil.jar", new byte[1]))),
        Arguments.of(
            "symlink",
            "link entry",
            (Function<List<Entry>, List<Entry>>)
                t -> plus(t, Entry.symlink(DIR + "demo-1.0-x.jar", "/etc/passwd"))),
        Arguments.of(
            "hardlink",
            "link entry",
            (Function<List<Entry>, List<Entry>>)
                t -> plus(t, Entry.hardlink(DIR + "demo-1.0-x.jar", DIR + "demo-1.0.jar"))),
        Arguments.of(
            "device",
            "device",
            (Function<List<Entry>, List<Entry>>)
                t -> plus(t, Entry.device(DIR + "demo-1.0-x.jar"))),
        Arguments.of(
            "duplicate",
            "more than once",
            (Function<List<Entry>, List<Entry>>)
                t -> plus(t, Entry.file(DIR + "demo-1.0.jar", new byte[3]))),
        Arguments.of(
            "duplicate-after-dot-slash",
            "more than once",
            (Function<List<Entry>, List<Entry>>)
                t -> plus(t, Entry.file("./" + DIR + "demo-1.0.jar", new byte[3]))),
        Arguments.of(
            "checksum-lie",
            "demo-1.0.jar.sha1",
            (Function<List<Entry>, List<Entry>>)
                t ->
                    replace(
                        t,
                        DIR + "demo-1.0.jar.sha1",
                        "0000000000000000000000000000000000000000"
                            .getBytes(StandardCharsets.US_ASCII))),
        Arguments.of(
            "checksum-not-hex",
            "does not hold a MD5",
            (Function<List<Entry>, List<Entry>>)
                t ->
                    replace(
                        t, DIR + "demo-1.0.jar.md5", SECRET.getBytes(StandardCharsets.US_ASCII))),
        Arguments.of(
            "external-entity-pom",
            "DOCTYPE",
            (Function<List<Entry>, List<Entry>>)
                t -> replace(t, DIR + "demo-1.0.pom", externalEntityPom())),
        Arguments.of(
            "billion-laughs-pom",
            "DOCTYPE",
            (Function<List<Entry>, List<Entry>>)
                t -> replace(t, DIR + "demo-1.0.pom", billionLaughsPom())),
        Arguments.of(
            "pom-in-wrong-place",
            "is not in the directory",
            (Function<List<Entry>, List<Entry>>)
                t -> renamed(t, "org/example/demo/", "org/other/demo/")),
        Arguments.of(
            "file-of-other-artifact",
            "disagrees with its POM",
            (Function<List<Entry>, List<Entry>>)
                t -> plus(t, Entry.file(DIR + "other-1.0.jar", new byte[1]))),
        Arguments.of(
            "file-outside-version-directory",
            "not in the version directory",
            (Function<List<Entry>, List<Entry>>)
                t -> plus(t, Entry.file("org/example/README.txt", new byte[1]))),
        Arguments.of(
            "checksum-without-file",
            "has no file",
            (Function<List<Entry>, List<Entry>>)
                t -> plus(t, Entry.file(DIR + "demo-1.0-x.jar.sha1", new byte[40]))),
        Arguments.of(
            "no-pom",
            "holds no POM",
            (Function<List<Entry>, List<Entry>>)
                t -> List.of(Entry.file(DIR + "demo-1.0.jar", new byte[1]))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTrees")
  void badTarIsInvalidInputAndOutputIsUntouched(
      String name, String reason, Function<List<Entry>, List<Entry>> change) throws Exception {
    List<Entry> tree = change.apply(MavenTargetTest.demoTree(tmp, "demo", "1.0"));
    String ref = releases.tar(TestArchives.tar(tree));
    assertRejected(ref, reason);
  }

  @ParameterizedTest(name = "zip {0}")
  @MethodSource("badTrees")
  void badZipIsInvalidInputAndOutputIsUntouched(
      String name, String reason, Function<List<Entry>, List<Entry>> change) throws Exception {
    if (name.equals("hardlink") || name.equals("device")) {
      return; // zips have no hard links or devices
    }
    List<Entry> tree = change.apply(MavenTargetTest.demoTree(tmp, "demo", "1.0"));
    String ref = releases.zip(TestArchives.zip(tree), "demo.zip");
    assertRejected(ref, name.equals("symlink") ? "symbolic link" : reason);
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"zip", "gzip"})
  void compressionBombIsRefused(String kind) throws Exception {
    List<Entry> tree = new ArrayList<>(MavenTargetTest.demoTree(tmp, "demo", "1.0"));
    tree.add(Entry.file(DIR + "demo-1.0-bomb.bin", new byte[64 << 20]));
    String ref =
        kind.equals("zip")
            ? releases.zip(TestArchives.zip(tree), "demo.zip")
            : releases.tarGzip(TestArchives.gzip(TestArchives.tar(tree)));
    assertRejected(ref, "compression bomb");
  }

  @org.junit.jupiter.api.Test
  void entryCountAndSizeLimitsApply() throws Exception {
    String ref = releases.tar(TestArchives.tar(MavenTargetTest.demoTree(tmp, "demo", "1.0")));
    InvalidInputException many =
        assertThrows(
            InvalidInputException.class,
            () ->
                MavenReleases.release(
                    out, List.of(ref), Map.of(MavenTarget.OPTION_MAX_ENTRIES, "3")));
    assertTrue(many.getMessage().contains("more than 3 entries"), many.getMessage());
    InvalidInputException big =
        assertThrows(
            InvalidInputException.class,
            () ->
                MavenReleases.release(
                    out, List.of(ref), Map.of(MavenTarget.OPTION_MAX_ENTRY_SIZE, "100")));
    assertTrue(big.getMessage().contains("more than the limit of 100"), big.getMessage());
    assertUntouched();
  }

  /**
   * A layer whose bytes changed after it was stored (same size, one byte flipped in a file's
   * content) fails as a verification failure once the layer's end is read, although every file
   * before and after the flip was already hashed and written by the pipeline: nothing is committed.
   */
  @ParameterizedTest(name = "flipped byte at {0}/8 of the layer")
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 4, 7})
  void aCorruptedLayerIsAVerificationFailureAndOutputIsUntouched(int eighth) throws Exception {
    // The big file first: the flipped byte is in its content, not in a tar header.
    List<Entry> tree = new ArrayList<>();
    byte[] big = new byte[3 << 20];
    new java.util.Random(3).nextBytes(big);
    tree.add(Entry.file(DIR + "demo-1.0-big.bin", big));
    tree.addAll(MavenTargetTest.demoTree(tmp, "demo", "1.0"));
    byte[] layer = TestArchives.tar(tree);
    String ref = releases.tar(layer);
    Path blob =
        tmp.resolve("layout/blobs/sha256")
            .resolve(
                java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(layer)));
    byte[] corrupted = layer.clone();
    corrupted[layer.length / 8 * eighth] ^= 0x5a;
    Files.write(blob, corrupted);
    dev.konflux.ecosystem.api.VerificationException e =
        assertThrows(
            dev.konflux.ecosystem.api.VerificationException.class,
            () -> MavenReleases.release(out, ref));
    assertTrue(messages(e).contains("not the expected one"), messages(e));
    assertUntouched();
  }

  /**
   * A layer with bytes after the tar's last block (what {@code tar -b 128} writes): they are read
   * and hashed too, so a flipped byte in a file's content is still a verification failure, although
   * the tar reader stops before the layer's end; the intact layer is published.
   */
  @org.junit.jupiter.api.Test
  void bytesAfterTheArchivesEndAreVerifiedToo() throws Exception {
    List<Entry> tree = new ArrayList<>();
    byte[] big = new byte[1 << 20];
    new java.util.Random(4).nextBytes(big);
    tree.add(Entry.file(DIR + "demo-1.0-big.bin", big));
    tree.addAll(MavenTargetTest.demoTree(tmp, "demo", "1.0"));
    byte[] tar = TestArchives.tar(tree);
    byte[] layer = java.util.Arrays.copyOf(tar, tar.length + (64 << 10));
    String ref = releases.tar(layer);
    Path blob =
        tmp.resolve("layout/blobs/sha256")
            .resolve(
                java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(layer)));
    byte[] corrupted = layer.clone();
    corrupted[tar.length / 4] ^= 0x5a;
    Files.write(blob, corrupted);
    dev.konflux.ecosystem.api.VerificationException e =
        assertThrows(
            dev.konflux.ecosystem.api.VerificationException.class,
            () -> MavenReleases.release(out, ref));
    assertTrue(messages(e).contains("not the expected one"), messages(e));
    assertUntouched();
    Files.write(blob, layer);
    MavenReleases.release(out, ref);
    assertTrue(Files.exists(out.resolve("maven/" + DIR + "demo-1.0-big.bin.sha512")));
  }

  /** With several invalid POMs, the first in the layer's order is the one reported. */
  @org.junit.jupiter.api.Test
  void theFirstInvalidFileInLayerOrderIsReported() throws Exception {
    List<Entry> tree = new ArrayList<>();
    byte[] big = new byte[2 << 20];
    tree.add(Entry.file("org/example/zeta/1.0/zeta-1.0.jar", big));
    tree.add(Entry.file("org/example/zeta/1.0/zeta-1.0.pom", billionLaughsPom()));
    tree.add(Entry.file("org/example/alpha/1.0/alpha-1.0.jar", big));
    tree.add(Entry.file("org/example/alpha/1.0/alpha-1.0.pom", externalEntityPom()));
    tree.addAll(MavenTargetTest.demoTree(tmp, "demo", "1.0"));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> MavenReleases.release(out, releases.tar(TestArchives.tar(tree))));
    String message = messages(e);
    assertTrue(message.contains("zeta-1.0.pom"), message);
    assertFalse(message.contains("alpha-1.0.pom"), message);
    assertUntouched();
  }

  private void assertRejected(String ref, String reason) throws Exception {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> MavenReleases.release(out, ref));
    String message = messages(e);
    assertTrue(message.contains(reason), message);
    assertTrue(message.contains("sha256:"), "names the layer digest: " + message);
    assertTrue(e.digest().isPresent(), "carries the layer digest as data");
    assertTrue(e.component().isPresent(), "carries the component as data");
    assertFalse(message.contains(SECRET), message);
    assertFalse(message.contains("root:"), message);
    assertUntouched();
  }

  private void assertUntouched() throws Exception {
    Map<String, byte[]> after = MavenTargetTest.snapshotOf(out);
    assertEquals(before.keySet(), after.keySet());
    for (String k : before.keySet()) {
      assertArrayEquals(before.get(k), after.get(k), k);
    }
    try (Stream<Path> s = Files.list(tmp)) {
      assertTrue(
          s.noneMatch(p -> p.getFileName().toString().startsWith(".out.staging")),
          "no staging left beside the output");
    }
  }

  private static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }

  private static List<Entry> plus(List<Entry> tree, Entry extra) {
    List<Entry> l = new ArrayList<>(tree);
    l.add(extra);
    return l;
  }

  private static List<Entry> replace(List<Entry> tree, String name, byte[] content) {
    List<Entry> l = new ArrayList<>();
    boolean found = false;
    for (Entry e : tree) {
      if (e.name().equals(name)) {
        l.add(Entry.file(name, content));
        found = true;
      } else if (!(content.length > 0
          && e.name().startsWith(name + ".")
          && !name.endsWith(".sha1")
          && !name.endsWith(".md5"))) {
        l.add(e);
      }
    }
    assertTrue(found, name);
    return l;
  }

  private static List<Entry> renamed(List<Entry> tree, String from, String to) {
    return tree.stream().map(e -> Entry.file(e.name().replace(from, to), e.content())).toList();
  }

  static byte[] externalEntityPom() {
    return ("""
        <?xml version="1.0"?>
        <!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <project><modelVersion>4.0.0</modelVersion><groupId>org.example</groupId>
        <artifactId>demo</artifactId><version>1.0</version><name>&xxe;</name></project>
        """)
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] billionLaughsPom() {
    StringBuilder sb =
        new StringBuilder(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE project [\n<!ENTITY lol0 \"" + SECRET + "\">\n");
    for (int i = 1; i < 10; i++) {
      sb.append("<!ENTITY lol")
          .append(i)
          .append(" \"")
          .append(("&lol" + (i - 1) + ";").repeat(10))
          .append("\">\n");
    }
    sb.append(
        "]>\n<project><modelVersion>4.0.0</modelVersion><groupId>org.example</groupId>"
            + "<artifactId>demo</artifactId><version>1.0</version><name>&lol9;</name></project>\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
