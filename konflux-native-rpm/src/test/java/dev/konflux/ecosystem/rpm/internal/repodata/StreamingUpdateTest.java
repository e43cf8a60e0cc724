package dev.konflux.ecosystem.rpm.internal.repodata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.rpm.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An update streams the committed metadata (records copied through, never parsed into entries) and
 * ends with exactly the bytes that writing every package anew gives; committed metadata that is
 * inconsistent is refused and leaves the repository's metadata as it was.
 */
class StreamingUpdateTest {
  private static final Instant TIME = Instant.ofEpochSecond(1_750_000_000L);
  private static final Instant LATER = TIME.plusSeconds(3600);

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(MetadataCompression.class)
  void anUpdateWritesTheSameBytesAsWritingEverything(MetadataCompression compression)
      throws Exception {
    RepodataWriter writer = RepodataWriter.builder().compression(compression).build();
    Path updated = tmp.resolve("updated");
    RepoFixtures.copyPackages(
        updated, List.of("hello-2.0-1.i686.rpm", "hello-2.0-1.x86_64-signed.rpm"), TIME);
    writer.write(updated, RepoFixtures.entries(updated), List.of(), TIME);
    Path addedDir = tmp.resolve("added");
    // sorts between the committed ones: the new record is merged in by location
    RepoFixtures.copyPackages(addedDir, List.of("hello-2.0-1.x86_64.rpm"), TIME);
    List<PackageEntry> added = RepoFixtures.entries(addedDir);
    RepoFixtures.copyPackages(updated, List.of("hello-2.0-1.x86_64.rpm"), TIME);
    RepoFixtures.copyPackages(updated, List.of("foo-1.0-1.noarch.rpm"), TIME);
    RepodataResult result =
        writer.update(
            updated, List.of(added.get(0), RepoFixtures.entries(updated).get(0)), List.of(), LATER);

    Path whole = tmp.resolve("whole");
    RepoFixtures.copyPackages(whole, RepoFixtures.PACKAGES, TIME);
    writer.write(whole, RepoFixtures.entries(whole), List.of(), LATER);
    assertSameMetadata(whole, updated);
    assertEquals(4, result.files().get(0).derivedFrom().size());
  }

