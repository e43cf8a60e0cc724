package dev.konflux.ecosystem.internal.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.ReleaseRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After an in-place commit, the stamps of untouched files are copied, the others taken again. */
class OutputStampsCopyTest {
  @TempDir Path tmp;

  @Test
  void untouchedFilesKeepTheirPreviousStampsAndTheOthersAreTakenAgain() throws Exception {
    Path out = tmp.resolve("out");
    Files.createDirectories(out.resolve("files"));
    Files.writeString(out.resolve("release.json"), "{}");
    List<ReleaseRecord.FileEntry> files =
        List.of(entry(out, "files/a.txt", "a"), entry(out, "files/b.txt", "b"));
    // Older than the stamps file by far: not racily clean.
    for (String f : List.of("files/a.txt", "files/b.txt")) {
      Files.setLastModifiedTime(out.resolve(f), FileTime.fromMillis(1_000_000_000_000L));
    }
    Thread.sleep(20); // the files' ctime before the stamps file's tick
    Digest previous = Digest.sha256Of("previous".getBytes(StandardCharsets.UTF_8));
    OutputStamps.write(out, previous, files);
    String a = line(out, "files/a.txt");
    String b = line(out, "files/b.txt");

    // Both files change on disk after the stamps were taken (a new mtime, so a new ctime too).
    for (String f : List.of("files/a.txt", "files/b.txt")) {
      Files.setLastModifiedTime(out.resolve(f), FileTime.fromMillis(1_100_000_000_000L));
    }
    Digest next = Digest.sha256Of("next".getBytes(StandardCharsets.UTF_8));
    OutputStamps.write(
        out, next, files, new OutputStamps.Untouched(previous, Set.of("files/a.txt")::contains));
    // a.txt counted as untouched: its previous stamp copied, not taken again (then it would show
    // the new mtime); b.txt taken again.
    assertEquals(a, line(out, "files/a.txt"));
    assertNotEquals(b, line(out, "files/b.txt"));
    assertEquals(
        OutputStamps.of(out.resolve("files/b.txt")).line(), stamp(line(out, "files/b.txt")));

    // Stamps written for another release.json are never copied.
    OutputStamps.write(
        out,
        previous,
        files,
        new OutputStamps.Untouched(
            Digest.sha256Of("other".getBytes(StandardCharsets.UTF_8)), p -> true));
    assertEquals(
        OutputStamps.of(out.resolve("files/a.txt")).line(), stamp(line(out, "files/a.txt")));
  }

  private static ReleaseRecord.FileEntry entry(Path out, String path, String content)
      throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Files.write(out.resolve(path), bytes);
    return new ReleaseRecord.FileEntry(
        path, "files", Digest.sha256Of(bytes), bytes.length, List.of(), List.of("x"));
  }

  /** The stamps file's line of a file. */
  private static String line(Path out, String path) throws Exception {
    return Files.readAllLines(OutputStamps.file(out)).stream()
        .filter(l -> l.startsWith("f ") && l.endsWith(" " + path))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " has no stamp"));
  }

  /** The stamp of a line: what follows the type, before the path. */
  private static String stamp(String line) {
    String s = line.substring(2);
    return s.substring(0, s.lastIndexOf(' '));
  }
}
