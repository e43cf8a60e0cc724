package dev.konflux.ecosystem.rpm.internal.header;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads RPM headers from a stream with strict limits. Before anything is allocated the index count
 * and data size are checked against {@link RpmHeaderLimits}; then every entry is checked: known
 * type, non-zero count, alignment, data inside the store, strings NUL-terminated inside the store,
 * tags unique, data of different entries not overlapping; the region entry (62 or 63) must seal the
 * whole header with a well-formed trailer. Tags that readers rely on must have their expected
 * types. Anything else is a {@link MalformedRpmException}; no other exception escapes for bad bytes
 * (an {@link IOException} means the stream itself failed).
 */
public final class RpmHeaderParser {

  private static final byte[] MAGIC = {(byte) 0x8e, (byte) 0xad, (byte) 0xe8, 0x01, 0, 0, 0, 0};

  /** Which header is being read: it decides the region tag, the limits and the expected types. */
  public enum Kind {
    /** The signature header (region tag 62), followed by padding to 8 bytes. */
    SIGNATURE,
    /** The main header (region tag 63). */
    MAIN
  }

  private final RpmHeaderLimits limits;

  /**
   * @param limits the limits to enforce
   */
  public RpmHeaderParser(RpmHeaderLimits limits) {
    this.limits = limits;
  }

  /** A parser with {@link RpmHeaderLimits#DEFAULT}. */
  public RpmHeaderParser() {
    this(RpmHeaderLimits.DEFAULT);
  }

  /**
   * Reads the 96-byte lead.
   *
   * @param in the package stream, at its start
   * @param file the package for messages
   * @return the lead
   * @throws MalformedRpmException if it is truncated or wrong
   * @throws IOException if reading fails
   */
  public RpmLead readLead(InputStream in, String file) throws MalformedRpmException, IOException {
    return RpmLead.parse(readFully(in, RpmLead.SIZE, file, "lead"), file);
  }

  /**
   * Reads one header. For {@link Kind#SIGNATURE} the padding to the next 8-byte boundary is read
   * and discarded too (it is not part of the header's bytes).
   *
   * @param in the stream, at the header's magic
   * @param kind which header
   * @param file the package for messages
   * @return the header
   * @throws MalformedRpmException if the header is truncated, malformed or over the limits
   * @throws IOException if reading fails
   */
  public RpmHeader readHeader(InputStream in, Kind kind, String file)
      throws MalformedRpmException, IOException {
    String what = kind == Kind.SIGNATURE ? "signature header" : "header";
    byte[] pre = readFully(in, RpmHeader.PREAMBLE, file, what);
    if (!Arrays.equals(pre, 0, 8, MAGIC, 0, 8)) {
      throw new MalformedRpmException(file, what + " has a bad magic");
    }
    int il = RpmHeader.readInt(pre, 8);
    int dl = RpmHeader.readInt(pre, 12);
    int maxIl = kind == Kind.SIGNATURE ? limits.maxSignatureEntries() : limits.maxHeaderEntries();
    int maxDl = kind == Kind.SIGNATURE ? limits.maxSignatureData() : limits.maxHeaderData();
    if (il < 1 || il > maxIl) {
      throw new MalformedRpmException(
          file, what + " index count " + Integer.toUnsignedString(il) + " outside 1.." + maxIl);
    }
    if (dl < 16 || dl > maxDl) {
      throw new MalformedRpmException(
          file, what + " data size " + Integer.toUnsignedString(dl) + " outside 16.." + maxDl);
    }
    // In long: limits are caller-chosen, and 16 * il + dl can exceed an int (and a Java array).
    long restLong = 16L * il + dl;
    if (restLong > Integer.MAX_VALUE - RpmHeader.PREAMBLE - 8) {
      throw new MalformedRpmException(file, what + " of " + restLong + " bytes is too large");
    }
    int rest = (int) restLong;
    byte[] raw = new byte[RpmHeader.PREAMBLE + rest];
    System.arraycopy(pre, 0, raw, 0, RpmHeader.PREAMBLE);
    readFully(in, raw, RpmHeader.PREAMBLE, rest, file, what);
    RpmHeader header = parse(raw, kind, file);
    if (kind == Kind.SIGNATURE) {
      int pad = padding(dl);
      readFully(in, pad, file, "signature header padding");
    }
    return header;
  }

  /**
   * @param dataLength the signature header's data size
   * @return the zero bytes that follow the signature header to reach an 8-byte boundary
   */
  public static int padding(int dataLength) {
    return (8 - (dataLength & 7)) & 7;
  }

