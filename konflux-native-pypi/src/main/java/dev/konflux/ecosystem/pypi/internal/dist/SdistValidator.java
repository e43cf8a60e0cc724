package dev.konflux.ecosystem.pypi.internal.dist;

import dev.konflux.ecosystem.pypi.DistributionRule;
import dev.konflux.ecosystem.pypi.InvalidDistributionException;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Validates a PEP 625 sdist in one streaming pass: a gzip-compressed tar whose members are all
 * regular files or directories (no links, devices or fifos) under {@code {name}-{version}/}, with
 * safe, unique paths, within the member count and size limits, not inflating more than the ratio
 * guard allows, and with a {@code PKG-INFO} whose {@code Name} and {@code Version} match the file
 * name. The gzip trailer (CRC and length) is checked by reading to its end.
 */
public final class SdistValidator {
  private final DistLimits limits;

  /**
   * @param limits bounds on the archive
   */
  public SdistValidator(DistLimits limits) {
    this.limits = limits;
  }

  /**
   * @param file the sdist, already digest-checked
   * @param name its parsed file name
   * @return what the index needs
   * @throws InvalidDistributionException naming the rule broken
   */
  public ValidatedDist validate(Path file, DistFileName name) throws InvalidDistributionException {
    String dist = UntrustedText.printable(name.fileName());
    try {
      long compressed = Files.size(file);
      long ratioBound =
          compressed > Long.MAX_VALUE / limits.maxRatio()
              ? Long.MAX_VALUE
              : Math.max(limits.ratioFloor(), compressed * limits.maxRatio());
      long bound = Math.min(limits.maxTotalBytes(), ratioBound);
      DistributionRule rule =
          ratioBound < limits.maxTotalBytes()
              ? DistributionRule.COMPRESSION_RATIO
              : DistributionRule.SIZE_LIMIT;
      try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
          GzipCompressorInputStream gz = new GzipCompressorInputStream(raw);
          CountingLimitStream inflated =
              new CountingLimitStream(
                  gz,
                  bound,
                  rule,
                  "the archive inflates " + compressed + " bytes beyond the limit");
          TarArchiveInputStream tar = new TarArchiveInputStream(inflated)) {
        ValidatedDist result = validate(tar, name, dist);
        inflated.transferTo(java.io.OutputStream.nullOutputStream());
        return result;
      }
    } catch (CountingLimitStream.LimitExceeded e) {
      throw new InvalidDistributionException(dist, e.rule, String.valueOf(e.getMessage()));
    } catch (IOException | RuntimeException e) {
      throw new InvalidDistributionException(
          dist, DistributionRule.ARCHIVE, "unreadable tar.gz: " + e);
    }
  }

  private ValidatedDist validate(TarArchiveInputStream tar, DistFileName name, String dist)
      throws IOException, InvalidDistributionException {
    String root = name.sdistRoot();
    Set<String> seen = new HashSet<>();
    byte[] pkgInfo = null;
    int count = 0;
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      if (++count > limits.maxEntries()) {
        throw new InvalidDistributionException(
            dist, DistributionRule.ENTRY_LIMIT, "more than " + limits.maxEntries() + " members");
      }
      String path = ArchivePaths.check(dist, entry.getName());
      if (entry.isSymbolicLink() || entry.isLink()) {
        throw new InvalidDistributionException(
            dist, DistributionRule.LINK, "member " + UntrustedText.quoted(path) + " is a link");
      }
      if (!entry.isFile() && !entry.isDirectory()) {
        throw new InvalidDistributionException(
            dist,
            DistributionRule.LINK,
            "member " + UntrustedText.quoted(path) + " is not a regular file or directory");
      }
      if (!path.equals(root) && !path.startsWith(root + "/")) {
        throw new InvalidDistributionException(
            dist,
            DistributionRule.PATH,
            "member "
                + UntrustedText.quoted(path)
                + " is outside "
                + UntrustedText.quoted(root + "/"));
      }
      if (entry.isDirectory()) {
        continue;
      }
      if (!seen.add(path)) {
        throw new InvalidDistributionException(
            dist,
            DistributionRule.DUPLICATE_ENTRY,
            "member " + UntrustedText.quoted(path) + " appears twice");
      }
      if (entry.getSize() > limits.maxEntryBytes()) {
        throw new InvalidDistributionException(
            dist,
            DistributionRule.SIZE_LIMIT,
            "member "
                + UntrustedText.quoted(path)
                + " has "
                + entry.getSize()
                + " bytes, more than "
                + limits.maxEntryBytes());
      }
      if (path.equals(root + "/PKG-INFO")) {
        if (entry.getSize() > CoreMetadata.MAX_BYTES) {
          throw new InvalidDistributionException(
              dist,
              DistributionRule.SIZE_LIMIT,
              "PKG-INFO is larger than " + CoreMetadata.MAX_BYTES + " bytes");
        }
        pkgInfo = tar.readNBytes((int) entry.getSize());
        if (pkgInfo.length != entry.getSize()) {
          throw new InvalidDistributionException(
              dist, DistributionRule.ARCHIVE, "PKG-INFO is truncated");
        }
      }
    }
    if (pkgInfo == null) {
      throw new InvalidDistributionException(
          dist,
          DistributionRule.METADATA,
          UntrustedText.quoted(root + "/PKG-INFO") + " is missing");
    }
    CoreMetadata metadata = Metadata.parse(dist, pkgInfo, "PKG-INFO");
    String metadataName = Metadata.checkNameAndVersion(dist, name, metadata, "PKG-INFO");
    int[] mv = metadata.metadataVersion();
    // PEP 643: only from Metadata-Version 2.2 on does PKG-INFO promise what a wheel built from the
    // sdist would say, so only then is it served as the sdist's core metadata.
    boolean reliable = mv[0] > 2 || (mv[0] == 2 && mv[1] >= 2);
    return new ValidatedDist(
        name,
        metadataName,
        metadata.first("Requires-Python").orElse(null),
        metadata.first("Metadata-Version").orElse(""),
        reliable ? pkgInfo : null,
        root + "/PKG-INFO",
        pkgInfo,
        List.of());
  }
}
