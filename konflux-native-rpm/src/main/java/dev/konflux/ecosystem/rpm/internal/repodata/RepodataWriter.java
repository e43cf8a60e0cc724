package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.spi.OpenPgpArmor;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.spi.ProducedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Objects;
import java.util.Set;
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
    Objects.requireNonNull(releaseTime, "releaseTime");
    List<PackageEntry> sorted = inLocationOrder(packages);
    long timestamp = releaseTime.getEpochSecond();
    FileTime mtime = FileTime.from(Instant.ofEpochSecond(timestamp));
    String revision = Long.toString(timestamp);

    Path staging = repositoryRoot.resolve(STAGING);
    deleteTree(staging);
    Files.createDirectories(staging);
    List<MetadataFile> records = new ArrayList<>();
    List<ProducedFile> produced = new ArrayList<>();
    records.add(writeXml(staging, "primary", sorted, timestamp, PrimaryXmlWriter::write));
    records.add(writeXml(staging, "filelists", sorted, timestamp, FilelistsXmlWriter::write));
    records.add(writeXml(staging, "other", sorted, timestamp, OtherXmlWriter::write));
    // Every metadata file names what it was derived from (release.json gives every file an origin).
    List<String> packageHrefs = sorted.stream().map(PackageEntry::locationHref).toList();
    for (MetadataFile r : records) {
      produced.add(
          new ProducedFile(r.locationHref(), r.checksum(), r.size(), List.of(), packageHrefs));
    }
    records.addAll(extraRecords(repositoryRoot, extras, timestamp));
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
      Path tmp = repositoryRoot.resolve("." + keyFile + ".tmp");
      Files.write(tmp, key);
      Files.setLastModifiedTime(tmp, mtime);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
        sorted.size(),
        repositoryRoot,
        revision);
    return new RepodataResult(produced, records, revision);
  }

  private interface XmlBody {
    void write(XmlWriter xml, List<PackageEntry> packages) throws IOException;
  }

  private MetadataFile writeXml(
      Path staging, String type, List<PackageEntry> packages, long timestamp, XmlBody body)
      throws IOException {
    Path tmp = staging.resolve(type + ".xml" + compression.suffix() + ".tmp");
    MetadataStream stream = new MetadataStream(tmp, compression);
    try (stream) {
      body.write(stream.xml(), packages);
    }
    String name = stream.checksum().hex() + "-" + type + ".xml" + compression.suffix();
    Files.move(tmp, staging.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    return new MetadataFile(
        type,
        "repodata/" + name,
        stream.checksum(),
        stream.size(),
        stream.openChecksum(),
        stream.openSize(),
        timestamp);
  }

  private static List<MetadataFile> extraRecords(
      Path root, List<ExtraMetadata> extras, long timestamp)
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
      Path file = resolveSafely(root, e.locationHref(), "extra metadata file");
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
