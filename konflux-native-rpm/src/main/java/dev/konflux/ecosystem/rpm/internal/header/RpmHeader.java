package dev.konflux.ecosystem.rpm.internal.header;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One parsed RPM header (the signature header or the main header): its exact bytes as stored in the
 * file, starting with the 8-byte header magic, and typed access to its entries. Immutable.
 *
 * <p>Entries were bounds-checked when parsed ({@link RpmHeaderParser}), and the tags that we and
 * the repodata writer read (name, version, dependencies, files, digests) were checked to have their
 * expected types, so their getters never fail. The generic accessors return an empty value when a
 * tag is absent and throw {@link IllegalArgumentException} when asked for a type the entry does not
 * have.
 */
public final class RpmHeader {

  /** One index entry. */
  public record Entry(int tag, RpmTagType type, int offset, int count) {}

  /** Size of the fixed preamble: magic (8), index count (4), data length (4). */
  public static final int PREAMBLE = 16;

  private final byte[] raw;
  private final Map<Integer, Entry> entries;
  private final int dataStart;
  private final int regionTag;

  RpmHeader(byte[] raw, Map<Integer, Entry> entries, int regionTag) {
    this.raw = raw;
    this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    this.dataStart = PREAMBLE + 16 * readInt(raw, 8);
    this.regionTag = regionTag;
  }

  // ---- raw bytes ----

  /**
   * @return the header's size in bytes (preamble, index and data; no padding)
   */
  public int size() {
    return raw.length;
  }

  /**
   * @return a copy of the header bytes exactly as stored in the package
   */
  public byte[] rawBytes() {
    return raw.clone();
  }

  /**
   * @return the header bytes as a stream (no copy)
   */
  public InputStream openRaw() {
    return new ByteArrayInputStream(raw);
  }

  /**
   * @param out receives the header bytes exactly as stored
   * @throws IOException if writing fails
   */
  public void writeTo(OutputStream out) throws IOException {
    out.write(raw);
  }

  /**
   * @param digest a fresh message digest
   * @return the digest of the stored header bytes
   */
  public byte[] digest(MessageDigest digest) {
    return digest.digest(raw);
  }

  /**
   * @return lower-case hex SHA-256 of the stored header bytes, as SHA256HEADER holds it
   */
  public String sha256Hex() {
    return HexFormat.of().formatHex(digest(newDigest("SHA-256")));
  }

  /**
   * @return lower-case hex SHA-1 of the stored header bytes, as SHA1HEADER holds it
   */
  public String sha1Hex() {
    return HexFormat.of().formatHex(digest(newDigest("SHA-1")));
  }

  /**
   * @return the region tag of the header (62 signature, 63 main)
   */
  public int regionTag() {
    return regionTag;
  }

  /**
   * @return the number of index entries, the region entry included
   */
  public int indexCount() {
    return readInt(raw, 8);
  }

  /**
   * @return the size of the data store
   */
  public int dataLength() {
    return readInt(raw, 12);
  }

  // ---- generic access ----

  /**
   * @return the tags present, ascending (the region tag included)
   */
  public List<Integer> tags() {
    return List.copyOf(entries.keySet());
  }

  /**
   * @param tag a tag number
   * @return whether the header has it
   */
  public boolean has(int tag) {
    return entries.containsKey(tag);
  }

  /**
   * @param tag a tag number
   * @return its index entry, if present
   */
  public Optional<Entry> entry(int tag) {
    return Optional.ofNullable(entries.get(tag));
  }

  /**
   * @param tag a STRING, I18NSTRING (first value) or one-element STRING_ARRAY tag
   * @return the value, if present
   */
  public Optional<String> string(int tag) {
    Entry e = entries.get(tag);
    if (e == null) {
      return Optional.empty();
    }
    requireType(e, RpmTagType.STRING, RpmTagType.I18NSTRING, RpmTagType.STRING_ARRAY);
    return Optional.of(strings(e, 1).get(0));
  }

  /**
   * @param tag a STRING_ARRAY, I18NSTRING or STRING tag
   * @return all values, empty if absent
   */
  public List<String> stringArray(int tag) {
    Entry e = entries.get(tag);
    if (e == null) {
      return List.of();
    }
    requireType(e, RpmTagType.STRING_ARRAY, RpmTagType.I18NSTRING, RpmTagType.STRING);
    return strings(e, e.count());
  }

