package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.spi.OpenPgpArmor;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.spi.ProducedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the rpm-md metadata of one repository directory: {@code repodata/} with {@code primary},
 * {@code filelists} and {@code other} (hash-prefixed, gzip or zstd), {@code repomd.xml} listing
 * them and any extra records, and, given a key, the detached armored {@code repomd.xml.asc} plus
 * the public key as {@code RPM-GPG-KEY-<name>} in the repository root.
 *
 * <p>Nothing is read from the packages: every fact comes from the {@link PackageEntry} values, so
 * the cost is the XML and its compression. Output depends only on the entries, the extra files and
 * the time given (packages are ordered by location), so the same input gives the same bytes.
 * Metadata is built in {@code .repodata/} and swapped into place only when complete.
 */
public final class RepodataWriter {
  private static final Logger LOG = LoggerFactory.getLogger(RepodataWriter.class);
  private static final String STAGING = ".repodata";
  private static final String PREVIOUS = ".repodata.old";
  private static final String RECORDS = ".repodata.records";

  private final MetadataCompression compression;
  private final @Nullable OpenPgpSigner signingKey;
  private final @Nullable String keyName;

  private RepodataWriter(Builder b) {
    this.compression = b.compression;
    this.signingKey = b.signingKey;
    this.keyName = b.keyName;
  }

  /**
   * @return a builder (gzip, unsigned)
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes (or replaces) {@code repodata/} of a repository.
   *
   * @param repositoryRoot the directory the {@code locationHref}s are relative to
   * @param packages the packages of the repository, complete (not only the new ones)
   * @param extras extra records, files already in the repository
   * @param releaseTime the revision and timestamp of everything written
   * @return what was written
   * @throws InvalidInputException if two packages share a location, a location or extra type is
   *     unsafe, or an extra file is missing
   * @throws IOException if writing fails
   */
  public RepodataResult write(
      Path repositoryRoot,
      Collection<PackageEntry> packages,
      List<ExtraMetadata> extras,
      Instant releaseTime)
      throws InvalidInputException, IOException {
    Objects.requireNonNull(repositoryRoot, "repositoryRoot");
    List<PackageEntry> sorted = inLocationOrder(packages);
    Files.createDirectories(repositoryRoot);
    Path scratch = repositoryRoot.resolve(RECORDS);
    try (RecordSpill spill = new RecordSpill(scratch)) {
      SortedMap<String, RecordSpill.Ref> refs = new TreeMap<>();
      for (PackageEntry p : sorted) {
        refs.put(p.locationHref(), spill.add(p));
      }
      return write(repositoryRoot, spill, refs, null, extras, releaseTime);
    }
  }

  /**
   * Updates {@code repodata/} of a repository that has metadata, like {@code createrepo_c
   * --update}, streaming the committed metadata ({@link RepositoryUpdate#scan}): the records of
   * unchanged packages (same size and modification time) are copied through, packages in {@code
   * added} replace any record at their location, package files with no usable record are read, and
   * records whose file is gone are dropped.
   *
   * @param repositoryRoot the repository directory, with its {@code repodata/} and package files
   * @param added entries for the packages being added
   * @param extras extra records, files already in the repository
   * @param releaseTime the revision and timestamp of everything written
   * @return what was written
   * @throws InvalidInputException if the committed metadata is missing, malformed or does not match
   *     its {@code repomd.xml}, a package to read is malformed, or as for {@link #write}
   * @throws IOException if reading or writing fails
   */
  public RepodataResult update(
      Path repositoryRoot,
      Collection<PackageEntry> added,
      List<ExtraMetadata> extras,
      Instant releaseTime)
      throws InvalidInputException, IOException {
    List<PackageEntry> sorted = inLocationOrder(added);
    ExistingRepodataReader reader = new ExistingRepodataReader();
    CommittedRepodata repomd = reader.readRepomd(repositoryRoot);
    Set<String> locations = new HashSet<>();
    sorted.forEach(p -> locations.add(p.locationHref()));
    RepositoryUpdate.Scan scan =
        RepositoryUpdate.scan(reader, repomd, repositoryRoot, repositoryRoot, locations);
    try (RecordSpill spill = new RecordSpill(repositoryRoot.resolve(RECORDS))) {
      SortedMap<String, RecordSpill.Ref> refs = new TreeMap<>();
      for (PackageEntry p : sorted) {
        refs.put(p.locationHref(), spill.add(p));
      }
      for (String href : scan.toRead()) {
        Path file = resolveSafely(repositoryRoot, href, "package file");
        refs.put(
            href,
            spill.add(
                PackageEntries.fromPackage(
                    new dev.konflux.ecosystem.rpm.internal.header.RpmPackageReader().read(file),
                    href,
                    Files.getLastModifiedTime(file).toInstant().getEpochSecond())));
      }
      return write(
          repositoryRoot,
          spill,
          refs,
          new Committed(repositoryRoot, reader, repomd, scan),
          extras,
          releaseTime);
    }
  }