  /**
   * Parses and checks a complete header held in memory (preamble, index, data).
   *
   * @param raw the header bytes (owned by the result from now on)
   * @param kind which header
   * @param file the package for messages
   * @return the header
   * @throws MalformedRpmException if it is malformed
   */
  public RpmHeader parse(byte[] raw, Kind kind, String file) throws MalformedRpmException {
    String what = kind == Kind.SIGNATURE ? "signature header" : "header";
    if (raw.length < RpmHeader.PREAMBLE || !Arrays.equals(raw, 0, 8, MAGIC, 0, 8)) {
      throw new MalformedRpmException(file, what + " has a bad magic");
    }
    int il = RpmHeader.readInt(raw, 8);
    int dl = RpmHeader.readInt(raw, 12);
    if (il < 1 || dl < 16 || (long) RpmHeader.PREAMBLE + 16L * il + dl != raw.length) {
      throw new MalformedRpmException(file, what + " sizes do not match its length");
    }
    int ds = RpmHeader.PREAMBLE + 16 * il;
    Map<Integer, RpmHeader.Entry> entries = new HashMap<>();
    RpmHeader.Entry[] byIndex = new RpmHeader.Entry[il];
    for (int i = 0; i < il; i++) {
      int p = RpmHeader.PREAMBLE + 16 * i;
      int tag = RpmHeader.readInt(raw, p);
      int typeCode = RpmHeader.readInt(raw, p + 4);
      int offset = RpmHeader.readInt(raw, p + 8);
      int count = RpmHeader.readInt(raw, p + 12);
      RpmTagType type = RpmTagType.ofCode(typeCode);
      // rpm writes the index sorted by tag, but only uniqueness matters to readers: ask no more.
      // Messages are built only on failure: this loop runs for every entry of every header.
      if (entries.containsKey(tag)) {
        throw new MalformedRpmException(file, entryName(what, i, tag) + " is duplicated");
      }
      if (type == null || type == RpmTagType.NULL) {
        throw new MalformedRpmException(
            file,
            entryName(what, i, tag) + " has unknown type " + Integer.toUnsignedString(typeCode));
      }
      if (count < 1 || count > dl) {
        throw new MalformedRpmException(
            file, entryName(what, i, tag) + " has count " + Integer.toUnsignedString(count));
      }
      if (offset < 0 || offset >= dl) {
        throw new MalformedRpmException(
            file, entryName(what, i, tag) + " has offset " + offset + " outside the data");
      }
      if (type.width() > 1 && offset % type.width() != 0) {
        throw new MalformedRpmException(file, entryName(what, i, tag) + " is misaligned");
      }
      if (type == RpmTagType.STRING && count != 1) {
        throw new MalformedRpmException(
            file, entryName(what, i, tag) + " is a STRING with count " + count);
      }
      RpmHeader.Entry e = new RpmHeader.Entry(tag, type, offset, count);
      byIndex[i] = e;
      entries.put(tag, e);
    }
    int regionTag = checkRegion(raw, ds, il, dl, byIndex[0], kind, file, what);
    checkExtents(raw, ds, dl, byIndex, file, what);
    checkTypes(entries, kind, file, what);
    RpmHeader header = new RpmHeader(raw, entries, regionTag);
    if (kind == Kind.MAIN) {
      checkFiles(header, file);
    }
    return header;
  }

  private static String entryName(String what, int index, int tag) {
    return what + " entry " + index + " (tag " + Integer.toUnsignedString(tag) + ")";
  }

  private static String tagName(String what, RpmHeader.Entry e) {
    return what + " tag " + Integer.toUnsignedString(e.tag());
  }

  private static int checkRegion(
      byte[] raw,
      int ds,
      int il,
      int dl,
      RpmHeader.Entry first,
      Kind kind,
      String file,
      String what)
      throws MalformedRpmException {
    int expected = kind == Kind.SIGNATURE ? RpmTags.HEADER_SIGNATURES : RpmTags.HEADER_IMMUTABLE;
    if (first.tag() != expected) {
      throw new MalformedRpmException(file, what + " does not start with region tag " + expected);
    }
    if (first.type() != RpmTagType.BIN || first.count() != 16) {
      throw new MalformedRpmException(file, what + " region entry is not 16 bytes of BIN");
    }
    if (first.offset() != dl - 16) {
      throw new MalformedRpmException(file, what + " region does not cover the whole data store");
    }
    int p = ds + first.offset();
    int tTag = RpmHeader.readInt(raw, p);
    int tType = RpmHeader.readInt(raw, p + 4);
    int tOffset = RpmHeader.readInt(raw, p + 8);
    int tCount = RpmHeader.readInt(raw, p + 12);
    boolean tagOk = tTag == expected || (kind == Kind.SIGNATURE && tTag == RpmTags.HEADER_IMAGE);
    if (!tagOk || tType != RpmTagType.BIN.code() || tCount != 16) {
      throw new MalformedRpmException(file, what + " region trailer is malformed");
    }
    // The trailer's offset is minus the size of the index it seals; we require it to seal all.
    if ((long) tOffset != -16L * il) {
      throw new MalformedRpmException(
          file, what + " region trailer does not seal all " + il + " entries");
    }
    return expected;
  }