  /**
   * @param tag an I18NSTRING (or STRING) tag
   * @return the default-language value, if present
   */
  public Optional<String> i18nString(int tag) {
    return string(tag);
  }

  /**
   * @param tag an INT16 tag
   * @return its values as unsigned numbers, empty if absent
   */
  public int[] int16Array(int tag) {
    Entry e = entries.get(tag);
    if (e == null) {
      return new int[0];
    }
    requireType(e, RpmTagType.INT16);
    int[] v = new int[e.count()];
    int p = dataStart + e.offset();
    for (int i = 0; i < v.length; i++, p += 2) {
      v[i] = ((raw[p] & 0xff) << 8) | (raw[p + 1] & 0xff);
    }
    return v;
  }

  /**
   * @param tag an INT32 tag
   * @return its values (signed as stored), empty if absent
   */
  public int[] int32Array(int tag) {
    Entry e = entries.get(tag);
    if (e == null) {
      return new int[0];
    }
    requireType(e, RpmTagType.INT32);
    int[] v = new int[e.count()];
    int p = dataStart + e.offset();
    for (int i = 0; i < v.length; i++, p += 4) {
      v[i] = readInt(raw, p);
    }
    return v;
  }

  /**
   * @param tag an INT64 tag
   * @return its values, empty if absent
   */
  public long[] int64Array(int tag) {
    Entry e = entries.get(tag);
    if (e == null) {
      return new long[0];
    }
    requireType(e, RpmTagType.INT64);
    long[] v = new long[e.count()];
    int p = dataStart + e.offset();
    for (int i = 0; i < v.length; i++, p += 8) {
      v[i] = ((long) readInt(raw, p) << 32) | (readInt(raw, p + 4) & 0xffffffffL);
    }
    return v;
  }

  /**
   * Reads any integer tag widened to {@code long}: INT8, INT16 and INT32 values as unsigned (rpm
   * stores sizes, modes and times unsigned), INT64 as stored.
   *
   * @param tag an integer tag
   * @return its values, empty if absent
   */
  public long[] numbers(int tag) {
    Entry e = entries.get(tag);
    if (e == null) {
      return new long[0];
    }
    requireType(
        e, RpmTagType.CHAR, RpmTagType.INT8, RpmTagType.INT16, RpmTagType.INT32, RpmTagType.INT64);
    return switch (e.type()) {
      case INT64 -> int64Array(tag);
      // Plain loops, not streams: this runs for many tags of every package, often in a cold JVM.
      case INT32 -> {
        int[] ints = int32Array(tag);
        long[] v = new long[ints.length];
        for (int i = 0; i < ints.length; i++) {
          v[i] = ints[i] & 0xffffffffL;
        }
        yield v;
      }
      case INT16 -> {
        int[] shorts = int16Array(tag);
        long[] v = new long[shorts.length];
        for (int i = 0; i < shorts.length; i++) {
          v[i] = shorts[i];
        }
        yield v;
      }
      default -> {
        byte[] b = bin(tag).orElseThrow();
        long[] v = new long[b.length];
        for (int i = 0; i < b.length; i++) {
          v[i] = b[i] & 0xff;
        }
        yield v;
      }
    };
  }

  /**
   * @param tag an integer tag
   * @return its first value widened as in {@link #numbers}, if present
   */
  public OptionalLong number(int tag) {
    long[] v = numbers(tag);
    return v.length == 0 ? OptionalLong.empty() : OptionalLong.of(v[0]);
  }

  /**
   * @param tag a BIN, CHAR or INT8 tag
   * @return a copy of its bytes, if present
   */
  public Optional<byte[]> bin(int tag) {
    Entry e = entries.get(tag);
    if (e == null) {
      return Optional.empty();
    }
    requireType(e, RpmTagType.BIN, RpmTagType.CHAR, RpmTagType.INT8);
    int p = dataStart + e.offset();
    return Optional.of(Arrays.copyOfRange(raw, p, p + e.count()));
  }

  /**
   * @param tag a tag number
   * @return a copy of the entry's data bytes exactly as stored (strings with their NULs), if
   *     present; used to carry entries into a new header unchanged
   */
  public Optional<byte[]> entryData(int tag) {
    Entry e = entries.get(tag);
    if (e == null) {
      return Optional.empty();
    }
    int start = dataStart + e.offset();
    int end;
    if (e.type().isString()) {
      end = start;
      for (int n = 0; n < e.count(); n++) {
        while (raw[end] != 0) {
          end++;
        }
        end++;
      }
    } else {
      end = start + e.count() * e.type().width();
    }
    return Optional.of(Arrays.copyOfRange(raw, start, end));
  }