  /**
   * The committed metadata an update streams: records the scan keeps are copied through unchanged
   * (their bytes as committed), the others left out.
   *
   * @param root the committed repository's directory (where its {@code repodata/} is)
   * @param reader reads it (bounds)
   * @param repomd its {@code repomd.xml}
   * @param scan which records to keep ({@link RepositoryUpdate#scan})
   */
  public record Committed(
      Path root,
      ExistingRepodataReader reader,
      CommittedRepodata repomd,
      RepositoryUpdate.Scan scan) {}

  /**
   * Writes (or replaces) {@code repodata/} of a repository from new packages' records and, for an
   * update, the committed records a scan keeps. The new records are merged into the committed ones
   * by location: where the committed records are in location order (as this writer leaves them),
   * the result is in location order and the same bytes as writing every package anew; otherwise the
   * committed records keep their order and each new one goes before the first kept record with a
   * greater location.
   *
   * @param repositoryRoot the directory the {@code locationHref}s are relative to
   * @param spill holds the new packages' records
   * @param added the new packages by location (their locations checked here)
   * @param committed the committed metadata to carry over, or {@code null} for a new repository
   * @param extras extra records, files already in the repository
   * @param releaseTime the revision and timestamp of everything written
   * @return what was written
   * @throws InvalidInputException if a location or extra type is unsafe, an extra file is missing,
   *     or the committed metadata is malformed or does not match its {@code repomd.xml}
   * @throws IOException if writing fails
   */
  public RepodataResult write(
      Path repositoryRoot,
      RecordSpill spill,
      SortedMap<String, RecordSpill.Ref> added,
      @Nullable Committed committed,
      List<ExtraMetadata> extras,
      Instant releaseTime)
      throws InvalidInputException, IOException {
    return write(
        repositoryRoot, repositoryRoot::resolve, spill, added, committed, extras, releaseTime);
  }

