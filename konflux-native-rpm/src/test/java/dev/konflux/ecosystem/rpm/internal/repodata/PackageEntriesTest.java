package dev.konflux.ecosystem.rpm.internal.repodata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackageEntriesTest {
  private static final StoredPackage STORED =
      new StoredPackage("p.rpm", SamplePackages.digestOf("p"), 1000, 5, 4504, 6000);

  private static MapHeaderValues base() {
    return new MapHeaderValues()
        .put(RpmTags.NAME, "p")
        .put(RpmTags.VERSION, "1")
        .put(RpmTags.RELEASE, "1")
        .put(RpmTags.ARCH, "x86_64");
  }

  @Test
  void requiresFollowCreaterepoCsRules() throws Exception {
    MapHeaderValues h =
        base()
            .put(RpmTags.BASENAMES, "p", "p.conf", "README")
            .put(RpmTags.DIRNAMES, "/usr/bin/", "/etc/", "/usr/share/doc/p/")
            .put(RpmTags.DIRINDEXES, 0, 1, 2)
            .put(RpmTags.PROVIDENAME, "p", "cap")
            .put(RpmTags.PROVIDEFLAGS, 8, 8)
            .put(RpmTags.PROVIDEVERSION, "1-1", "2")
            .put(
                RpmTags.REQUIRENAME,
                "rpmlib(CompressedFileNames)",
                "/usr/bin/p",
                "/etc/p.conf",
                "/usr/share/doc/p/README",
                "cap",
                "cap",
                "dup",
                "dup",
                "libc.so.6(GLIBC_2.3)",
                "libc.so.6(GLIBC_2.17)",
                "libc.so.6(GLIBC_2.4)",
                "pre",
                "bad",
                "ver")
            .put(RpmTags.REQUIREFLAGS, 16777226, 0, 0, 0, 8, 12, 0, 0, 0, 0, 0, 512 | 64, 12, 12)
            .put(
                RpmTags.REQUIREVERSION,
                "3.0.4-1",
                "",
                "",
                "",
                "2",
                "2",
                "",
                "",
                "",
                "",
                "",
                "",
                "x:1",
                "7:1.0-2.el9");
    PackageEntry e = PackageEntries.fromHeader(h, STORED);
    List<Dependency> req = e.dependencies(DependencyKind.REQUIRES);
    assertEquals(
        List.of(
            Dependency.unversioned("/usr/share/doc/p/README"),
            new Dependency("cap", DependencyFlags.GE, "0", "2", null, false),
            Dependency.unversioned("dup"),
            new Dependency("pre", null, null, null, null, true),
            new Dependency("ver", DependencyFlags.GE, "7", "1.0", "2.el9", false),
            Dependency.unversioned("libc.so.6(GLIBC_2.17)")),
        req);
  }

  @Test
  void changelogsAreLimitedReversedAndMadeDistinct() throws Exception {
    long[] times = new long[12];
    String[] names = new String[12];
    String[] texts = new String[12];
    for (int i = 0; i < 12; i++) {
      times[i] = 1000 - i;
      names[i] = "a" + i + "  ";
      texts[i] = "t" + i;
    }
    times[1] = times[0]; // newest two share a time
    MapHeaderValues h =
        base()
            .put(RpmTags.CHANGELOGTIME, times)
            .put(RpmTags.CHANGELOGNAME, names)
            .put(RpmTags.CHANGELOGTEXT, texts);
    List<ChangelogEntry> c = PackageEntries.fromHeader(h, STORED).changelogs();
    assertEquals(PackageEntries.CHANGELOG_LIMIT, c.size());
    assertEquals(new ChangelogEntry("a9", 991, "t9"), c.get(0));
    assertEquals(new ChangelogEntry("a1", 1000, "t1"), c.get(8));
    assertEquals(new ChangelogEntry("a0", 1001, "t0"), c.get(9));
  }

  @Test
  void sourcePackagesAreSrcAndSizesComeFromEitherHeader() throws Exception {
    MapHeaderValues h = base().put(RpmTags.SOURCEPACKAGE, 1).put(RpmTags.SIZE, 77);
    h.signature.put(RpmTags.SIG_PAYLOADSIZE, 55L);
    PackageEntry e = PackageEntries.fromHeader(h, STORED);
    assertEquals("src", e.arch());
    assertEquals(77, e.installedSize());
    assertEquals(55, e.archiveSize());
    assertEquals(4504, e.headerStart());
    h.signature.put(RpmTags.LONGARCHIVESIZE, 5_000_000_000L);
    assertEquals(5_000_000_000L, PackageEntries.fromHeader(h, STORED).archiveSize());
  }

  @Test
  void fileTypes() throws Exception {
    MapHeaderValues h =
        base()
            .put(RpmTags.BASENAMES, "d", "g", "f")
            .put(RpmTags.DIRNAMES, "/x/")
            .put(RpmTags.DIRINDEXES, 0, 0, 0)
            .put(RpmTags.FILEMODES, 040755, 0100644, 0100644)
            .put(RpmTags.FILEFLAGS, 0, 64, 0);
    assertEquals(
        List.of(
            new PackageFile("/x/d", PackageFile.Type.DIR),
            new PackageFile("/x/g", PackageFile.Type.GHOST),
            new PackageFile("/x/f", PackageFile.Type.FILE)),
        PackageEntries.fromHeader(h, STORED).files());
  }

  @Test
  void inconsistentHeadersAreInvalidInput() {
    assertThrows(
        InvalidInputException.class,
        () -> PackageEntries.fromHeader(new MapHeaderValues().put(RpmTags.NAME, "p"), STORED));
    assertThrows(
        InvalidInputException.class,
        () ->
            PackageEntries.fromHeader(
                base()
                    .put(RpmTags.BASENAMES, "a")
                    .put(RpmTags.DIRNAMES, "/")
                    .put(RpmTags.DIRINDEXES, 3),
                STORED));
    assertThrows(
        InvalidInputException.class,
        () ->
            PackageEntries.fromHeader(
                base()
                    .put(RpmTags.BASENAMES, "a", "b")
                    .put(RpmTags.DIRNAMES, "/")
                    .put(RpmTags.DIRINDEXES, 0),
                STORED));
  }

  @Test
  void evrSplitting() {
    assertArrayEquals(new String[] {"0", "1.0", "2"}, PackageEntries.splitEvr("1.0-2"));
    assertArrayEquals(new String[] {"3", "1.0", null}, PackageEntries.splitEvr("3:1.0"));
    assertArrayEquals(new String[] {"0", "1.0", null}, PackageEntries.splitEvr(":1.0-"));
    assertArrayEquals(new String[] {null, null, null}, PackageEntries.splitEvr(""));
    assertNull(PackageEntries.splitEvr("x:1"));
  }

  @Test
  void libcOrdering() {
    assertEquals(2, PackageEntries.compareLibc("libc.so.6(GLIBC_2.3)", "libc.so.6(GLIBC_2.17)"));
    assertEquals(1, PackageEntries.compareLibc("libc.so.6(GLIBC_2.4)", "libc.so.6()"));
    assertEquals(0, PackageEntries.compareLibc("libc.so.6", "libc.so.6"));
  }

  @Test
  void rpmVersionComparison() {
    assertEquals(-1, RpmVersions.compare("1.0~rc1", "1.0"));
    assertEquals(1, RpmVersions.compare("1.0^git1", "1.0"));
    assertEquals(-1, RpmVersions.compare("1.0^git1", "1.0.1"));
    assertEquals(1, RpmVersions.compare("2.17", "2.3"));
    assertEquals(0, RpmVersions.compare("1.01", "1.1"));
    assertEquals(-1, RpmVersions.compare("a", "1"));
  }
}