  @Test
  void replacedChangedAndRemovedPackagesAreHandledLikeAFullWrite() throws Exception {
    RepodataWriter writer = RepodataWriter.builder().build();
    Path repo = tmp.resolve("repo");
    RepoFixtures.copyPackages(
        repo,
        List.of("foo-1.0-1.noarch.rpm", "hello-2.0-1.i686.rpm", "hello-2.0-1.x86_64.rpm"),
        TIME);
    writer.write(repo, RepoFixtures.entries(repo), List.of(), TIME);
    Files.delete(repo.resolve("foo-1.0-1.noarch.rpm"));
    // changed: the same bytes with a new time are read again
    Files.setLastModifiedTime(repo.resolve("hello-2.0-1.i686.rpm"), FileTime.from(LATER));
    // replaced: a release writes a different package at a committed location
    Files.copy(
        Fixtures.rpm("hello-2.0-1.x86_64-signed.rpm"),
        repo.resolve("hello-2.0-1.x86_64.rpm"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(repo.resolve("hello-2.0-1.x86_64.rpm"), FileTime.from(TIME));
    PackageEntry replaced =
        RepoFixtures.entries(repo).stream()
            .filter(e -> e.locationHref().equals("hello-2.0-1.x86_64.rpm"))
            .findFirst()
            .orElseThrow();
    writer.update(repo, List.of(replaced), List.of(), LATER);

    Path whole = tmp.resolve("whole");
    Files.createDirectories(whole);
    try (var files = Files.list(repo)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".rpm")).toList()) {
        Files.copy(f, whole.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    writer.write(whole, RepoFixtures.entries(whole), List.of(), LATER);
    assertSameMetadata(whole, repo);
    assertFalse(RepoFixtures.openText(repo, "primary").contains("foo"));
  }

  @Test
  void filelistsInAnotherOrderThanPrimaryIsRefusedAndLeavesTheMetadata() throws Exception {
    Path repo = tmp.resolve("repo");
    RepoFixtures.copyPackages(repo, List.of("foo-1.0-1.noarch.rpm", "hello-2.0-1.i686.rpm"), TIME);
    RepodataWriter.builder().build().write(repo, RepoFixtures.entries(repo), List.of(), TIME);
    String filelists = RepoFixtures.openText(repo, "filelists");
    int first = filelists.indexOf("<package ");
    int second = filelists.indexOf("<package ", first + 1);
    int end = filelists.indexOf("</filelists>");
    String swapped =
        filelists.substring(0, first)
            + filelists.substring(second, end)
            + filelists.substring(first, second)
            + filelists.substring(end);
    rewrite(repo, "filelists", swapped);
    byte[] repomd = Files.readAllBytes(repo.resolve("repodata/repomd.xml"));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> RepodataWriter.builder().build().update(repo, List.of(), List.of(), LATER));
    assertTrue(e.getMessage().contains("filelists metadata"), e.getMessage());
    assertTrue(e.getMessage().contains("primary's order"), e.getMessage());
    assertArrayEquals(repomd, Files.readAllBytes(repo.resolve("repodata/repomd.xml")));
  }

  @Test
  void aCommittedFileThatDoesNotMatchRepomdIsRefusedAndLeavesTheMetadata() throws Exception {
    Path repo = tmp.resolve("repo");
    RepoFixtures.copyPackages(repo, List.of("foo-1.0-1.noarch.rpm", "hello-2.0-1.i686.rpm"), TIME);
    RepodataWriter.builder().build().write(repo, RepoFixtures.entries(repo), List.of(), TIME);
    Path other = repo.resolve(RepoFixtures.location(repo, "other"));
    String text = RepoFixtures.openText(repo, "other");
    try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(other))) {
      gz.write(text.replace("</otherdata>", "<!-- x --></otherdata>").getBytes(UTF8));
    }
    byte[] repomd = Files.readAllBytes(repo.resolve("repodata/repomd.xml"));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> RepodataWriter.builder().build().update(repo, List.of(), List.of(), LATER));
    assertTrue(e.getMessage().contains("repomd.xml"), e.getMessage());
    assertArrayEquals(repomd, Files.readAllBytes(repo.resolve("repodata/repomd.xml")));
    assertTrue(Files.exists(other));
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static void assertSameMetadata(Path expected, Path actual) throws Exception {
    for (String type : List.of("primary", "filelists", "other")) {
      assertEquals(
          RepoFixtures.openText(expected, type), RepoFixtures.openText(actual, type), type);
      assertEquals(RepoFixtures.location(expected, type), RepoFixtures.location(actual, type));
    }
    assertArrayEquals(
        Files.readAllBytes(expected.resolve("repodata/repomd.xml")),
        Files.readAllBytes(actual.resolve("repodata/repomd.xml")));
    try (var left = Files.list(actual)) {
      assertEquals(
          List.of(),
          left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
          "no scratch or staging files are left");
    }
  }

  /** Replaces one metadata file with new content and records it consistently in repomd.xml. */
  static void rewrite(Path repo, String type, String xml) throws Exception {
    Path repomd = repo.resolve("repodata/repomd.xml");
    String href = RepoFixtures.location(repo, type);
    byte[] open = xml.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(open);
    }
    byte[] stored = out.toByteArray();
    Files.write(repo.resolve(href), stored);
    String text = Files.readString(repomd);
    int data = text.indexOf("<data type=\"" + type + "\">");
    int end = text.indexOf("</data>", data);
    String record =
        text.substring(data, end)
            .replaceFirst(
                "<checksum type=\"sha256\">[0-9a-f]+<",
                "<checksum type=\"sha256\">" + RepodataWriter.sha256(stored).hex() + "<")
            .replaceFirst("<size>[0-9]+<", "<size>" + stored.length + "<");
    Files.writeString(repomd, text.substring(0, data) + record + text.substring(end));
  }
}
