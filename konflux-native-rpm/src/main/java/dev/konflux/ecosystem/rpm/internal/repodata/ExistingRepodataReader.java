package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Reads a repository's current metadata back into {@link PackageEntry} values, so that an update
 * can list unchanged packages again without opening them (as {@code createrepo_c --update} does).
 * The metadata is untrusted input: {@code repomd.xml} is bounded, every file it names must lie
 * inside the repository and match its recorded size and SHA-256 (checked while streaming),
 * decompressed sizes are bounded, and XML is read with StAX with DTDs and external entities off.
 * Anything wrong is an {@link InvalidInputException} naming the file.
 */
public final class ExistingRepodataReader {

  /** Default bound on {@code repomd.xml}. */
  public static final long DEFAULT_MAX_REPOMD_BYTES = 1L << 20;

  /** Default bound on each uncompressed metadata file. */
  public static final long DEFAULT_MAX_OPEN_BYTES = 2L << 30;

  private static final XMLInputFactory XML = newFactory();

  private final long maxRepomdBytes;
  private final long maxOpenBytes;

  /** A reader with the default bounds. */
  public ExistingRepodataReader() {
    this(DEFAULT_MAX_REPOMD_BYTES, DEFAULT_MAX_OPEN_BYTES);
  }

  /**
   * @param maxRepomdBytes the most bytes {@code repomd.xml} may have
   * @param maxOpenBytes the most bytes each uncompressed metadata file may have
   */
  public ExistingRepodataReader(long maxRepomdBytes, long maxOpenBytes) {
    this.maxRepomdBytes = maxRepomdBytes;
    this.maxOpenBytes = maxOpenBytes;
  }

