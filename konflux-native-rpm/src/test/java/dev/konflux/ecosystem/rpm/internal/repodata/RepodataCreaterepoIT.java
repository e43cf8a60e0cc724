package dev.konflux.ecosystem.rpm.internal.repodata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our metadata against createrepo_c's on the same package files: the uncompressed XML is the same
 * byte for byte, and dnf reports the same packages, versions, dependencies, files and changelogs
 * from both.
 */
class RepodataCreaterepoIT {
  private static final Instant TIME = Instant.ofEpochSecond(1_760_000_000L);

  @TempDir Path tmp;

  @AfterEach
  void stopAgents() throws Exception {
    ExternalCommand.stopProcessesUnder(tmp);
  }

  @Test
  void xmlIsTheSameAsCreaterepoC() throws Exception {
    Path ours = tmp.resolve("ours");
    Path theirs = tmp.resolve("theirs");
    RepoFixtures.copyPackages(ours, RepoFixtures.PACKAGES, TIME);
    RepoFixtures.copyPackages(theirs, RepoFixtures.PACKAGES, TIME);

    RepodataWriter.builder().build().write(ours, RepoFixtures.entries(ours), List.of(), TIME);
    createrepo(theirs);

    for (String type : List.of("primary", "filelists", "other")) {
      assertEquals(RepoFixtures.openText(theirs, type), RepoFixtures.openText(ours, type), type);
    }
  }

  /**
   * Adding packages to an existing repository reuses the metadata of the packages already there
   * (they are not read again) and ends with the same XML as createrepo_c on all the files.
   */
  @Test
  void updateReusesUnchangedEntriesAndMatchesCreaterepoC() throws Exception {
    Path ours = tmp.resolve("ours");
    Path theirs = tmp.resolve("theirs");
    List<String> first = List.of("foo-1.0-1.noarch.rpm", "hello-2.0-1.i686.rpm");
    List<String> added = List.of("hello-2.0-1.x86_64-signed.rpm");
    RepoFixtures.copyPackages(ours, first, TIME);
    RepodataWriter writer = RepodataWriter.builder().build();
    writer.write(ours, RepoFixtures.entries(ours), List.of(), TIME);

    Path addedDir = tmp.resolve("added");
    RepoFixtures.copyPackages(addedDir, added, TIME);
    List<PackageEntry> addedEntries = RepoFixtures.entries(addedDir);
    RepoFixtures.copyPackages(ours, added, TIME);
    ExistingRepodata previous = new ExistingRepodataReader().read(ours);
    RepositoryUpdate.Plan plan = RepositoryUpdate.plan(previous, ours, addedEntries, false);
    assertEquals(first, plan.reused());
    assertEquals(List.of(), plan.toRead());
    assertEquals(List.of(), plan.dropped());
    writer.write(ours, plan.entries(), List.of(), TIME);

    RepoFixtures.copyPackages(theirs, first, TIME);
    RepoFixtures.copyPackages(theirs, added, TIME);
    createrepo(theirs);
    for (String type : List.of("primary", "filelists", "other")) {
      assertEquals(RepoFixtures.openText(theirs, type), RepoFixtures.openText(ours, type), type);
    }
  }

  /**
   * The streaming update (records copied through) on metadata createrepo_c wrote ends with the same
   * XML as createrepo_c over all the files.
   */
  @Test
  void aStreamingUpdateOfCreaterepoCsMetadataMatchesCreaterepoC() throws Exception {
    Path updated = tmp.resolve("updated");
    Path theirs = tmp.resolve("theirs");
    List<String> first = List.of("foo-1.0-1.noarch.rpm", "hello-2.0-1.x86_64-signed.rpm");
    List<String> added = List.of("hello-2.0-1.i686.rpm", "hello-2.0-1.x86_64.rpm");
    RepoFixtures.copyPackages(updated, first, TIME);
    createrepo(updated);
    Path addedDir = tmp.resolve("added");
    RepoFixtures.copyPackages(addedDir, added, TIME);
    RepoFixtures.copyPackages(updated, added, TIME);
    RepodataWriter.builder()
        .build()
        .update(updated, RepoFixtures.entries(addedDir), List.of(), TIME);

    RepoFixtures.copyPackages(theirs, first, TIME);
    RepoFixtures.copyPackages(theirs, added, TIME);
    createrepo(theirs);
    for (String type : List.of("primary", "filelists", "other")) {
      assertEquals(RepoFixtures.openText(theirs, type), RepoFixtures.openText(updated, type), type);
    }
  }

  /** createrepo_c's metadata reads back to the entries we make from the packages. */
  @Test
  void readsCreaterepoCsMetadata() throws Exception {
    Path theirs = tmp.resolve("theirs");
    RepoFixtures.copyPackages(theirs, RepoFixtures.PACKAGES, TIME);
    createrepo(theirs);
    assertEquals(
        RepoFixtures.entries(theirs), new ExistingRepodataReader().read(theirs).packages());
  }

