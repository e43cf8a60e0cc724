package dev.konflux.ecosystem.pypi.internal.dist;

import dev.konflux.ecosystem.pypi.DistributionRule;
import dev.konflux.ecosystem.pypi.InvalidDistributionException;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * Validates a wheel on disk (random access is needed for the central directory, which is what pip
 * reads): member count and directory size from the end record first, then every member's path,
 * type, sizes and compression ratio, exactly one {@code .dist-info} directory matching the file
 * name, its {@code WHEEL}, {@code METADATA} ({@code Name} and {@code Version} equal to the file
 * name's after normalisation) and {@code RECORD}: every member listed with a hash and size, every
 * listed path present, and (unless switched off) every member inflated and its hash and size
 * compared.
 */
public final class WheelValidator {
  private final DistLimits limits;
  private final boolean verifyRecord;

  /**
   * @param limits bounds on the archive
   * @param verifyRecord whether to inflate every member and check its RECORD hash
   */
  public WheelValidator(DistLimits limits, boolean verifyRecord) {
    this.limits = limits;
    this.verifyRecord = verifyRecord;
  }

  /**
   * @param file the wheel, already digest-checked
   * @param name its parsed file name
   * @return what the index needs
   * @throws InvalidDistributionException naming the rule broken
   */
  public ValidatedDist validate(Path file, DistFileName name) throws InvalidDistributionException {
    String dist = UntrustedText.printable(name.fileName());
    ZipDirectoryEnd end;
    try {
      end = ZipDirectoryEnd.read(file);
    } catch (IOException e) {
      throw new InvalidDistributionException(
          dist, DistributionRule.ARCHIVE, "not a zip file: " + e.getMessage());
    }
    if (end.entries() > limits.maxEntries()) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.ENTRY_LIMIT,
          "declares " + end.entries() + " members, more than " + limits.maxEntries());
    }
    if (end.directoryBytes() > limits.maxCentralDirectoryBytes()) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.ENTRY_LIMIT,
          "central directory of "
              + end.directoryBytes()
              + " bytes, more than "
              + limits.maxCentralDirectoryBytes());
    }
    try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
      return validate(zip, name, dist);
    } catch (CountingLimitStream.LimitExceeded e) {
      throw new InvalidDistributionException(dist, e.rule, String.valueOf(e.getMessage()));
    } catch (IOException | RuntimeException e) {
      // commons-compress reports damaged archives with IOExceptions and, for some inconsistent
      // headers, unchecked exceptions: both mean the archive cannot be trusted.
      throw new InvalidDistributionException(
          dist, DistributionRule.ARCHIVE, "unreadable zip: " + e);
    }
  }

  private ValidatedDist validate(ZipFile zip, DistFileName name, String dist)
      throws IOException, InvalidDistributionException {
    List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
    if (entries.size() > limits.maxEntries()) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.ENTRY_LIMIT,
          entries.size() + " members, more than " + limits.maxEntries());
    }
    Map<String, ZipArchiveEntry> files = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    Set<String> distInfoDirs = new java.util.TreeSet<>();
    long total = 0;
    for (ZipArchiveEntry entry : entries) {
      String path = ArchivePaths.check(dist, entry.getName());
      if (!seen.add(path)) {
        throw new InvalidDistributionException(
            dist,
            DistributionRule.DUPLICATE_ENTRY,
            "member " + UntrustedText.quoted(path) + " appears twice");
      }
      String top = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
      if (top.endsWith(".dist-info") && (path.contains("/") || entry.isDirectory())) {
        distInfoDirs.add(top);
      }
      if (entry.isUnixSymlink()) {
        throw new InvalidDistributionException(
            dist,
            DistributionRule.LINK,
            "member " + UntrustedText.quoted(path) + " is a symbolic link");
      }
      if (entry.isDirectory()) {
        continue;
      }
      int method = entry.getMethod();
      if (method != ZipArchiveEntry.STORED && method != ZipArchiveEntry.DEFLATED) {
        throw new InvalidDistributionException(
            dist,
            DistributionRule.ARCHIVE,
            "member "
                + UntrustedText.quoted(path)
                + " uses compression method "
                + method
                + " (only stored and deflate)");
      }
      long size = entry.getSize();
      long compressed = entry.getCompressedSize();
      if (size < 0 || compressed < 0) {
        throw new InvalidDistributionException(
            dist,
            DistributionRule.ARCHIVE,
            "member " + UntrustedText.quoted(path) + " has no size in the central directory");
      }
      if (size > limits.maxEntryBytes()) {
        throw new InvalidDistributionException(
            dist,
            DistributionRule.SIZE_LIMIT,
            "member "
                + UntrustedText.quoted(path)
                + " inflates to "
                + size
                + " bytes, more than "
                + limits.maxEntryBytes());
      }
      checkRatio(dist, path, size, compressed);
      total += size;
      if (total > limits.maxTotalBytes()) {
        throw new InvalidDistributionException(
            dist,
            DistributionRule.SIZE_LIMIT,
            "members inflate to more than " + limits.maxTotalBytes() + " bytes");
      }
      files.put(path, entry);
    }

    String distInfo = distInfo(dist, name, distInfoDirs);
    byte[] metadataBytes = read(zip, files, distInfo + "/METADATA", CoreMetadata.MAX_BYTES, dist);
    byte[] wheelBytes = read(zip, files, distInfo + "/WHEEL", 1 << 20, dist);
    byte[] recordBytes = read(zip, files, distInfo + "/RECORD", RecordFile.MAX_BYTES, dist);
    checkWheelFile(dist, wheelBytes);
    CoreMetadata metadata = Metadata.parse(dist, metadataBytes, "METADATA");
    String metadataName = Metadata.checkNameAndVersion(dist, name, metadata, "METADATA");
    checkRecord(zip, dist, distInfo, files, recordBytes);

    List<String> sboms = new ArrayList<>();
    for (String path : files.keySet()) {
      if (path.startsWith(distInfo + "/sboms/")) {
        sboms.add(path);
      }
    }
    return new ValidatedDist(
        name,
        metadataName,
        metadata.first("Requires-Python").orElse(null),
        metadata.first("Metadata-Version").orElse(""),
        metadataBytes,
        distInfo + "/METADATA",
        metadataBytes,
        sboms);
  }

  private void checkRatio(String dist, String path, long size, long compressed)
      throws InvalidDistributionException {
    if (size > limits.ratioFloor() && size / Math.max(compressed, 1) > limits.maxRatio()) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.COMPRESSION_RATIO,
          "member "
              + UntrustedText.quoted(path)
              + " inflates "
              + compressed
              + " bytes to "
              + size
              + " (more than "
              + limits.maxRatio()
              + " times)");
    }
  }

  private static String distInfo(String dist, DistFileName name, Set<String> dirs)
      throws InvalidDistributionException {
    if (dirs.size() != 1) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.WHEEL_INFO,
          "a wheel has exactly one .dist-info directory, this has " + dirs.size());
    }
    String dir = dirs.iterator().next();
    String base = dir.substring(0, dir.length() - ".dist-info".length());
    int dash = base.indexOf('-');
    Optional<Pep440Version> version =
        dash < 0 ? Optional.empty() : Pep440Version.parse(base.substring(dash + 1));
    if (dash < 0
        || !name.namesProject(base.substring(0, dash))
        || version.isEmpty()
        || !version.get().sameAs(name.version())) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.WHEEL_INFO,
          "the .dist-info directory "
              + UntrustedText.quoted(dir)
              + " does not name "
              + name.project()
              + " "
              + name.version());
    }
    return dir;
  }

  private static void checkWheelFile(String dist, byte[] bytes)
      throws InvalidDistributionException {
    CoreMetadata wheel;
    try {
      wheel = CoreMetadata.parse(bytes);
    } catch (CoreMetadata.MalformedMetadataException e) {
      throw new InvalidDistributionException(
          dist, DistributionRule.WHEEL_INFO, "WHEEL: " + e.getMessage());
    }
    String version = wheel.first("Wheel-Version").orElse("");
    if (!version.matches("1\\.[0-9]{1,4}")) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.WHEEL_INFO,
          "WHEEL states Wheel-Version "
              + UntrustedText.quoted(version)
              + ", only 1.x is understood");
    }
  }

  private static byte[] read(
      ZipFile zip, Map<String, ZipArchiveEntry> files, String path, int max, String dist)
      throws IOException, InvalidDistributionException {
    ZipArchiveEntry entry = files.get(path);
    if (entry == null) {
      DistributionRule rule =
          path.endsWith("/RECORD")
              ? DistributionRule.RECORD
              : path.endsWith("/METADATA")
                  ? DistributionRule.METADATA
                  : DistributionRule.WHEEL_INFO;
      throw new InvalidDistributionException(
          dist, rule, UntrustedText.quoted(path) + " is missing");
    }
    if (entry.getSize() > max) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.SIZE_LIMIT,
          UntrustedText.quoted(path) + " is larger than " + max + " bytes");
    }
    try (InputStream in =
        new CountingLimitStream(
            zip.getInputStream(entry),
            entry.getSize(),
            DistributionRule.SIZE_LIMIT,
            "member " + UntrustedText.quoted(path) + " inflates beyond its declared size")) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length != entry.getSize()) {
        throw new InvalidDistributionException(
            dist,
            DistributionRule.ARCHIVE,
            "member "
                + UntrustedText.quoted(path)
                + " inflates to "
                + bytes.length
                + " bytes, its header says "
                + entry.getSize());
      }
      return bytes;
    }
  }

  private void checkRecord(
      ZipFile zip,
      String dist,
      String distInfo,
      Map<String, ZipArchiveEntry> files,
      byte[] recordBytes)
      throws IOException, InvalidDistributionException {
    RecordFile record;
    try {
      record = RecordFile.parse(recordBytes);
    } catch (RecordFile.MalformedRecordException e) {
      throw new InvalidDistributionException(
          dist, DistributionRule.RECORD, String.valueOf(e.getMessage()));
    }
    Set<String> unsigned =
        Set.of(distInfo + "/RECORD", distInfo + "/RECORD.jws", distInfo + "/RECORD.p7s");
    for (RecordFile.Row row : record.rows().values()) {
      if (!files.containsKey(row.path()) && !unsigned.contains(row.path())) {
        throw new InvalidDistributionException(
            dist,
            DistributionRule.RECORD,
            "RECORD lists "
                + UntrustedText.quoted(row.path())
                + ", which the wheel does not contain");
      }
    }
    Buffers buffers = verifyRecord ? new Buffers() : null;
    try {
      for (Map.Entry<String, ZipArchiveEntry> e : files.entrySet()) {
        checkMember(zip, dist, e.getKey(), e.getValue(), record, unsigned, buffers);
      }
    } finally {
      if (buffers != null) {
        buffers.inflater.end();
      }
    }
  }

  /** Reused per wheel: two 64 KiB buffers and one inflater (zlib state is costly to create). */
  private static final class Buffers {
    final byte[] in = new byte[1 << 16];
    final byte[] out = new byte[1 << 16];
    final Inflater inflater = new Inflater(true);
  }

  private void checkMember(
      ZipFile zip,
      String dist,
      String path,
      ZipArchiveEntry entry,
      RecordFile record,
      Set<String> unsigned,
      @Nullable Buffers buffers)
      throws IOException, InvalidDistributionException {
    if (unsigned.contains(path)) {
      return;
    }
    RecordFile.Row row = record.rows().get(path);
    if (row == null) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.RECORD,
          "member " + UntrustedText.quoted(path) + " is not listed in RECORD");
    }
    String algorithm = row.algorithm();
    byte[] expected = row.digest();
    if (algorithm == null || expected == null || row.size() < 0) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.RECORD,
          "RECORD gives " + UntrustedText.quoted(path) + " no hash or no size");
    }
    if (row.size() != entry.getSize()) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.RECORD,
          "RECORD states "
              + row.size()
              + " bytes for "
              + UntrustedText.quoted(path)
              + ", the member has "
              + entry.getSize());
    }
    if (buffers == null) {
      return;
    }
    MessageDigest md = digest(algorithm);
    long n = hashMember(zip, dist, entry, path, md, buffers);
    if (n != entry.getSize()) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.ARCHIVE,
          "member "
              + UntrustedText.quoted(path)
              + " inflates to "
              + n
              + " bytes, its header says "
              + entry.getSize());
    }
    if (!Arrays.equals(md.digest(), expected)) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.RECORD,
          "the " + algorithm + " of " + UntrustedText.quoted(path) + " differs from RECORD");
    }
  }

  /**
   * Inflates one member into the digest and returns how many bytes it inflated to, stopping one
   * buffer after its declared size (a lying header cannot make us inflate a bomb). The compressed
   * bytes are read in 64 KiB positioned reads and inflated with one reused {@link Inflater}:
   * commons-compress's own stream would read them 8 KiB at a time and inflate 512 bytes per call.
   */
  private static long hashMember(
      ZipFile zip, String dist, ZipArchiveEntry entry, String path, MessageDigest md, Buffers b)
      throws IOException, InvalidDistributionException {
    if (entry.getGeneralPurposeBit().usesEncryption()) {
      throw new InvalidDistributionException(
          dist, DistributionRule.ARCHIVE, "member " + UntrustedText.quoted(path) + " is encrypted");
    }
    long limit = entry.getSize();
    String beyond = "member " + UntrustedText.quoted(path) + " inflates beyond its declared size";
    long count = 0;
    try (InputStream raw = zip.getRawInputStream(entry)) {
      if (raw == null) {
        throw new IOException("no data for member " + UntrustedText.quoted(path));
      }
      if (entry.getMethod() == ZipArchiveEntry.STORED) {
        int r;
        while ((r = raw.read(b.in)) >= 0) {
          count += r;
          if (count > limit) {
            throw new CountingLimitStream.LimitExceeded(
                DistributionRule.SIZE_LIMIT, beyond + " (more than " + limit + " bytes)");
          }
          md.update(b.in, 0, r);
        }
        return count;
      }
      Inflater inflater = b.inflater;
      inflater.reset();
      boolean padded = false;
      while (!inflater.finished()) {
        if (inflater.needsInput()) {
          int r = raw.read(b.in);
          if (r < 0) {
            if (padded) {
              break; // truncated: the caller reports the short count
            }
            // Inflater(nowrap) may need one byte past the deflate stream (zlib's old contract).
            padded = true;
            b.in[0] = 0;
            r = 1;
          }
          inflater.setInput(b.in, 0, r);
        }
        int n;
        try {
          n = inflater.inflate(b.out);
        } catch (DataFormatException e) {
          throw new IOException(
              "member " + UntrustedText.quoted(path) + " has corrupt deflate data", e);
        }
        if (n == 0) {
          if (inflater.needsDictionary()) {
            throw new IOException(
                "member " + UntrustedText.quoted(path) + " needs a preset dictionary");
          }
          if (!inflater.needsInput() && !inflater.finished()) {
            throw new IOException(
                "member " + UntrustedText.quoted(path) + " has corrupt deflate data");
          }
          continue;
        }
        count += n;
        if (count > limit) {
          throw new CountingLimitStream.LimitExceeded(
              DistributionRule.SIZE_LIMIT, beyond + " (more than " + limit + " bytes)");
        }
        md.update(b.out, 0, n);
      }
      return count;
    }
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm.toUpperCase(Locale.ROOT).replace("SHA", "SHA-"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has " + algorithm, e);
    }
  }
}