  /** Checks that every entry's data lies inside the store and that no two entries overlap. */
  private static void checkExtents(
      byte[] raw, int ds, int dl, RpmHeader.Entry[] entries, String file, String what)
      throws MalformedRpmException {
    RpmHeader.Entry[] byOffset = entries.clone();
    Arrays.sort(byOffset, (a, b) -> Integer.compare(a.offset(), b.offset()));
    long prevEnd = 0;
    for (RpmHeader.Entry e : byOffset) {
      // Padding for alignment may sit between entries, never overlap.
      if (e.offset() < prevEnd) {
        throw new MalformedRpmException(file, tagName(what, e) + " overlaps another entry's data");
      }
      long end;
      if (e.type().isString()) {
        // Scanning from the previous end keeps the total work linear in the data size.
        int p = ds + e.offset();
        int limit = ds + dl;
        for (int n = 0; n < e.count(); n++) {
          while (p < limit && raw[p] != 0) {
            p++;
          }
          if (p >= limit) {
            throw new MalformedRpmException(
                file, tagName(what, e) + " has a string running past the data");
          }
          p++;
        }
        end = (long) p - ds;
      } else {
        end = e.offset() + (long) e.count() * e.type().width();
        if (end > dl) {
          throw new MalformedRpmException(
              file, tagName(what, e) + " data runs past the data store");
        }
      }
      prevEnd = end;
    }
  }

  private static final Set<Integer> SIG_STRINGS = Set.of(RpmTags.SIG_SHA1, RpmTags.SIG_SHA256);
  private static final Set<Integer> SIG_BINS =
      Set.of(
          RpmTags.SIG_DSA,
          RpmTags.SIG_RSA,
          RpmTags.SIG_PGP,
          RpmTags.SIG_MD5,
          RpmTags.SIG_GPG,
          RpmTags.SIG_RESERVEDSPACE);
  private static final Set<Integer> SIG_INT32 = Set.of(RpmTags.SIG_SIZE, RpmTags.SIG_PAYLOADSIZE);
  private static final Set<Integer> SIG_INT64 =
      Set.of(RpmTags.SIG_LONGSIZE, RpmTags.SIG_LONGARCHIVESIZE);

  private static final Set<Integer> MAIN_STRINGS =
      Set.of(
          RpmTags.NAME,
          RpmTags.VERSION,
          RpmTags.RELEASE,
          RpmTags.BUILDHOST,
          RpmTags.VENDOR,
          RpmTags.LICENSE,
          RpmTags.PACKAGER,
          RpmTags.URL,
          RpmTags.OS,
          RpmTags.ARCH,
          RpmTags.SOURCERPM,
          RpmTags.PAYLOADFORMAT,
          RpmTags.PAYLOADCOMPRESSOR,
          RpmTags.PAYLOADFLAGS);
  private static final Set<Integer> MAIN_I18N =
      Set.of(RpmTags.SUMMARY, RpmTags.DESCRIPTION, RpmTags.GROUP);
  private static final Set<Integer> MAIN_STRING_ARRAYS =
      Set.of(
          RpmTags.FILEDIGESTS,
          RpmTags.FILELINKTOS,
          RpmTags.FILEUSERNAME,
          RpmTags.FILEGROUPNAME,
          RpmTags.PROVIDENAME,
          RpmTags.PROVIDEVERSION,
          RpmTags.REQUIRENAME,
          RpmTags.REQUIREVERSION,
          RpmTags.CONFLICTNAME,
          RpmTags.CONFLICTVERSION,
          RpmTags.OBSOLETENAME,
          RpmTags.OBSOLETEVERSION,
          RpmTags.CHANGELOGNAME,
          RpmTags.CHANGELOGTEXT,
          RpmTags.BASENAMES,
          RpmTags.DIRNAMES,
          RpmTags.RECOMMENDNAME,
          RpmTags.RECOMMENDVERSION,
          RpmTags.SUGGESTNAME,
          RpmTags.SUGGESTVERSION,
          RpmTags.SUPPLEMENTNAME,
          RpmTags.SUPPLEMENTVERSION,
          RpmTags.ENHANCENAME,
          RpmTags.ENHANCEVERSION,
          RpmTags.PAYLOADDIGEST,
          RpmTags.PAYLOADDIGESTALT);
  private static final Set<Integer> MAIN_INT32 =
      Set.of(
          RpmTags.EPOCH,
          RpmTags.BUILDTIME,
          RpmTags.SIZE,
          RpmTags.FILESIZES,
          RpmTags.FILEMTIMES,
          RpmTags.FILEFLAGS,
          RpmTags.ARCHIVESIZE,
          RpmTags.REQUIREFLAGS,
          RpmTags.CONFLICTFLAGS,
          RpmTags.CHANGELOGTIME,
          RpmTags.PROVIDEFLAGS,
          RpmTags.OBSOLETEFLAGS,
          RpmTags.DIRINDEXES,
          RpmTags.FILEDIGESTALGO,
          RpmTags.RECOMMENDFLAGS,
          RpmTags.SUGGESTFLAGS,
          RpmTags.SUPPLEMENTFLAGS,
          RpmTags.ENHANCEFLAGS,
          RpmTags.PAYLOADDIGESTALGO,
          RpmTags.SOURCEPACKAGE);
  private static final Set<Integer> MAIN_INT16 = Set.of(RpmTags.FILEMODES);
  private static final Set<Integer> MAIN_INT64 =
      Set.of(RpmTags.LONGFILESIZES, RpmTags.LONGSIZE, RpmTags.SIG_LONGARCHIVESIZE);

