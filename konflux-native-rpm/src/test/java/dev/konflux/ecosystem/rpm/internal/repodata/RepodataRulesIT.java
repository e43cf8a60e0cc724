package dev.konflux.ecosystem.rpm.internal.repodata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * createrepo_c's rules on a package built for them ({@code tricky.spec}): requirements on rpmlib,
 * on own primary files and on own provides dropped, duplicates dropped, only the highest libc.so.6,
 * {@code pre} from script and transaction flags, weak dependencies, a ghost, a directory,
 * XML-special characters, epochs and {@code ~}/{@code ^} versions, changelogs over the limit and
 * with equal dates, a trailing-space author; plus the source package. rpmbuild makes the packages;
 * our XML must equal createrepo_c's.
 */
class RepodataRulesIT {
  private static final Instant TIME = Instant.ofEpochSecond(1_760_000_000L);

  @TempDir Path tmp;

  @Test
  void trickyPackageGivesTheSameXmlAsCreaterepoC() throws Exception {
    Path spec = tmp.resolve("tricky.spec");
    try (InputStream in = getClass().getResourceAsStream("/repodata/tricky.spec")) {
      Files.copy(in, spec);
    }
    ExternalCommand.run(
            tmp,
            Map.of(),
            "rpmbuild",
            "--define",
            "_topdir " + tmp.resolve("top"),
            "-ba",
            spec.toString())
        .requireSuccess("rpmbuild");
    Path ours = tmp.resolve("ours");
    Path theirs = tmp.resolve("theirs");
    Files.createDirectories(ours);
    Files.createDirectories(theirs);
    try (Stream<Path> built = Files.walk(tmp.resolve("top"))) {
      for (Path rpm : built.filter(p -> p.toString().endsWith(".rpm")).toList()) {
        for (Path repo : List.of(ours, theirs)) {
          Path target = repo.resolve(rpm.getFileName().toString());
          Files.copy(rpm, target);
          Files.setLastModifiedTime(target, FileTime.from(TIME));
        }
      }
    }
    List<PackageEntry> entries = RepoFixtures.entries(ours);
    assertEquals(2, entries.size());
    assertTrue(entries.stream().anyMatch(e -> e.arch().equals("src")));

    RepodataWriter.builder().build().write(ours, entries, List.of(), TIME);
    ExternalCommand.run(
            tmp,
            Map.of(),
            "createrepo_c",
            "--quiet",
            "--no-database",
            "--revision",
            Long.toString(TIME.getEpochSecond()),
            "--set-timestamp-to-revision",
            theirs.toString())
        .requireSuccess("createrepo_c");
    String ourPrimary = RepoFixtures.openText(ours, "primary");
    // createrepo_c >= 1.1.1 marks %pretrans/%posttrans requirements pre="1" as we do; the 0.17
    // of Debian 12 does not. Only these two entries may differ.
    for (String dep : TRANSACTION_REQUIRES) {
      assertTrue(ourPrimary.contains(dep.replace("/>", " pre=\"1\"/>")), dep);
    }
    assertEquals(
        withoutTransactionPre(RepoFixtures.openText(theirs, "primary")),
        withoutTransactionPre(ourPrimary),
        "primary");
    for (String type : List.of("filelists", "other")) {
      assertEquals(RepoFixtures.openText(theirs, type), RepoFixtures.openText(ours, type), type);
    }
  }

  private static final List<String> TRANSACTION_REQUIRES =
      List.of(
          "<rpm:entry name=\"post-tool\"/>",
          "<rpm:entry name=\"pre-tool\" flags=\"GE\" epoch=\"1\" ver=\"2.0\" rel=\"3\"/>");

  private static String withoutTransactionPre(String primary) {
    String out = primary;
    for (String dep : TRANSACTION_REQUIRES) {
      out = out.replace(dep.replace("/>", " pre=\"1\"/>"), dep);
    }
    return out;
  }
}
