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
 * Our metadata against createrepo_c's on the same package files: the uncompressed XML is the
 * same byte for byte, and dnf reports the same packages, versions, dependencies, files and
 * changelogs from both.
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

    RepodataWriter.builder().build()
        .write(ours, RepoFixtures.entries(ours), List.of(), TIME);
    createrepo(theirs);

    for (String type : List.of("primary", "filelists", "other")) {
      assertEquals(RepoFixtures.openText(theirs, type), RepoFixtures.openText(ours, type), type);
    }
  }

  @Test
  void dnfSeesTheSamePackagesAsInCreaterepoCsMetadata() throws Exception {
    Path ours = tmp.resolve("ours");
    Path theirs = tmp.resolve("theirs");
    RepoFixtures.copyPackages(ours, RepoFixtures.PACKAGES, TIME);
    RepoFixtures.copyPackages(theirs, RepoFixtures.PACKAGES, TIME);
    RepodataWriter.builder().build()
        .write(ours, RepoFixtures.entries(ours), List.of(), TIME);
    createrepo(theirs);

    String queryFormat = "%{name}|%{epoch}|%{version}|%{release}|%{arch}|%{location}|%{size}"
        + "|%{installsize}|%{buildtime}|%{sourcerpm}|%{license}|%{url}|%{packager}|%{vendor}"
        + "|%{group}|%{summary}\nrequires: %{requires}\nprovides: %{provides}\nobsoletes:"
        + " %{obsoletes}\nconflicts: %{conflicts}\nrecommends: %{recommends}\nsuggests:"
        + " %{suggests}\n";
    for (List<String> query : List.of(List.of("--info"), List.of("--qf", queryFormat),
        List.of("--list"), List.of("--changelog"), List.of("--requires"), List.of("--provides"), List.of("--whatprovides", "hi"))) {
      String expected = repoquery(theirs, "theirs", query);
      String actual = repoquery(ours, "ours", query);
      assertTrue(!expected.isBlank(), "dnf listed nothing for " + query + ":\n" + expected);
      assertEquals(expected, actual, "dnf repoquery " + query);
    }
  }

  private void createrepo(Path repo) throws Exception {
    ExternalCommand.run(tmp, Map.of(), "createrepo_c", "--quiet", "--no-database",
        "--revision", Long.toString(TIME.getEpochSecond()), "--set-timestamp-to-revision",
        repo.toString()).requireSuccess("createrepo_c");
  }

  /** Runs dnf repoquery against one repository only, with a scratch cache and install root. */
  private String repoquery(Path repo, String scratch, List<String> query) throws Exception {
    Path root = tmp.resolve("root-" + scratch);
    List<String> cmd = new java.util.ArrayList<>(List.of("dnf", "-q", "repoquery",
        "--installroot", root.toString(), "--releasever", "12",
        "--setopt=cachedir=" + tmp.resolve("cache-" + scratch),
        "--setopt=reposdir=/dev/null", "--disablerepo=*",
        "--repofrompath=r,file://" + repo.toAbsolutePath(), "--enablerepo=r"));
    cmd.addAll(query);
    return ExternalCommand.run(tmp, Map.of("TZ", "UTC"), cmd.toArray(String[]::new))
        .requireSuccess("dnf repoquery " + query).stdout();
  }
}
