package dev.konflux.ecosystem.rpm.internal.repodata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.spi.ProducedFile;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RepodataWriterTest {
  private static final Instant TIME = Instant.ofEpochSecond(1_750_000_000L);

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(MetadataCompression.class)
  void whatIsWrittenReadsBackTheSame(MetadataCompression compression) throws Exception {
    List<PackageEntry> entries =
        List.of(
            SamplePackages.tricky(),
            SamplePackages.plain("b", "b-1.0-1.noarch.rpm"),
            SamplePackages.plain("a", "a-1.0-1.noarch.rpm"));
    RepodataResult result =
        RepodataWriter.builder()
            .compression(compression)
            .build()
            .write(tmp, entries, List.of(), TIME);

    ExistingRepodata back = new ExistingRepodataReader().read(tmp);
    List<PackageEntry> expected =
        entries.stream().sorted(Comparator.comparing(PackageEntry::locationHref)).toList();
    assertEquals(expected, back.packages());
    assertEquals("1750000000", back.revision());
    assertEquals(result.records(), back.records());
    for (MetadataFile r : back.records()) {
      assertTrue(
          r.locationHref()
              .startsWith(
                  "repodata/"
                      + r.checksum().hex()
                      + "-"
                      + r.type()
                      + ".xml"
                      + compression.suffix()),
          r.locationHref());
      assertEquals(TIME.getEpochSecond(), r.timestamp());
      byte[] stored = Files.readAllBytes(tmp.resolve(r.locationHref()));
      assertEquals(r.size(), stored.length);
      assertEquals(r.checksum(), RepodataWriter.sha256(stored));
      byte[] open;
      try (InputStream in =
          MetadataCompression.decompress(
              new BufferedInputStream(Files.newInputStream(tmp.resolve(r.locationHref()))))) {
        open = in.readAllBytes();
      }
      assertEquals(r.openSize(), open.length);
      assertEquals(r.openChecksum(), RepodataWriter.sha256(open));
    }
  }

  @Test
  void primaryListsOnlyPrimaryFilesAndFilelistsAll() throws Exception {
    RepodataWriter.builder().build().write(tmp, List.of(SamplePackages.tricky()), List.of(), TIME);
    String primary = RepoFixtures.openText(tmp, "primary");
    String filelists = RepoFixtures.openText(tmp, "filelists");
    assertTrue(primary.contains("<file>/etc/tricky.conf</file>"));
    assertTrue(primary.contains("<file>/usr/bin/tricky</file>"));
    assertFalse(primary.contains("/usr/share/doc/tricky"));
    assertFalse(primary.contains("/var/log/tricky.log"));
    assertTrue(filelists.contains("<file type=\"dir\">/usr/share/doc/tricky</file>"));
    assertTrue(filelists.contains("<file type=\"ghost\">/var/log/tricky.log</file>"));
    assertTrue(filelists.contains("<file>/opt/x &amp; &lt;y&gt;</file>"));
    assertTrue(primary.contains("<rpm:entry name=\"/bin/sh\" pre=\"1\"/>"));
    assertTrue(primary.contains("<rpm:entry name=\"bar\" flags=\"GE\" epoch=\"0\" ver=\"2.0\"/>"));
    assertTrue(primary.contains("<rpm:buildhost>builder\tone</rpm:buildhost>"));
    assertTrue(primary.contains("line two&#13;\n"), "carriage returns are kept as references");
  }

  @Test
  void sameInputGivesSameBytes() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Files.createDirectories(a);
    Files.createDirectories(b);
    List<PackageEntry> entries =
        List.of(SamplePackages.tricky(), SamplePackages.plain("z", "z.rpm"));
    RepodataWriter.builder().build().write(a, entries, List.of(), TIME);
    RepodataWriter.builder()
        .build()
        .write(b, List.of(entries.get(1), entries.get(0)), List.of(), TIME);
    for (String name : list(a.resolve("repodata"))) {
      assertArrayEquals(
          Files.readAllBytes(a.resolve("repodata").resolve(name)),
          Files.readAllBytes(b.resolve("repodata").resolve(name)),
          name);
    }
    assertEquals(list(a.resolve("repodata")), list(b.resolve("repodata")));
  }

  @Test
  void replacesPreviousMetadataAndLeavesNoStaging() throws Exception {
    RepodataWriter w = RepodataWriter.builder().build();
    w.write(tmp, List.of(SamplePackages.plain("a", "a.rpm")), List.of(), TIME);
    w.write(tmp, List.of(SamplePackages.plain("b", "b.rpm")), List.of(), TIME.plusSeconds(1));
    assertEquals(4, list(tmp.resolve("repodata")).size(), list(tmp.resolve("repodata")).toString());
    assertFalse(Files.exists(tmp.resolve(".repodata")));
    assertFalse(Files.exists(tmp.resolve(".repodata.old")));
    assertEquals(
        List.of("b.rpm"),
        new ExistingRepodataReader()
            .read(tmp).packages().stream().map(PackageEntry::locationHref).toList());
  }

  @Test
  void extraRecordListsTheSidecarWithItsChecksum() throws Exception {
    byte[] sbom = "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8);
    Files.createDirectories(tmp.resolve("noarch"));
    Files.write(tmp.resolve("noarch/a.rpm.spdx.json"), sbom);
    RepodataResult result =
        RepodataWriter.builder()
            .build()
            .write(
                tmp,
                List.of(SamplePackages.plain("a", "noarch/a.rpm")),
                List.of(new ExtraMetadata("sbom", "noarch/a.rpm.spdx.json")),
                TIME);
    MetadataFile sbomRecord = result.records().get(3);
    assertEquals("sbom", sbomRecord.type());
    assertEquals(RepodataWriter.sha256(sbom), sbomRecord.checksum());
    assertEquals(sbom.length, sbomRecord.size());
    String repomd = Files.readString(tmp.resolve("repodata/repomd.xml"));
    assertTrue(
        repomd.contains(
            "<data type=\"sbom\">\n    <checksum type=\"sha256\">"
                + RepodataWriter.sha256(sbom).hex()
                + "</checksum>\n    <location"
                + " href=\"noarch/a.rpm.spdx.json\"/>\n    <timestamp>1750000000</timestamp>\n"
                + "    <size>"
                + sbom.length
                + "</size>\n  </data>"),
        repomd);
    ExistingRepodata back = new ExistingRepodataReader().read(tmp);
    assertEquals(4, back.records().size());
    assertEquals(List.of(new ExtraMetadata("sbom", "noarch/a.rpm.spdx.json")), back.keptExtras());
  }

  @Test
  void refusesUnsafeOrDuplicateInput() throws Exception {
    RepodataWriter w = RepodataWriter.builder().build();
    assertThrows(
        InvalidInputException.class,
        () -> w.write(tmp, List.of(SamplePackages.plain("a", "../a.rpm")), List.of(), TIME));
    assertThrows(
        InvalidInputException.class,
        () -> w.write(tmp, List.of(SamplePackages.plain("a", "/abs/a.rpm")), List.of(), TIME));
    assertThrows(
        InvalidInputException.class,
        () ->
            w.write(
                tmp,
                List.of(SamplePackages.plain("a", "a.rpm"), SamplePackages.plain("b", "a.rpm")),
                List.of(),
                TIME));
    assertThrows(
        InvalidInputException.class,
        () -> w.write(tmp, List.of(), List.of(new ExtraMetadata("primary", "x")), TIME));
    assertThrows(
        InvalidInputException.class,
        () -> w.write(tmp, List.of(), List.of(new ExtraMetadata("sbom", "missing.json")), TIME));
    assertFalse(Files.exists(tmp.resolve("repodata")));
  }

  @Test
  void forbiddenCharactersAreReplacedNotWritten() throws Exception {
    PackageEntry e =
        SamplePackages.plain("a", "a.rpm").toBuilder()
            .summary("bell\u0007 and lone \uD800 surrogate")
            .build();
    RepodataWriter.builder().build().write(tmp, List.of(e), List.of(), TIME);
    PackageEntry back = new ExistingRepodataReader().read(tmp).packages().get(0);
    assertEquals("bell\uFFFD and lone \uFFFD surrogate", back.summary());
  }

  @Test
  void producedFilesDescribeWhatIsOnDisk() throws Exception {
    RepodataResult result =
        RepodataWriter.builder()
            .build()
            .write(tmp, List.of(SamplePackages.tricky()), List.of(), TIME);
    assertEquals(4, result.files().size());
    for (ProducedFile f : result.files()) {
      byte[] bytes = Files.readAllBytes(tmp.resolve(f.path()));
      assertEquals(f.size(), bytes.length, f.path());
      assertEquals(f.sha256(), RepodataWriter.sha256(bytes), f.path());
      assertEquals(TIME, Files.getLastModifiedTime(tmp.resolve(f.path())).toInstant());
    }
  }

  private static List<String> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