  private static XMLInputFactory newFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setXMLReporter((message, type, info, location) -> {});
    try {
      f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    } catch (IllegalArgumentException notSupported) {
      // DTDs are off anyway
    }
    return f;
  }

  /**
   * Reads {@code repodata/repomd.xml} of a repository and its primary, filelists and other.
   *
   * @param repositoryRoot the repository directory
   * @return its packages and records
   * @throws InvalidInputException if the metadata is missing, malformed, does not match its
   *     checksums, or lacks primary, filelists or other
   * @throws IOException if reading fails
   */
  public ExistingRepodata read(Path repositoryRoot) throws InvalidInputException, IOException {
    Path repomdFile = repositoryRoot.resolve("repodata/repomd.xml");
    Repomd repomd;
    try (InputStream in =
        new BoundedInputStream(
            new BufferedInputStream(Files.newInputStream(repomdFile)), maxRepomdBytes)) {
      repomd = parseRepomd(in, repomdFile.toString());
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          "repository " + repositoryRoot + " has no repodata/repomd.xml", e);
    }
    MetadataFile primary = repomd.record("primary", repomdFile);
    MetadataFile filelists = repomd.record("filelists", repomdFile);
    MetadataFile other = repomd.record("other", repomdFile);

    Map<String, List<PackageEntry.Builder>> byPkgId = new LinkedHashMap<>();
    List<PackageEntry.Builder> ordered = new ArrayList<>();
    readVerified(
        repositoryRoot,
        primary,
        in ->
            parsePrimary(
                in,
                primary.locationHref(),
                b -> {
                  ordered.add(b);
                  byPkgId.computeIfAbsent(b.build().pkgId(), k -> new ArrayList<>()).add(b);
                }));
    Map<String, List<PackageFile>> files = new HashMap<>();
    readVerified(
        repositoryRoot, filelists, in -> parseFilelists(in, filelists.locationHref(), files::put));
    Map<String, List<ChangelogEntry>> changelogs = new HashMap<>();
    readVerified(
        repositoryRoot, other, in -> parseOther(in, other.locationHref(), changelogs::put));

    List<PackageEntry> packages = new ArrayList<>(ordered.size());
    for (PackageEntry.Builder b : ordered) {
      PackageEntry partial = b.build();
      List<PackageFile> f = files.get(partial.pkgId());
      List<ChangelogEntry> c = changelogs.get(partial.pkgId());
      if (f == null || c == null) {
        throw new InvalidInputException(
            "package "
                + partial.nevra()
                + " ("
                + partial.pkgId()
                + ") of "
                + primary.locationHref()
                + " is missing from "
                + (f == null ? filelists.locationHref() : other.locationHref()));
      }
      packages.add(b.files(f).changelogs(c).build());
    }
    return new ExistingRepodata(repomd.revision, repomd.records, packages);
  }

  /**
   * Reads only {@code repodata/repomd.xml} of a repository (bounded): an update then streams the
   * metadata files it names with {@link #scanPrimary} and {@link RepodataWriter}.
   *
   * @param repositoryRoot the repository directory
   * @return its records
   * @throws InvalidInputException if it is missing, malformed, or lacks primary, filelists or other
   * @throws IOException if reading fails
   */
  public CommittedRepodata readRepomd(Path repositoryRoot)
      throws InvalidInputException, IOException {
    Path repomdFile = repositoryRoot.resolve("repodata/repomd.xml");
    Repomd repomd;
    try (InputStream in =
        new BoundedInputStream(
            new BufferedInputStream(Files.newInputStream(repomdFile)), maxRepomdBytes)) {
      repomd = parseRepomd(in, repomdFile.toString());
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          "repository " + repositoryRoot + " has no repodata/repomd.xml", e);
    }
    return new CommittedRepodata(
        repomd.revision,
        repomd.records,
        repomd.record("primary", repomdFile),
        repomd.record("filelists", repomdFile),
        repomd.record("other", repomdFile));
  }

  /**
   * What an update needs of one committed primary record.
   *
   * @param locationHref its location
   * @param pkgId its SHA-256 (lower-case hex)
   * @param packageSize the package file's size
   * @param fileTime the package file's modification time (seconds)
   * @param nevra name-epoch:version-release.arch, for messages
   */
  public record PrimaryFacts(
      String locationHref, String pkgId, long packageSize, long fileTime, String nevra) {}

  /** Receives the committed primary records in file order. */
  public interface PrimaryScan {
    /**
     * @param index the record's position in the file, from 0
     * @param facts what it says
     * @throws InvalidInputException to stop with that error
     */
    void accept(int index, PrimaryFacts facts) throws InvalidInputException;
  }

  /**
   * Streams a committed primary file, record by record (only the fields an update decides on are
   * parsed), and checks its size and SHA-256 against {@code repomd.xml} at the end.
   *
   * @param repositoryRoot the repository directory
   * @param primary its record in {@code repomd.xml}
   * @param sink receives each package
   * @throws InvalidInputException if the file is missing, malformed or does not match its record
   * @throws IOException if reading fails
   */
  public void scanPrimary(Path repositoryRoot, MetadataFile primary, PrimaryScan sink)
      throws InvalidInputException, IOException {
    try (MetadataRecords records = openPrimary(repositoryRoot, primary)) {
      int index = 0;
      while (records.next()) {
        sink.accept(index++, primaryFacts(records));
      }
      records.finish();
    }
  }

  MetadataRecords openPrimary(Path root, MetadataFile primary)
      throws InvalidInputException, IOException {
    return MetadataRecords.open(root, primary, "metadata", RepodataNamespaces.COMMON, maxOpenBytes);
  }

  MetadataRecords openFilelists(Path root, MetadataFile filelists)
      throws InvalidInputException, IOException {
    return MetadataRecords.open(
        root, filelists, "filelists", RepodataNamespaces.FILELISTS, maxOpenBytes);
  }

  MetadataRecords openOther(Path root, MetadataFile other)
      throws InvalidInputException, IOException {
    return MetadataRecords.open(root, other, "otherdata", RepodataNamespaces.OTHER, maxOpenBytes);
  }

  private static final XMLInputFactory RECORD_XML = newRecordFactory();

  private static XMLInputFactory newRecordFactory() {
    XMLInputFactory f = newFactory();
    // a record on its own: its rpm: prefix is declared on the root element, not here
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    return f;
  }

  /** Parses the fields of the current primary record that an update decides on. */
  static PrimaryFacts primaryFacts(MetadataRecords records) throws InvalidInputException {
    String what = records.what();
    PrimaryFacts plain = PrimaryFactsScanner.scan(records.bytes(), records.length(), what);
    if (plain != null) {
      return plain;
    }
    return primaryFactsStax(records.bytes(), records.length(), what);
  }

  /** As {@link #primaryFacts}, always with StAX (any form XML allows). */
  static PrimaryFacts primaryFactsStax(byte[] bytes, int length, String what)
      throws InvalidInputException {
    XMLStreamReader r = null;
    try {
      r =
          RECORD_XML.createXMLStreamReader(
              new java.io.InputStreamReader(
                  new java.io.ByteArrayInputStream(bytes, 0, length),
                  StandardCharsets.UTF_8
                      .newDecoder()
                      .onMalformedInput(CodingErrorAction.REPORT)
                      .onUnmappableCharacter(CodingErrorAction.REPORT)));
      r.nextTag();
      if (!"rpm".equals(r.getAttributeValue(null, "type"))) {
        throw new InvalidInputException(
            what
                + ": package of type "
                + RepodataWriter.printable(String.valueOf(r.getAttributeValue(null, "type")))
                + " is not supported");
      }
      String name = null;
      String arch = null;
      String evr = null;
      String pkgId = null;
      String href = null;
      long size = -1;
      long fileTime = -1;
      while ((pkgId == null || href == null || size < 0 || fileTime < 0) && nextChild(r)) {
        switch (r.getLocalName()) {
          case "name" -> name = r.getElementText();
          case "arch" -> arch = r.getElementText();
          case "version" -> {
            String epoch = r.getAttributeValue(null, "epoch");
            evr =
                (epoch == null || epoch.isEmpty() ? "0" : epoch)
                    + ":"
                    + r.getAttributeValue(null, "ver")
                    + "-"
                    + r.getAttributeValue(null, "rel");
            skip(r);
          }
          case "checksum" -> pkgId = sha256(r, what).hex();
          case "time" -> {
            fileTime = numberAttribute(r, "file", what);
            skip(r);
          }
          case "size" -> {
            size = numberAttribute(r, "package", what);
            skip(r);
          }
          case "location" -> {
            if (r.getAttributeValue(null, "xml:base") != null) {
              throw new InvalidInputException(what + ": packages with xml:base are not supported");
            }
            href = required(r, "href", what);
            skip(r);
          }
          default -> skip(r);
        }
      }
      if (pkgId == null || href == null || size < 0 || fileTime < 0) {
        throw new InvalidInputException(
            what + ": incomplete package (checksum, location, size or time missing)");
      }
      return new PrimaryFacts(href, pkgId, size, fileTime, name + "-" + evr + "." + arch);
    } catch (XMLStreamException | IllegalStateException | java.util.NoSuchElementException e) {
      throw new InvalidInputException(
          what
              + " is not well-formed metadata: "
              + Objects.toString(e.getMessage(), e.getClass().getSimpleName()),
          e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing more to read
        }
      }
    }
  }

  private interface Body {
    void parse(InputStream in) throws InvalidInputException, IOException;
  }

  /** Streams one metadata file through its checksum and size check and the decompressor. */
  private void readVerified(Path root, MetadataFile record, Body body)
      throws InvalidInputException, IOException {
    RepodataWriter.checkLocation(record.locationHref(), record.type() + " metadata");
    Path file = root.resolve(record.locationHref());
    String what = record.type() + " metadata " + record.locationHref();
    HashingInputStream stored;
    try {
      stored = new HashingInputStream(Files.newInputStream(file), record.size(), what);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(what + " named in repomd.xml does not exist", e);
    }
    try (stored) {
      // the decompressor must not close the hashing stream: its rest is drained afterwards
      InputStream shielded =
          new FilterInputStream(stored) {
            @Override
            public void close() {}
          };
      try {
        InputStream open =
            MetadataCompression.decompress(new BufferedInputStream(shielded, 64 * 1024));
        try (InputStream bounded = new BoundedInputStream(open, maxOpenBytes)) {
          body.parse(bounded);
          bounded.transferTo(java.io.OutputStream.nullOutputStream());
        }
        stored.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (InvalidInputException e) {
        throw e;
      } catch (IOException e) {
        throw new InvalidInputException(what + " cannot be read: " + e.getMessage(), e);
      }
      if (record.size() >= 0 && stored.count() != record.size()) {
        throw new InvalidInputException(
            what + " has " + stored.count() + " bytes, repomd.xml says " + record.size());
      }
      Digest actual = stored.digest();
      if (!actual.equals(record.checksum())) {
        throw new InvalidInputException(
            what + " has checksum " + actual + ", repomd.xml says " + record.checksum());
      }
    }
  }

  // ---------------------------------------------------------------- repomd.xml

  private record Repomd(String revision, List<MetadataFile> records) {
    MetadataFile record(String type, Path file) throws InvalidInputException {
      for (MetadataFile r : records) {
        if (r.type().equals(type)) {
          return r;
        }
      }
      throw new InvalidInputException(file + " lists no " + type + " metadata");
    }
  }

  static Repomd parseRepomd(InputStream in, String what) throws InvalidInputException {
    return java.util.Objects.requireNonNull(
        xml(
            in,
            what,
            r -> {
              requireRoot(r, RepodataNamespaces.REPO, "repomd", what);
              String revision = "";
              List<MetadataFile> records = new ArrayList<>();
              while (nextChild(r)) {
                switch (r.getLocalName()) {
                  case "revision" -> revision = r.getElementText().trim();
                  case "data" -> records.add(parseData(r, what));
                  default -> skip(r);
                }
              }
              return new Repomd(revision, records);
            }));
  }

  private static MetadataFile parseData(XMLStreamReader r, String what)
      throws XMLStreamException, InvalidInputException {
    String type = required(r, "type", what);
    Digest checksum = null;
    Digest openChecksum = null;
    String href = null;
    long timestamp = 0;
    long size = -1;
    long openSize = -1;
    while (nextChild(r)) {
      switch (r.getLocalName()) {
        case "checksum" -> checksum = sha256(r, what);
        case "open-checksum" -> openChecksum = sha256(r, what);
        case "location" -> {
          href = required(r, "href", what);
          skip(r);
        }
        case "timestamp" -> timestamp = number(r.getElementText(), "timestamp", what);
        case "size" -> size = number(r.getElementText(), "size", what);
        case "open-size" -> openSize = number(r.getElementText(), "open-size", what);
        default -> skip(r);
      }
    }
    if (checksum == null || href == null) {
      throw new InvalidInputException(
          what + ": data " + RepodataWriter.printable(type) + " lacks checksum or location");
    }
    try {
      return new MetadataFile(type, href, checksum, size, openChecksum, openSize, timestamp);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(what + ": " + e.getMessage(), e);
    }
  }

  private static Digest sha256(XMLStreamReader r, String what)
      throws XMLStreamException, InvalidInputException {
    String type = r.getAttributeValue(null, "type");
    String hex = r.getElementText().trim();
    if (!"sha256".equals(type)) {
      throw new InvalidInputException(
          what
              + ": only sha256 checksums are supported, found "
              + RepodataWriter.printable(String.valueOf(type)));
    }
    try {
      return new Digest(Digest.SHA256, hex);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(what + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- primary.xml

  interface PrimarySink {
    void accept(PackageEntry.Builder b) throws InvalidInputException;
  }

  static void parsePrimary(InputStream in, String what, PrimarySink sink)
      throws InvalidInputException {
    xml(
        in,
        what,
        r -> {
          requireRoot(r, RepodataNamespaces.COMMON, "metadata", what);
          while (nextChild(r)) {
            if (!r.getLocalName().equals("package")) {
              skip(r);
              continue;
            }
            if (!"rpm".equals(r.getAttributeValue(null, "type"))) {
              throw new InvalidInputException(
                  what
                      + ": package of type "
                      + RepodataWriter.printable(String.valueOf(r.getAttributeValue(null, "type")))
                      + " is not supported");
            }
            PackageEntry.Builder b = PackageEntry.builder();
            parsePrimaryPackage(r, b, what);
            try {
              b.build();
            } catch (IllegalArgumentException | NullPointerException e) {
              throw new InvalidInputException(what + ": incomplete package: " + e.getMessage(), e);
            }
            sink.accept(b);
          }
          return null;
        });
  }

  private static void parsePrimaryPackage(XMLStreamReader r, PackageEntry.Builder b, String what)
      throws XMLStreamException, InvalidInputException {
    while (nextChild(r)) {
      switch (r.getLocalName()) {
        case "name" -> b.name(r.getElementText());
        case "arch" -> b.arch(r.getElementText());
        case "version" -> {
          version(r, b, what);
          skip(r);
        }
        case "checksum" -> b.checksum(sha256(r, what));
        case "summary" -> b.summary(r.getElementText());
        case "description" -> b.description(r.getElementText());
        case "packager" -> b.packager(r.getElementText());
        case "url" -> b.url(r.getElementText());
        case "time" -> {
          b.fileTime(numberAttribute(r, "file", what));
          b.buildTime(numberAttribute(r, "build", what));
          skip(r);
        }
        case "size" -> {
          b.packageSize(numberAttribute(r, "package", what));
          b.installedSize(numberAttribute(r, "installed", what));
          b.archiveSize(numberAttribute(r, "archive", what));
          skip(r);
        }
        case "location" -> {
          if (r.getAttributeValue(XMLConstants.XML_NS_URI, "base") != null) {
            throw new InvalidInputException(what + ": packages with xml:base are not supported");
          }
          b.locationHref(required(r, "href", what));
          skip(r);
        }
        case "format" -> parseFormat(r, b, what);
        default -> skip(r);
      }
    }
  }

  private static void parseFormat(XMLStreamReader r, PackageEntry.Builder b, String what)
      throws XMLStreamException, InvalidInputException {
    Map<DependencyKind, List<Dependency>> deps = new EnumMap<>(DependencyKind.class);
    while (nextChild(r)) {
      String name = r.getLocalName();
      DependencyKind kind = DependencyKind.fromElement(name);
      if (kind != null) {
        deps.put(kind, dependencies(r, what));
        continue;
      }
      switch (name) {
        case "license" -> b.license(r.getElementText());
        case "vendor" -> b.vendor(r.getElementText());
        case "group" -> b.group(r.getElementText());
        case "buildhost" -> b.buildHost(r.getElementText());
        case "sourcerpm" -> b.sourceRpm(r.getElementText());
        case "header-range" -> {
          b.headerRange(numberAttribute(r, "start", what), numberAttribute(r, "end", what));
          skip(r);
        }
        default -> skip(r); // primary's <file> entries: filelists has them all
      }
    }
    deps.forEach(b::dependencies);
  }

  private static List<Dependency> dependencies(XMLStreamReader r, String what)
      throws XMLStreamException, InvalidInputException {
    List<Dependency> out = new ArrayList<>();
    while (nextChild(r)) {
      if (!r.getLocalName().equals("entry")) {
        skip(r);
        continue;
      }
      String name = required(r, "name", what);
      if (name.isEmpty()) {
        throw new InvalidInputException(what + ": dependency without a name");
      }
      String flagsText = r.getAttributeValue(null, "flags");
      DependencyFlags flags = DependencyFlags.fromXml(flagsText);
      if (flagsText != null && !flagsText.isEmpty() && flags == null) {
        throw new InvalidInputException(
            what + ": unknown dependency flags " + RepodataWriter.printable(flagsText));
      }
      boolean pre =
          "1".equals(r.getAttributeValue(null, "pre"))
              || "true".equals(r.getAttributeValue(null, "pre"));
      out.add(
          new Dependency(
              name,
              flags,
              r.getAttributeValue(null, "epoch"),
              r.getAttributeValue(null, "ver"),
              r.getAttributeValue(null, "rel"),
              pre));
      skip(r);
    }
    return out;
  }

  // ---------------------------------------------------------------- filelists.xml, other.xml

  interface PerPackage<T> {
    void accept(String pkgId, T value) throws InvalidInputException;
  }

  static void parseFilelists(InputStream in, String what, PerPackage<List<PackageFile>> sink)
      throws InvalidInputException {
    xml(
        in,
        what,
        r -> {
          requireRoot(r, RepodataNamespaces.FILELISTS, "filelists", what);
          while (nextChild(r)) {
            if (!r.getLocalName().equals("package")) {
              skip(r);
              continue;
            }
            String pkgId = pkgId(r, what);
            List<PackageFile> files = new ArrayList<>();
            while (nextChild(r)) {
              if (!r.getLocalName().equals("file")) {
                skip(r);
                continue;
              }
              String type = r.getAttributeValue(null, "type");
              PackageFile.Type t;
              if (type == null || type.isEmpty() || type.equals("file")) {
                t = PackageFile.Type.FILE;
              } else if (type.equals("dir")) {
                t = PackageFile.Type.DIR;
              } else if (type.equals("ghost")) {
                t = PackageFile.Type.GHOST;
              } else {
                throw new InvalidInputException(
                    what + ": unknown file type " + RepodataWriter.printable(type));
              }
              files.add(new PackageFile(r.getElementText(), t));
            }
            sink.accept(pkgId, files);
          }
          return null;
        });
  }

  static void parseOther(InputStream in, String what, PerPackage<List<ChangelogEntry>> sink)
      throws InvalidInputException {
    xml(
        in,
        what,
        r -> {
          requireRoot(r, RepodataNamespaces.OTHER, "otherdata", what);
          while (nextChild(r)) {
            if (!r.getLocalName().equals("package")) {
              skip(r);
              continue;
            }
            String pkgId = pkgId(r, what);
            List<ChangelogEntry> changelogs = new ArrayList<>();
            while (nextChild(r)) {
              if (!r.getLocalName().equals("changelog")) {
                skip(r);
                continue;
              }
              String author = r.getAttributeValue(null, "author");
              long date = numberAttribute(r, "date", what);
              changelogs.add(
                  new ChangelogEntry(author == null ? "" : author, date, r.getElementText()));
            }
            sink.accept(pkgId, changelogs);
          }
          return null;
        });
  }

  private static String pkgId(XMLStreamReader r, String what) throws InvalidInputException {
    String pkgId = required(r, "pkgid", what);
    try {
      return new Digest(Digest.SHA256, pkgId).hex();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(what + ": pkgid is not a sha256: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- StAX plumbing

  private interface XmlBody<T> {
    @Nullable T parse(XMLStreamReader r) throws XMLStreamException, InvalidInputException;
  }

  private static <T> @Nullable T xml(InputStream in, String what, XmlBody<T> body)
      throws InvalidInputException {
    XMLStreamReader r = null;
    try {
      // decode ourselves, strictly: the JDK parser prints malformed UTF-8 to stderr
      r =
          XML.createXMLStreamReader(
              new java.io.InputStreamReader(
                  in,
                  StandardCharsets.UTF_8
                      .newDecoder()
                      .onMalformedInput(CodingErrorAction.REPORT)
                      .onUnmappableCharacter(CodingErrorAction.REPORT)));
      T result = body.parse(r);
      return result;
    } catch (XMLStreamException | IllegalStateException | java.util.NoSuchElementException e) {
      throw new InvalidInputException(
          what
              + " is not well-formed metadata: "
              + Objects.toString(e.getMessage(), e.getClass().getSimpleName()),
          e);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidInputException(what + " holds an unusable value: " + e.getMessage(), e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing more to read
        }
      }
    }
  }

  private static void requireRoot(XMLStreamReader r, String ns, String name, String what)
      throws XMLStreamException, InvalidInputException {
    r.nextTag();
    if (!name.equals(r.getLocalName()) || !ns.equals(r.getNamespaceURI())) {
      throw new InvalidInputException(what + ": root element is not " + name + " of " + ns);
    }
  }

  /** Moves to the next child start element; false at the parent's end tag. */
  private static boolean nextChild(XMLStreamReader r) throws XMLStreamException {
    while (true) {
      int event = r.next();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT -> {
          return true;
        }
        case XMLStreamConstants.END_ELEMENT -> {
          return false;
        }
        case XMLStreamConstants.END_DOCUMENT ->
            throw new XMLStreamException("unexpected end of document");
        default -> {
          // text, whitespace, comments between elements
        }
      }
    }
  }

  /** Skips the current element with all it contains. */
  private static void skip(XMLStreamReader r) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int event = r.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      } else if (event == XMLStreamConstants.END_DOCUMENT) {
        throw new XMLStreamException("unexpected end of document");
      }
    }
  }

  private static void version(XMLStreamReader r, PackageEntry.Builder b, String what)
      throws InvalidInputException {
    String epoch = r.getAttributeValue(null, "epoch");
    b.epoch(epoch == null || epoch.isEmpty() ? 0 : number(epoch, "epoch", what));
    b.version(r.getAttributeValue(null, "ver"));
    b.release(r.getAttributeValue(null, "rel"));
  }

  private static String required(XMLStreamReader r, String attribute, String what)
      throws InvalidInputException {
    String v = r.getAttributeValue(null, attribute);
    if (v == null) {
      throw new InvalidInputException(
          what + ": element " + r.getLocalName() + " lacks " + attribute);
    }
    return v;
  }

  private static long numberAttribute(XMLStreamReader r, String attribute, String what)
      throws InvalidInputException {
    return number(required(r, attribute, what), attribute, what);
  }

  private static long number(String text, String field, String what) throws InvalidInputException {
    try {
      long v = Long.parseLong(text.trim());
      if (v < 0) {
        throw new NumberFormatException("negative");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          what + ": " + field + " is not a number: " + RepodataWriter.printable(text));
    }
  }

  // ---------------------------------------------------------------- streams

  /** Fails once more than a limit of bytes has been read. */
  static final class BoundedInputStream extends FilterInputStream {
    private final long limit;
    private long count;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count(s);
      return s;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void count(long n) throws IOException {
      count += n;
      if (count > limit) {
        throw new LimitExceeded("more than " + limit + " bytes");
      }
    }
  }

  /** The size bound was hit. */
  static final class LimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;

    LimitExceeded(String message) {
      super(message);
    }
  }

  /** Counts and hashes what is read; refuses to read past the expected size. */
  static final class HashingInputStream extends FilterInputStream {
    private final java.security.MessageDigest sha256 = HashingOutputStream.newSha256();
    private final long expectedSize;
    private final String what;
    private long count;

    HashingInputStream(InputStream in, long expectedSize, String what) {
      super(in);
      this.expectedSize = expectedSize;
      this.what = what;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        sha256.update(b, off, n);
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
          throw new LimitExceeded(
              what + " is larger than the " + expectedSize + " bytes repomd.xml records");
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    long count() {
      return count;
    }

    Digest digest() {
      return new Digest(Digest.SHA256, java.util.HexFormat.of().formatHex(sha256.digest()));
    }
  }
}
