package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.Digest;
import java.util.HexFormat;
import java.util.List;

/** Hand-made entries for the writer tests. */
final class SamplePackages {
  private SamplePackages() {}

  static Digest digestOf(String seed) {
    return RepodataWriter.sha256(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static PackageEntry tricky() {
    return PackageEntry.builder()
        .name("tricky")
        .arch("x86_64")
        .epoch(3)
        .version("1.2^git1")
        .release("4.el9~rc1")
        .checksum(digestOf("tricky"))
        .summary("quotes \" & <angles> 'apostrophes'")
        .description("line one\nline two\r\n\ttabbed, unicode: é 漢字 😀")
        .packager("Jane <jane@example.org>")
        .url("https://example.org/?a=1&b=2")
        .fileTime(1_700_000_001L)
        .buildTime(1_700_000_000L)
        .packageSize(12345)
        .installedSize(67890)
        .archiveSize(11111)
        .locationHref("x86_64/tricky-1.2-4.x86_64.rpm")
        .license("MIT AND (Apache-2.0 OR GPL-2.0-or-later)")
        .vendor("")
        .group("Unspecified")
        .buildHost("builder\tone")
        .sourceRpm("tricky-1.2-4.src.rpm")
        .headerRange(4504, 9000)
        .dependencies(
            DependencyKind.PROVIDES,
            List.of(
                new Dependency("tricky", DependencyFlags.EQ, "3", "1.2^git1", "4.el9~rc1", false),
                Dependency.unversioned("config(tricky)")))
        .dependencies(
            DependencyKind.REQUIRES,
            List.of(
                new Dependency("/bin/sh", null, null, null, null, true),
                new Dependency("libfoo.so.1()(64bit)", null, null, null, null, false),
                new Dependency("bar", DependencyFlags.GE, "0", "2.0", null, false)))
        .dependencies(
            DependencyKind.CONFLICTS,
            List.of(new Dependency("old", DependencyFlags.LT, "0", "1", "1", false)))
        .dependencies(DependencyKind.OBSOLETES, List.of(Dependency.unversioned("older")))
        .dependencies(DependencyKind.RECOMMENDS, List.of(Dependency.unversioned("(a if b)")))
        .dependencies(DependencyKind.SUGGESTS, List.of(Dependency.unversioned("s")))
        .dependencies(DependencyKind.SUPPLEMENTS, List.of(Dependency.unversioned("sup")))
        .dependencies(DependencyKind.ENHANCES, List.of(Dependency.unversioned("enh")))
        .files(
            List.of(
                new PackageFile("/etc/tricky.conf", PackageFile.Type.FILE),
                new PackageFile("/usr/bin/tricky", PackageFile.Type.FILE),
                new PackageFile("/usr/share/doc/tricky", PackageFile.Type.DIR),
                new PackageFile("/var/log/tricky.log", PackageFile.Type.GHOST),
                new PackageFile("/opt/x & <y>", PackageFile.Type.FILE)))
        .changelogs(
            List.of(
                new ChangelogEntry("Jane <jane@example.org> - 1.0-1", 1_600_000_000L, "- first"),
                new ChangelogEntry(
                    "Joe \"J\" <j@example.org> - 1.2-4",
                    1_700_000_000L,
                    "- fix <bug> & more\n- second line")))
        .build();
  }

  static PackageEntry plain(String name, String href) {
    return PackageEntry.builder()
        .name(name)
        .arch("noarch")
        .version("1.0")
        .release("1")
        .checksum(digestOf(href))
        .locationHref(href)
        .packageSize(100)
        .build();
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