  @Test
  void updateRereadsChangedAndDropsRemovedPackages() throws Exception {
    Path ours = tmp.resolve("ours");
    RepoFixtures.copyPackages(ours, List.of("foo-1.0-1.noarch.rpm", "hello-2.0-1.i686.rpm"), TIME);
    RepodataWriter.builder().build().write(ours, RepoFixtures.entries(ours), List.of(), TIME);
    java.nio.file.Files.delete(ours.resolve("foo-1.0-1.noarch.rpm"));
    java.nio.file.Files.setLastModifiedTime(
        ours.resolve("hello-2.0-1.i686.rpm"),
        java.nio.file.attribute.FileTime.from(TIME.plusSeconds(5)));
    RepositoryUpdate.Plan plan =
        RepositoryUpdate.plan(new ExistingRepodataReader().read(ours), ours, List.of(), false);
    assertEquals(List.of("hello-2.0-1.i686.rpm"), plan.toRead());
    assertEquals(List.of("foo-1.0-1.noarch.rpm"), plan.dropped());
    RepositoryUpdate.Plan verified =
        RepositoryUpdate.plan(new ExistingRepodataReader().read(ours), ours, List.of(), true);
    assertEquals(
        List.of("hello-2.0-1.i686.rpm"),
        verified.reused(),
        "same bytes: reused when checksums decide");
  }

  @Test
  void dnfSeesTheSamePackagesAsInCreaterepoCsMetadata() throws Exception {
    Path ours = tmp.resolve("ours");
    Path theirs = tmp.resolve("theirs");
    RepoFixtures.copyPackages(ours, RepoFixtures.PACKAGES, TIME);
    RepoFixtures.copyPackages(theirs, RepoFixtures.PACKAGES, TIME);
    RepodataWriter.builder().build().write(ours, RepoFixtures.entries(ours), List.of(), TIME);
    createrepo(theirs);

    String queryFormat =
        "%{name}|%{epoch}|%{version}|%{release}|%{arch}|%{location}|%{size}"
            + "|%{installsize}|%{buildtime}|%{sourcerpm}|%{license}|%{url}|%{packager}|%{vendor}"
            + "|%{group}|%{summary}\nrequires: %{requires}\nprovides: %{provides}\nobsoletes:"
            + " %{obsoletes}\nconflicts: %{conflicts}\nrecommends: %{recommends}\nsuggests:"
            + " %{suggests}\n";
    for (List<String> query :
        List.of(
            List.of("--info"),
            List.of("--qf", queryFormat),
            List.of("--list"),
            List.of("--changelog"),
            List.of("--requires"),
            List.of("--provides"),
            List.of("--whatprovides", "hi"))) {
      String expected = repoquery(theirs, "theirs", query);
      String actual = repoquery(ours, "ours", query);
      assertTrue(!expected.isBlank(), "dnf listed nothing for " + query + ":\n" + expected);
      assertEquals(expected, actual, "dnf repoquery " + query);
    }
  }

  @Test
  void dnfReadsZstdMetadataLikeGzip() throws Exception {
    Path ours = tmp.resolve("ours");
    Path theirs = tmp.resolve("theirs");
    RepoFixtures.copyPackages(ours, RepoFixtures.PACKAGES, TIME);
    RepoFixtures.copyPackages(theirs, RepoFixtures.PACKAGES, TIME);
    RepodataWriter.builder()
        .compression(MetadataCompression.ZSTD)
        .build()
        .write(ours, RepoFixtures.entries(ours), List.of(), TIME);
    createrepo(theirs);
    assertTrue(RepoFixtures.location(ours, "primary").endsWith("-primary.xml.zst"));
    for (List<String> query :
        List.of(
            List.of("--info"), List.of("--list"), List.of("--changelog"), List.of("--requires"))) {
      assertEquals(
          repoquery(theirs, "theirs", query),
          repoquery(ours, "ours", query),
          "dnf repoquery " + query);
    }
  }

  private void createrepo(Path repo) throws Exception {
    ExternalCommand.run(
            tmp,
            Map.of(),
            "createrepo_c",
            "--quiet",
            "--no-database",
            "--revision",
            Long.toString(TIME.getEpochSecond()),
            "--set-timestamp-to-revision",
            repo.toString())
        .requireSuccess("createrepo_c");
  }

  /** Runs dnf repoquery against one repository only, with a scratch cache and install root. */
  private String repoquery(Path repo, String scratch, List<String> query) throws Exception {
    Path root = tmp.resolve("root-" + scratch);
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                "dnf",
                "-q",
                "repoquery",
                "--installroot",
                root.toString(),
                "--releasever",
                "12",
                "--setopt=cachedir=" + tmp.resolve("cache-" + scratch),
                "--setopt=reposdir=/dev/null",
                "--disablerepo=*",
                "--repofrompath=r,file://" + repo.toAbsolutePath(),
                "--enablerepo=r"));
    cmd.addAll(query);
    return ExternalCommand.run(tmp, Map.of("TZ", "UTC"), cmd.toArray(String[]::new))
        .requireSuccess("dnf repoquery " + query)
        .stdout();
  }
}