  // ---- typed getters for common tags ----

  /**
   * @return the package name ("" if absent; the package reader requires it)
   */
  public String name() {
    return string(RpmTags.NAME).orElse("");
  }

  /**
   * @return the version
   */
  public String version() {
    return string(RpmTags.VERSION).orElse("");
  }

  /**
   * @return the release
   */
  public String release() {
    return string(RpmTags.RELEASE).orElse("");
  }

  /**
   * @return the epoch, if set
   */
  public OptionalLong epoch() {
    return number(RpmTags.EPOCH);
  }

  /**
   * @return the architecture ("noarch", "x86_64", ...)
   */
  public String arch() {
    return string(RpmTags.ARCH).orElse("");
  }

  /**
   * @return the summary in the default language
   */
  public String summary() {
    return string(RpmTags.SUMMARY).orElse("");
  }

  /**
   * @return the description in the default language
   */
  public String description() {
    return string(RpmTags.DESCRIPTION).orElse("");
  }

  /**
   * @return the source RPM file name; empty for source packages
   */
  public Optional<String> sourceRpm() {
    return string(RpmTags.SOURCERPM);
  }

  /**
   * @return whether this header describes a source package (no SOURCERPM, or SOURCEPACKAGE set)
   */
  public boolean isSourcePackage() {
    return has(RpmTags.SOURCEPACKAGE) || !has(RpmTags.SOURCERPM);
  }

  /**
   * @return the payload digests (hex, compressed payload), empty if absent
   */
  public List<String> payloadDigests() {
    return stringArray(RpmTags.PAYLOADDIGEST);
  }

  /**
   * @return the payload digest algorithm (OpenPGP hash number), if present
   */
  public OptionalLong payloadDigestAlgorithm() {
    return number(RpmTags.PAYLOADDIGESTALGO);
  }

  /**
   * @return the payload compressor, if present
   */
  public Optional<String> payloadCompressor() {
    return string(RpmTags.PAYLOADCOMPRESSOR);
  }

  /**
   * @return name-[epoch:]version-release.arch
   */
  public String nevra() {
    OptionalLong e = epoch();
    return name()
        + "-"
        + (e.isPresent() ? e.getAsLong() + ":" : "")
        + version()
        + "-"
        + release()
        + "."
        + arch();
  }

  /**
   * @return the full paths of the files, from DIRNAMES/DIRINDEXES/BASENAMES (checked consistent
   *     when parsed)
   */
  public List<String> filePaths() {
    List<String> base = stringArray(RpmTags.BASENAMES);
    List<String> dirs = stringArray(RpmTags.DIRNAMES);
    int[] idx = int32Array(RpmTags.DIRINDEXES);
    List<String> out = new ArrayList<>(base.size());
    for (int i = 0; i < base.size(); i++) {
      out.add(dirs.get(idx[i]) + base.get(i));
    }
    return out;
  }

  // ---- internals ----

  private static MessageDigest newDigest(String alg) {
    try {
      return MessageDigest.getInstance(alg);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void requireType(Entry e, RpmTagType... allowed) {
    for (RpmTagType t : allowed) {
      if (e.type() == t) {
        return;
      }
    }
    throw new IllegalArgumentException(
        "tag " + e.tag() + " has type " + e.type() + ", not " + Arrays.toString(allowed));
  }

  private List<String> strings(Entry e, int n) {
    List<String> out = new ArrayList<>(n);
    int p = dataStart + e.offset();
    for (int i = 0; i < n; i++) {
      int end = p;
      while (raw[end] != 0) {
        end++;
      }
      out.add(new String(raw, p, end - p, StandardCharsets.UTF_8));
      p = end + 1;
    }
    return List.copyOf(out);
  }

  static int readInt(byte[] b, int p) {
    return ((b[p] & 0xff) << 24)
        | ((b[p + 1] & 0xff) << 16)
        | ((b[p + 2] & 0xff) << 8)
        | (b[p + 3] & 0xff);
  }

  @Override
  public String toString() {
    return "RpmHeader[region "
        + regionTag
        + ", "
        + entries.size()
        + " entries, "
        + raw.length
        + " bytes]";
  }
}