  /**
   * Like {@link #write(Path, RecordSpill, SortedMap, Committed, List, Instant)}, reading the files
   * the metadata covers (extra metadata files) where {@code locations} says: a release that keeps
   * carried-over files in the committed repository writes the metadata into staging.
   *
   * @param repositoryRoot where {@code repodata/} (and the public key) is written
   * @param locations where a location (checked to be safe first) is read
   * @param spill holds the new packages' records
   * @param added the new packages by location (their locations checked here)
   * @param committed the committed metadata to carry over, or {@code null} for a new repository
   * @param extras extra records, files already in the repository
   * @param releaseTime the revision and timestamp of everything written
   * @return what was written
   * @throws InvalidInputException as for the other {@code write}
   * @throws IOException if writing fails
   */
  public RepodataResult write(
      Path repositoryRoot,
      java.util.function.Function<String, Path> locations,
      RecordSpill spill,
      SortedMap<String, RecordSpill.Ref> added,
      @Nullable Committed committed,
      List<ExtraMetadata> extras,
      Instant releaseTime)
      throws InvalidInputException, IOException {
    Objects.requireNonNull(repositoryRoot, "repositoryRoot");
    Objects.requireNonNull(releaseTime, "releaseTime");
    for (Map.Entry<String, RecordSpill.Ref> e : added.entrySet()) {
      checkLocation(e.getKey(), "package " + e.getValue().nevra());
    }
    long timestamp = releaseTime.getEpochSecond();
    FileTime mtime = FileTime.from(Instant.ofEpochSecond(timestamp));
    String revision = Long.toString(timestamp);

    Path staging = repositoryRoot.resolve(STAGING);
    deleteTree(staging);
    Files.createDirectories(staging);
    List<MetadataFile> records = new ArrayList<>();
    List<ProducedFile> produced = new ArrayList<>();
    List<String> packageHrefs = new ArrayList<>();
    MetadataStream[] streams = new MetadataStream[3];
    Path[] tmp = new Path[3];
    try {
      for (int i = 0; i < 3; i++) {
        tmp[i] = staging.resolve(TYPES.get(i) + ".xml" + compression.suffix() + ".tmp");
        streams[i] = new MetadataStream(tmp[i], compression);
      }
      merge(spill, added, committed, streams, packageHrefs);
    } finally {
      for (MetadataStream m : streams) {
        if (m != null) {
          m.close();
        }
      }
    }
    for (int i = 0; i < 3; i++) {
      MetadataStream stream = streams[i];
      String name = stream.checksum().hex() + "-" + TYPES.get(i) + ".xml" + compression.suffix();
      Files.move(tmp[i], staging.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      records.add(
          new MetadataFile(
              TYPES.get(i),
              "repodata/" + name,
              stream.checksum(),
              stream.size(),
              stream.openChecksum(),
              stream.openSize(),
              timestamp));
    }
    // Every metadata file names what it was derived from (release.json gives every file an origin).
    List<String> derivedFrom = List.copyOf(packageHrefs);
    for (MetadataFile r : records) {
      produced.add(
          new ProducedFile(r.locationHref(), r.checksum(), r.size(), List.of(), derivedFrom));
    }
    records.addAll(extraRecords(locations, extras, timestamp));
    List<String> recordHrefs = records.stream().map(MetadataFile::locationHref).toList();

    ByteArrayOutputStream repomd = new ByteArrayOutputStream();
    try (Writer w = new OutputStreamWriter(repomd, StandardCharsets.UTF_8)) {
      RepomdXmlWriter.write(w, revision, records);
    }
    byte[] repomdBytes = repomd.toByteArray();
    produced.add(writeSmall(staging, "repomd.xml", repomdBytes, recordHrefs));
    if (signingKey != null) {
      java.security.MessageDigest md;
      try {
        md = java.security.MessageDigest.getInstance(signingKey.hashAlgorithm());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IOException(
            "the OpenPGP signer's hash " + signingKey.hashAlgorithm() + " is not available", e);
      }
      md.update(repomdBytes);
      String signature = OpenPgpArmor.armorSignature(signingKey.sign(md, releaseTime));
      produced.add(
          writeSmall(
              staging,
              "repomd.xml.asc",
              signature.getBytes(StandardCharsets.US_ASCII),
              List.of("repodata/repomd.xml", "key:" + signingKey.fingerprint())));
    }
    try (Stream<Path> files = Files.list(staging)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.setLastModifiedTime(f, mtime);
      }
    }
    swapIntoPlace(repositoryRoot, staging);

    if (signingKey != null) {
      String keyFile = "RPM-GPG-KEY-" + keyName;
      byte[] key =
          OpenPgpArmor.armorPublicKey(signingKey.publicKey()).getBytes(StandardCharsets.US_ASCII);
      Path target = repositoryRoot.resolve(keyFile);
      Path tmpKey = repositoryRoot.resolve("." + keyFile + ".tmp");
      Files.write(tmpKey, key);
      Files.setLastModifiedTime(tmpKey, mtime);
      Files.move(
          tmpKey, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      produced.add(
          new ProducedFile(
              keyFile,
              sha256(key),
              key.length,
              List.of(),
              List.of("key:" + signingKey.fingerprint())));
    }
    LOG.debug(
        "wrote repodata for {} packages in {} (revision {})",
        packageHrefs.size(),
        repositoryRoot,
        revision);
    return new RepodataResult(produced, records, revision);
  }

  private static final List<String> TYPES = List.of("primary", "filelists", "other");

  /**
   * Writes the three documents: headers with the package count, the committed records the scan
   * keeps (copied, in their order) with the new records merged in by location, footers. The
   * committed files are checked against {@code repomd.xml} before this returns.
   */
  private static void merge(
      RecordSpill spill,
      SortedMap<String, RecordSpill.Ref> added,
      @Nullable Committed committed,
      MetadataStream[] out,
      List<String> hrefs)
      throws InvalidInputException, IOException {
    long count =
        (long) added.size() + (committed == null ? 0 : committed.scan().keptHrefs().size());
    OutputStream p = out[0].out();
    OutputStream f = out[1].out();
    OutputStream o = out[2].out();
    p.write(header(PrimaryXmlWriter::header, count));
    f.write(header(FilelistsXmlWriter::header, count));
    o.write(header(OtherXmlWriter::header, count));
    java.util.Iterator<Map.Entry<String, RecordSpill.Ref>> news = added.entrySet().iterator();
    Map.Entry<String, RecordSpill.Ref> next = news.hasNext() ? news.next() : null;
    if (committed != null) {
      RepositoryUpdate.Scan scan = committed.scan();
      ExistingRepodataReader reader = committed.reader();
      CommittedRepodata repomd = committed.repomd();
      try (MetadataRecords rp = reader.openPrimary(committed.root(), repomd.primary());
          MetadataRecords rf = reader.openFilelists(committed.root(), repomd.filelists());
          MetadataRecords ro = reader.openOther(committed.root(), repomd.other())) {
        int kept = 0;
        byte[] ids = scan.pkgIds();
        for (int i = 0; i < scan.records(); i++) {
          if (!rp.next()) {
            throw new InvalidInputException(rp.what() + " changed while it was read");
          }
          String pkgId = java.util.HexFormat.of().formatHex(ids, i * 32, i * 32 + 32);
          sameRecord(rf, pkgId, rp);
          sameRecord(ro, pkgId, rp);
          if (!scan.keep().get(i)) {
            continue;
          }
          String href = scan.keptHrefs().get(kept++);
          while (next != null && next.getKey().compareTo(href) < 0) {
            writeNew(spill, next, p, f, o, hrefs);
            next = news.hasNext() ? news.next() : null;
          }
          rp.copyTo(p);
          p.write('\n');
          rf.copyTo(f);
          f.write('\n');
          ro.copyTo(o);
          o.write('\n');
          hrefs.add(href);
        }
        if (rp.next()) {
          throw new InvalidInputException(rp.what() + " changed while it was read");
        }
        for (MetadataRecords r : List.of(rf, ro)) {
          if (r.next()) {
            throw new InvalidInputException(
                r.what() + " lists more packages than " + rp.what() + " (" + scan.records() + ")");
          }
        }
        rp.finish();
        rf.finish();
        ro.finish();
      }
    }
    while (next != null) {
      writeNew(spill, next, p, f, o, hrefs);
      next = news.hasNext() ? news.next() : null;
    }
    p.write(PrimaryXmlWriter.FOOTER.getBytes(StandardCharsets.UTF_8));
    f.write(FilelistsXmlWriter.FOOTER.getBytes(StandardCharsets.UTF_8));
    o.write(OtherXmlWriter.FOOTER.getBytes(StandardCharsets.UTF_8));
  }

  private static void sameRecord(MetadataRecords r, String pkgId, MetadataRecords primary)
      throws InvalidInputException, IOException {
    if (!r.next()) {
      throw new InvalidInputException(
          r.what()
              + " lists fewer packages than "
              + primary.what()
              + " ("
              + primary.records()
              + ")");
    }
    if (!r.pkgId().equals(pkgId)) {
      throw new InvalidInputException(
          r.what()
              + ": package "
              + r.records()
              + " is "
              + r.pkgId()
              + ", but "
              + pkgId
              + " in "
              + primary.what()
              + " (an update needs filelists and other in primary's order, as createrepo_c writes"
              + " them; regenerate the metadata)");
    }
  }

  private static void writeNew(
      RecordSpill spill,
      Map.Entry<String, RecordSpill.Ref> e,
      OutputStream p,
      OutputStream f,
      OutputStream o,
      List<String> hrefs)
      throws IOException {
    spill.copy(e.getValue(), RecordSpill.Part.PRIMARY, p);
    spill.copy(e.getValue(), RecordSpill.Part.FILELISTS, f);
    spill.copy(e.getValue(), RecordSpill.Part.OTHER, o);
    hrefs.add(e.getKey());
  }

  private interface Header {
    void write(XmlWriter xml, long count) throws IOException;
  }

  private static byte[] header(Header h, long count) throws IOException {
    java.io.StringWriter w = new java.io.StringWriter();
    h.write(new XmlWriter(w), count);
    return w.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<MetadataFile> extraRecords(
      java.util.function.Function<String, Path> files, List<ExtraMetadata> extras, long timestamp)
      throws InvalidInputException, IOException {
    List<MetadataFile> out = new ArrayList<>();
    if (extras == null) {
      return out;
    }
    Set<String> types = new HashSet<>(List.of("primary", "filelists", "other"));
    for (ExtraMetadata e : extras) {
      if (!e.type().matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
        throw new InvalidInputException("repodata record type is not safe: " + printable(e.type()));
      }
      if (!types.add(e.type())) {
        throw new InvalidInputException("repodata record type '" + e.type() + "' appears twice");
      }
      checkLocation(e.locationHref(), "extra metadata file");
      Path file = files.apply(e.locationHref());
      if (!Files.isRegularFile(file)) {
        throw new InvalidInputException(
            "extra metadata file " + e.locationHref() + " (" + e.type() + ") does not exist");
      }
      HashingOutputStream hash = new HashingOutputStream(java.io.OutputStream.nullOutputStream());
      try (InputStream in = Files.newInputStream(file)) {
        in.transferTo(hash);
      }
      out.add(
          new MetadataFile(
              e.type(), e.locationHref(), hash.digest(), hash.count(), null, -1, timestamp));
    }
    return out;
  }

  private static List<PackageEntry> inLocationOrder(Collection<PackageEntry> packages)
      throws InvalidInputException {
    List<PackageEntry> sorted = new ArrayList<>(packages);
    sorted.sort(Comparator.comparing(PackageEntry::locationHref));
    for (int i = 0; i < sorted.size(); i++) {
      PackageEntry p = sorted.get(i);
      checkLocation(p.locationHref(), "package " + p.nevra());
      if (i > 0 && sorted.get(i - 1).locationHref().equals(p.locationHref())) {
        throw new InvalidInputException(
            "two packages have the location "
                + p.locationHref()
                + ": "
                + sorted.get(i - 1).nevra()
                + " and "
                + p.nevra());
      }
    }
    return sorted;
  }

  /**
   * Checks that a location is a relative path inside the repository.
   *
   * @param href the location
   * @param what names its owner in messages
   * @throws InvalidInputException if it is absolute, climbs out, or holds odd characters
   */
  static void checkLocation(String href, String what) throws InvalidInputException {
    boolean bad =
        href.isEmpty()
            || href.startsWith("/")
            || href.contains("\\")
            || href.contains("//")
            || href.endsWith("/");
    for (String segment : href.split("/", -1)) {
      bad |= segment.equals("..") || segment.equals(".");
    }
    for (int i = 0; i < href.length() && !bad; i++) {
      bad = href.charAt(i) < 0x20 || href.charAt(i) == 0x7f;
    }
    if (bad) {
      throw new InvalidInputException(what + " has an unsafe location: " + printable(href));
    }
  }

  private static Path resolveSafely(Path root, String href, String what)
      throws InvalidInputException {
    checkLocation(href, what);
    return root.resolve(href);
  }

  private static ProducedFile writeSmall(
      Path dir, String name, byte[] bytes, List<String> derivedFrom) throws IOException {
    Files.write(dir.resolve(name), bytes);
    return new ProducedFile(
        "repodata/" + name, sha256(bytes), bytes.length, List.of(), derivedFrom);
  }

  private static void swapIntoPlace(Path root, Path staging) throws IOException {
    Path live = root.resolve("repodata");
    Path previous = root.resolve(PREVIOUS);
    deleteTree(previous);
    if (Files.exists(live)) {
      Files.move(live, previous, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staging, live, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(previous);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.delete(p);
      }
    }
  }

  static Digest sha256(byte[] bytes) {
    return new Digest(
        Digest.SHA256, HexFormat.of().formatHex(HashingOutputStream.newSha256().digest(bytes)));
  }

  static String printable(String s) {
    return dev.konflux.ecosystem.spi.UntrustedText.quoted(s);
  }

  /** Options of a {@link RepodataWriter}. */
  public static final class Builder {
    private MetadataCompression compression = MetadataCompression.GZIP;
    private @Nullable OpenPgpSigner signingKey;
    private @Nullable String keyName;

    private Builder() {}

    /**
     * @param value gzip (default) or zstd
     * @return this
     */
    public Builder compression(MetadataCompression value) {
      compression = Objects.requireNonNull(value, "compression");
      return this;
    }

    /**
     * Signs {@code repomd.xml} and publishes the public key as {@code RPM-GPG-KEY-<name>}.
     *
     * @param key the release key
     * @param name the key file's suffix: letters, digits, {@code .}, {@code _}, {@code -}
     * @return this
     */
    public Builder signingKey(OpenPgpSigner key, String name) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(name, "name");
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
        throw new IllegalArgumentException("key name must be a plain file name part: " + name);
      }
      signingKey = key;
      keyName = name;
      return this;
    }

    /**
     * @return the writer
     */
    public RepodataWriter build() {
      return new RepodataWriter(this);
    }
  }
}
