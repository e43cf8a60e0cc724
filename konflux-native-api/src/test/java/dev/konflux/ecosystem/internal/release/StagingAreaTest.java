package dev.konflux.ecosystem.internal.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.OutputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingAreaTest {
  @TempDir Path tmp;

  @Test
  void aCrashBetweenTheRenamesIsRepairedByTheNextRelease() throws Exception {
    Path out = tmp.resolve("out");
    Files.createDirectories(out.resolve("files"));
    Files.writeString(out.resolve("files/x.txt"), "old");
    // What a process killed between "output/files -> aside" and "staged files -> output" leaves.
    Path dead = tmp.resolve(".out.staging-0b3c2d54-dead-4bad-8bad-000000000000");
    Files.createDirectories(dead.resolve(".previous"));
    Files.move(out.resolve("files"), dead.resolve(".previous/files"));
    Files.createDirectories(dead.resolve("files"));
    Files.writeString(dead.resolve("files/x.txt"), "new, never committed");

    try (StagingArea staging = StagingArea.create(out)) {
      // Targets that build on the current output (e.g. a yum repository) must see it again.
      assertEquals("old", Files.readString(out.resolve("files/x.txt")));
      assertFalse(Files.exists(dead), "stale staging directory left behind");
    }
  }

  @Test
  void aStaleStagingDirectoryDoesNotOverwriteWhatTheOutputHolds() throws Exception {
    Path out = tmp.resolve("out");
    Files.createDirectories(out.resolve("files"));
    Files.writeString(out.resolve("files/x.txt"), "committed");
    Path dead = tmp.resolve(".out.staging-0b3c2d54-dead-4bad-8bad-000000000001");
    Files.createDirectories(dead.resolve(".previous/files"));
    Files.writeString(dead.resolve(".previous/files/x.txt"), "older");
    try (StagingArea staging = StagingArea.create(out)) {
      assertEquals("committed", Files.readString(out.resolve("files/x.txt")));
      assertFalse(Files.exists(dead));
    }
  }

  @Test
  void twoReleasesIntoOneOutputAtOnceAreRefused() throws Exception {
    Path out = tmp.resolve("out");
    try (StagingArea first = StagingArea.create(out)) {
      OutputException e =
          assertThrows(OutputException.class, () -> StagingArea.create(out).close());
      assertTrue(e.getMessage().contains("another release"), e.getMessage());
      // The running release's staging directory is untouched.
      assertTrue(Files.isDirectory(first.root()));
      first.commit(List.of(), "{}".getBytes(StandardCharsets.UTF_8));
    }
    try (StagingArea again = StagingArea.create(out)) {
      assertTrue(Files.isDirectory(again.root()));
    }
  }
}
