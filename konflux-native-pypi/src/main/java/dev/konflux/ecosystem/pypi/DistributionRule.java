package dev.konflux.ecosystem.pypi;

/** The rule a Python distribution broke, carried by {@link InvalidDistributionException}. */
public enum DistributionRule {
  /** The file name does not follow the wheel file name grammar or PEP 625 (sdists). */
  FILE_NAME,
  /** An archive member has an unsafe path: absolute, {@code ..}, a drive letter, a backslash. */
  PATH,
  /** An archive member is a symbolic or hard link, or another non-regular file. */
  LINK,
  /** Two archive members have the same name. */
  DUPLICATE_ENTRY,
  /** The archive has more members than allowed. */
  ENTRY_LIMIT,
  /** A member, or the archive as a whole, inflates beyond the allowed size or its declared size. */
  SIZE_LIMIT,
  /** A member inflates far more than data plausibly compresses (a zip bomb). */
  COMPRESSION_RATIO,
  /** The archive cannot be read (not a zip or tar.gz, truncated, inconsistent). */
  ARCHIVE,
  /** {@code METADATA} / {@code PKG-INFO} is missing or malformed. */
  METADATA,
  /** The metadata's {@code Name} differs from the file name's after normalisation. */
  NAME_MISMATCH,
  /** The metadata's {@code Version} differs from the file name's. */
  VERSION_MISMATCH,
  /** {@code RECORD} is missing, malformed, incomplete, or a hash or size in it is wrong. */
  RECORD,
  /** The {@code .dist-info} directory or its {@code WHEEL} file is missing or wrong. */
  WHEEL_INFO,
  /** The same file name arrived twice with different content, or clashes with a published one. */
  CONFLICT
}