  private static void checkTypes(
      Map<Integer, RpmHeader.Entry> entries, Kind kind, String file, String what)
      throws MalformedRpmException {
    for (RpmHeader.Entry e : entries.values()) {
      int t = e.tag();
      RpmTagType ty = e.type();
      boolean ok;
      if (kind == Kind.SIGNATURE) {
        ok =
            SIG_STRINGS.contains(t)
                ? ty == RpmTagType.STRING
                : SIG_BINS.contains(t)
                    ? ty == RpmTagType.BIN
                    : SIG_INT32.contains(t)
                        ? ty == RpmTagType.INT32 && e.count() == 1
                        : !SIG_INT64.contains(t) || (ty == RpmTagType.INT64 && e.count() == 1);
      } else {
        ok =
            MAIN_STRINGS.contains(t)
                ? ty == RpmTagType.STRING
                : MAIN_I18N.contains(t)
                    ? ty == RpmTagType.STRING || ty == RpmTagType.I18NSTRING
                    : MAIN_STRING_ARRAYS.contains(t)
                        ? ty == RpmTagType.STRING_ARRAY
                        : MAIN_INT32.contains(t)
                            ? ty == RpmTagType.INT32
                            : MAIN_INT16.contains(t)
                                ? ty == RpmTagType.INT16
                                : !MAIN_INT64.contains(t) || ty == RpmTagType.INT64;
      }
      if (!ok) {
        throw new MalformedRpmException(file, what + " tag " + t + " has unexpected type " + ty);
      }
    }
  }

  /** Checks what the file list getters rely on, and that the identity tags exist. */
  private static void checkFiles(RpmHeader h, String file) throws MalformedRpmException {
    for (int tag : new int[] {RpmTags.NAME, RpmTags.VERSION, RpmTags.RELEASE}) {
      if (!h.has(tag)) {
        throw new MalformedRpmException(
            file, "header lacks tag " + tag + " (name, version or release)");
      }
    }
    int files = h.entry(RpmTags.BASENAMES).map(RpmHeader.Entry::count).orElse(0);
    int dirs = h.entry(RpmTags.DIRNAMES).map(RpmHeader.Entry::count).orElse(0);
    int[] idx = h.int32Array(RpmTags.DIRINDEXES);
    if (idx.length != files) {
      throw new MalformedRpmException(
          file, "header has " + files + " base names but " + idx.length + " dir indexes");
    }
    for (int i : idx) {
      if (i < 0 || i >= dirs) {
        throw new MalformedRpmException(
            file, "header has a dir index " + i + " outside its " + dirs + " dir names");
      }
    }
  }

  private static byte[] readFully(InputStream in, int n, String file, String what)
      throws MalformedRpmException, IOException {
    byte[] b = new byte[n];
    readFully(in, b, 0, n, file, what);
    return b;
  }

  private static void readFully(InputStream in, byte[] b, int off, int n, String file, String what)
      throws MalformedRpmException, IOException {
    int done = 0;
    while (done < n) {
      int r = in.read(b, off + done, n - done);
      if (r < 0) {
        throw new MalformedRpmException(
            file, what + " is truncated (" + done + " of " + n + " bytes)");
      }
      done += r;
    }
  }
}
