package dev.konflux.ecosystem.rpm.internal.repodata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The reader of existing metadata meets untrusted bytes: whatever it is given, it either returns
 * entries or throws {@link InvalidInputException}, never another exception; and what the writer
 * writes, it reads back unchanged.
 */
class ExistingRepodataReaderPropertiesTest {

  private static final byte[] PRIMARY;
  private static final byte[] FILELISTS;
  private static final byte[] OTHER;
  private static final byte[] REPOMD;

  static {
    try {
      Path dir = Files.createTempDirectory("repodata-props");
      RepodataWriter.builder()
          .build()
          .write(
              dir,
              List.of(SamplePackages.tricky(), SamplePackages.plain("p", "p.rpm")),
              List.of(),
              Instant.ofEpochSecond(1_700_000_000L));
      PRIMARY = RepoFixtures.openText(dir, "primary").getBytes(StandardCharsets.UTF_8);
      FILELISTS = RepoFixtures.openText(dir, "filelists").getBytes(StandardCharsets.UTF_8);
      OTHER = RepoFixtures.openText(dir, "other").getBytes(StandardCharsets.UTF_8);
      REPOMD = Files.readAllBytes(dir.resolve("repodata/repomd.xml"));
      RepodataWriter.deleteTree(dir);
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Property(tries = 300)
  void arbitraryBytesGiveOnlyInvalidInput(@ForAll @Size(max = 2000) byte[] bytes) {
    parseAll(bytes);
  }

  @Property(tries = 300)
  void mutatedPrimaryGivesOnlyInvalidInput(@ForAll("mutations") Mutation m) {
    parseAll(m.apply(PRIMARY));
  }

  @Property(tries = 200)
  void mutatedFilelistsAndOtherGiveOnlyInvalidInput(@ForAll("mutations") Mutation m) {
    parseAll(m.apply(FILELISTS));
    parseAll(m.apply(OTHER));
  }

  @Property(tries = 200)
  void mutatedRepomdGivesOnlyInvalidInput(@ForAll("mutations") Mutation m) {
    parseAll(m.apply(REPOMD));
  }

  /** A whole repository whose metadata is consistent in repomd.xml but broken inside. */
  @Property(tries = 60)
  void repositoryWithBrokenButCheckedMetadataGivesOnlyInvalidInput(
      @ForAll("mutations") Mutation m, @ForAll @IntRange(min = 0, max = 2) int which)
      throws IOException {
    Path dir = Files.createTempDirectory("repodata-props");
    try {
      byte[][] open = {PRIMARY, FILELISTS, OTHER};
      open[which] = m.apply(open[which]);
      String[] types = {"primary", "filelists", "other"};
      List<MetadataFile> records = new ArrayList<>();
      Files.createDirectories(dir.resolve("repodata"));
      for (int i = 0; i < 3; i++) {
        byte[] gz = gzip(open[i]);
        String href = "repodata/" + types[i] + ".xml.gz";
        Files.write(dir.resolve(href), gz);
        records.add(
            new MetadataFile(
                types[i],
                href,
                RepodataWriter.sha256(gz),
                gz.length,
                RepodataWriter.sha256(open[i]),
                open[i].length,
                1));
      }
      try (var w = Files.newBufferedWriter(dir.resolve("repodata/repomd.xml"))) {
        RepomdXmlWriter.write(w, "1", records);
      }
      try {
        new ExistingRepodataReader().read(dir);
      } catch (InvalidInputException expected) {
        // fine: refused with our typed exception
      }
      streamingUpdate(dir);
    } finally {
      RepodataWriter.deleteTree(dir);
    }
  }

  /**
   * The streaming update (record splitter and per-record parser) on committed files of arbitrary
   * bytes, consistently recorded in repomd.xml.
   */
  @Property(tries = 100)
  void arbitraryCommittedMetadataGivesOnlyInvalidInputToAnUpdate(
      @ForAll @Size(max = 3000) byte[] bytes, @ForAll @IntRange(min = 0, max = 2) int which)
      throws IOException {
    Path dir = Files.createTempDirectory("repodata-props");
    try {
      byte[][] open = {PRIMARY, FILELISTS, OTHER};
      open[which] = bytes;
      writeRepository(dir, open);
      streamingUpdate(dir);
    } finally {
      RepodataWriter.deleteTree(dir);
    }
  }

  /** Broken records in otherwise good files, with the package files present (records kept). */
  @Property(tries = 100)
  void mutatedMetadataGivesOnlyInvalidInputToAnUpdateThatKeepsRecords(
      @ForAll("mutations") Mutation m, @ForAll @IntRange(min = 0, max = 2) int which)
      throws IOException {
    Path dir = Files.createTempDirectory("repodata-props");
    try {
      byte[][] open = {PRIMARY, FILELISTS, OTHER};
      open[which] = m.apply(open[which]);
      writeRepository(dir, open);
      for (PackageEntry e : List.of(SamplePackages.tricky(), SamplePackages.plain("p", "p.rpm"))) {
        Path f = dir.resolve(e.locationHref());
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[(int) e.packageSize()]);
        Files.setLastModifiedTime(
            f, java.nio.file.attribute.FileTime.from(Instant.ofEpochSecond(e.fileTime())));
      }
      streamingUpdate(dir);
    } finally {
      RepodataWriter.deleteTree(dir);
    }
  }

  private static void streamingUpdate(Path dir) throws IOException {
    try {
      RepodataWriter.builder()
          .build()
          .update(dir, List.of(), List.of(), Instant.ofEpochSecond(1_800_000_000L));
    } catch (InvalidInputException expected) {
      // fine: refused with our typed exception
    }
  }

  private static void writeRepository(Path dir, byte[][] open) throws IOException {
    String[] types = {"primary", "filelists", "other"};
    List<MetadataFile> records = new ArrayList<>();
    Files.createDirectories(dir.resolve("repodata"));
    for (int i = 0; i < 3; i++) {
      byte[] gz = gzip(open[i]);
      String href = "repodata/" + types[i] + ".xml.gz";
      Files.write(dir.resolve(href), gz);
      records.add(
          new MetadataFile(
              types[i],
              href,
              RepodataWriter.sha256(gz),
              gz.length,
              RepodataWriter.sha256(open[i]),
              open[i].length,
              1));
    }
    try (var w = Files.newBufferedWriter(dir.resolve("repodata/repomd.xml"))) {
      RepomdXmlWriter.write(w, "1", records);
    }
  }

  @Property(tries = 40)
  void whatIsWrittenIsReadBack(@ForAll("entryLists") List<PackageEntry> entries) throws Exception {
    Path dir = Files.createTempDirectory("repodata-props");
    try {
      RepodataWriter.builder()
          .build()
          .write(dir, entries, List.of(), Instant.ofEpochSecond(1_700_000_000L));
      List<PackageEntry> expected =
          entries.stream().sorted(Comparator.comparing(PackageEntry::locationHref)).toList();
      assertEquals(expected, new ExistingRepodataReader().read(dir).packages());
    } finally {
      RepodataWriter.deleteTree(dir);
    }
  }

  private static void parseAll(byte[] bytes) {
    List<Parser> parsers =
        List.of(
            in -> ExistingRepodataReader.parseRepomd(in, "repomd.xml"),
            in -> ExistingRepodataReader.parsePrimary(in, "primary.xml", b -> {}),
            in -> ExistingRepodataReader.parseFilelists(in, "filelists.xml", (id, f) -> {}),
            in -> ExistingRepodataReader.parseOther(in, "other.xml", (id, c) -> {}));
    for (Parser p : parsers) {
      try {
        p.parse(new ByteArrayInputStream(bytes));
      } catch (InvalidInputException expected) {
        // fine
      }
    }
  }

  private interface Parser {
    void parse(InputStream in) throws InvalidInputException;
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** An edit of a valid document: replace a range with other bytes. */
  record Mutation(double start, double length, byte[] insert) {
    byte[] apply(byte[] doc) {
      int from = (int) (start * doc.length);
      int to = Math.min(doc.length, from + (int) (length * 64));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(doc, 0, from);
      out.write(insert, 0, insert.length);
      out.write(doc, to, doc.length - to);
      return out.toByteArray();
    }
  }

  @Provide
  Arbitrary<Mutation> mutations() {
    Arbitrary<byte[]> inserts =
        Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(8),
            Arbitraries.of(
                    "<",
                    ">",
                    "&",
                    "\"",
                    "</package>",
                    "<package>",
                    "<file type=\"x\">",
                    "epoch=\"-1\"",
                    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
                    "&e;",
                    "pkgid=\"zz\"",
                    "flags=\"XX\"",
                    "<checksum type=\"md5\">",
                    "99999999999999999999",
                    "<rpm:entry/>",
                    "\u0000",
                    "<version/>")
                .map(s -> s.getBytes(StandardCharsets.UTF_8)));
    return Combinators.combine(
            Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 1), inserts)
        .as(Mutation::new);
  }

