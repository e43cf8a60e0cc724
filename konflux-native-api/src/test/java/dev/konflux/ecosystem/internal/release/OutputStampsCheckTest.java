package dev.konflux.ecosystem.internal.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.ReleaseRecord;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The no-op check from the stamps alone: what it trusts, what it refuses, and stopping it. */
class OutputStampsCheckTest {
  private static final FileTime OLD = FileTime.fromMillis(1_000_000_000_000L);
  private static final Digest JSON = Digest.sha256Of("release".getBytes(StandardCharsets.UTF_8));

  @TempDir Path tmp;

  @Test
  void anUntouchedOutputIsToldUnchangedAndAnEditWithItsTimePutBackIsSeen() throws Exception {
    Path out = output(2);
    assertEquals(JSON, OutputStamps.unchanged(out));
    OutputStamps.Ahead ahead = OutputStamps.Ahead.start(out);
    assertNotNull(ahead);
    assertEquals(JSON, ahead.result(), "the check started ahead tells the same");

    // Same size, same mtime, same inode: only the change time tells the edit.
    try (RandomAccessFile f = new RandomAccessFile(out.resolve("files/f1.txt").toFile(), "rw")) {
      f.write('X');
    }
    Files.setLastModifiedTime(out.resolve("files/f1.txt"), OLD);
    assertNull(OutputStamps.unchanged(out));
    assertNull(OutputStamps.Ahead.start(out).result());
  }

  @Test
  void aStampLineNamingAFileOutsideTheOutputIsNeverTrusted() throws Exception {
    Path out = output(1);
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "outside");
    Files.setLastModifiedTime(outside, OLD);
    Thread.sleep(20); // its change time before the stamps file's tick
    // The line of files/f0.txt rewritten to name ../outside.txt with that file's exact stamp: it
    // would match if the path were not checked.
    Path stamps = OutputStamps.file(out);
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(stamps, StandardCharsets.UTF_8)) {
      lines.add(
          line.endsWith(" files/f0.txt")
              ? "f " + OutputStamps.of(outside).line() + " files/../../outside.txt"
              : line);
    }
    Files.write(stamps, lines, StandardCharsets.UTF_8);
    assertNull(OutputStamps.unchanged(out));

    lines.replaceAll(
        l -> l.endsWith(" files/../../outside.txt") ? l.replace(" files/../..", " ..") : l);
    Files.write(stamps, lines, StandardCharsets.UTF_8);
    assertNull(OutputStamps.unchanged(out));
  }

  @Test
  void aStoppedCheckGivesUpAtItsNextLook() throws Exception {
    Path out = output(1100); // more files than are checked between two looks
    assertEquals(JSON, OutputStamps.unchanged(out, () -> false));
    assertNull(OutputStamps.unchanged(out, () -> true));
    assertNull(OutputStamps.Ahead.start(tmp.resolve("no-stamps")), "nothing to check ahead");
  }

  @Property
  void aPathThatStaysInsideResolvesUnderTheRootAsItIs(@ForAll("paths") String path) {
    Path root = Path.of("/r/out");
    if (OutputStamps.staysInside(path)) {
      Path p = root.resolve(path);
      assertEquals(p, p.normalize(), path);
      assertTrue(p.startsWith(root) && !p.equals(root), path);
    } else {
      // Refused: empty, absolute, or a segment that is empty, "." or "..".
      List<String> segments = List.of(path.split("/", -1));
      assertTrue(
          path.isEmpty()
              || path.startsWith("/")
              || segments.stream().anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals("..")),
          path);
    }
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of("a", "b.rpm", ".", "..", "", "...", ".a", "a.", "/")
        .list()
        .ofMaxSize(6)
        .map(parts -> parts.stream().collect(Collectors.joining("")));
  }

  /** An output of n small files with old times, and its stamps written (as after a commit). */
  private Path output(int n) throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.createDirectories(out.resolve("files"));
    Files.writeString(out.resolve(StagingArea.RELEASE_JSON), "{}");
    Files.setLastModifiedTime(out.resolve(StagingArea.RELEASE_JSON), OLD);
    List<ReleaseRecord.FileEntry> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String path = "files/f" + i + ".txt";
      byte[] bytes = ("file " + i).getBytes(StandardCharsets.UTF_8);
      Files.write(out.resolve(path), bytes);
      Files.setLastModifiedTime(out.resolve(path), OLD);
      files.add(
          new ReleaseRecord.FileEntry(
              path, "files", Digest.sha256Of(bytes), bytes.length, List.of(), List.of("x")));
    }
    Thread.sleep(20); // the files' change times before the stamps file's tick
    OutputStamps.write(out, JSON, files);
    return out;
  }
}