  @Provide
  Arbitrary<List<PackageEntry>> entryLists() {
    return entries()
        .list()
        .ofMaxSize(4)
        .map(
            list -> {
              Map<String, PackageEntry> unique = new LinkedHashMap<>();
              for (PackageEntry e : list) {
                unique.putIfAbsent(e.locationHref(), e);
              }
              return new ArrayList<>(unique.values());
            });
  }

  private static Arbitrary<String> text() {
    // any character XML 1.0 can carry, including tabs, newlines and carriage returns
    return Arbitraries.strings()
        .withCharRange('\t', '\n')
        .withChars('\r')
        .withCharRange(' ', '\uD7FF')
        .withCharRange('\uE000', '\uFFFD')
        .ofMaxLength(20);
  }

  private static Arbitrary<String> word() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('.', '_', '+', '~', '^')
        .ofMinLength(1)
        .ofMaxLength(8);
  }

  private static Arbitrary<Dependency> dependency(boolean requires) {
    Arbitrary<DependencyFlags> flags = Arbitraries.of(DependencyFlags.class).injectNull(0.4);
    Arbitrary<String> part = word().injectNull(0.3);
    return Combinators.combine(
            text().filter(s -> !s.isEmpty()),
            flags,
            part,
            part,
            part,
            Arbitraries.of(requires, false))
        .as(
            (name, f, e, v, r, pre) ->
                f == null
                    ? new Dependency(name, null, null, null, null, pre)
                    : new Dependency(name, f, e, v, r, pre));
  }

  private static Arbitrary<PackageEntry> entries() {
    Arbitrary<String> href =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .ofMinLength(1)
            .ofMaxLength(8)
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(parts -> String.join("/", parts) + ".rpm");
    Arbitrary<Map<DependencyKind, List<Dependency>>> deps =
        Arbitraries.of(DependencyKind.class)
            .list()
            .ofMaxSize(4)
            .flatMap(
                kinds -> {
                  List<Arbitrary<List<Dependency>>> lists = new ArrayList<>();
                  for (DependencyKind k : kinds) {
                    lists.add(dependency(k == DependencyKind.REQUIRES).list().ofMaxSize(3));
                  }
                  return Combinators.combine(lists)
                      .as(
                          ls -> {
                            Map<DependencyKind, List<Dependency>> m =
                                new EnumMap<>(DependencyKind.class);
                            for (int i = 0; i < kinds.size(); i++) {
                              m.put(kinds.get(i), ls.get(i));
                            }
                            return m;
                          });
                });
    Arbitrary<List<PackageFile>> files =
        Combinators.combine(text().map(s -> "/" + s), Arbitraries.of(PackageFile.Type.class))
            .as(PackageFile::new)
            .list()
            .ofMaxSize(4);
    Arbitrary<List<ChangelogEntry>> changelogs =
        Combinators.combine(text(), Arbitraries.longs().between(0, 4_000_000_000L), text())
            .as(ChangelogEntry::new)
            .list()
            .ofMaxSize(3);
    Arbitrary<long[]> numbers =
        Arbitraries.longs().between(0, Long.MAX_VALUE).array(long[].class).ofSize(8);
    Arbitrary<String[]> texts = text().array(String[].class).ofSize(9);
    return Combinators.combine(
            word(),
            word(),
            word(),
            href,
            numbers,
            texts,
            deps,
            Combinators.combine(files, changelogs).as(List::of))
        .as(
            (name, version, release, location, n, t, d, fc) -> {
              PackageEntry.Builder b =
                  PackageEntry.builder()
                      .name(name)
                      .arch("noarch")
                      .version(version)
                      .release(release)
                      .epoch(n[0] % 100)
                      .checksum(SamplePackages.digestOf(location))
                      .summary(t[0])
                      .description(t[1])
                      .packager(t[2])
                      .url(t[3])
                      .license(t[4])
                      .vendor(t[5])
                      .group(t[6])
                      .buildHost(t[7])
                      .sourceRpm(t[8])
                      .fileTime(n[1])
                      .buildTime(n[2])
                      .packageSize(n[3])
                      .installedSize(n[4])
                      .archiveSize(n[5])
                      .headerRange(n[6], n[7])
                      .locationHref(location);
              d.forEach(b::dependencies);
              @SuppressWarnings("unchecked")
              List<PackageFile> f = (List<PackageFile>) fc.get(0);
              @SuppressWarnings("unchecked")
              List<ChangelogEntry> c = (List<ChangelogEntry>) fc.get(1);
              return b.files(f).changelogs(c).build();
            });
  }
}
