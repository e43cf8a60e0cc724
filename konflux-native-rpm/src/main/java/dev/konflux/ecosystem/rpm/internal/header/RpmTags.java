package dev.konflux.ecosystem.rpm.internal.header;

/**
 * Tag numbers of the RPM header and signature header (rpmtag.h). Signature header tags below 1000
 * share the main header's numbering; the 1000+ range means something else in each header.
 */
public final class RpmTags {
  private RpmTags() {}

  // Region tags: the first index entry of a header, pointing at the trailer that seals it.
  /** Legacy region tag, still accepted in signature trailers. */
  public static final int HEADER_IMAGE = 61;

  /** Region of the signature header. */
  public static final int HEADER_SIGNATURES = 62;

  /** Region of the main (immutable) header. */
  public static final int HEADER_IMMUTABLE = 63;

  /** Header i18n table. */
  public static final int HEADER_I18NTABLE = 100;

  // Signature header.
  /** DSA/EdDSA/ECDSA OpenPGP signature of the main header. */
  public static final int SIG_DSA = 267;

  /** RSA OpenPGP signature of the main header. */
  public static final int SIG_RSA = 268;

  /** SHA-1 hex of the main header. */
  public static final int SIG_SHA1 = 269;

  /** 64-bit size of main header plus payload. */
  public static final int SIG_LONGSIZE = 270;

  /** 64-bit uncompressed payload size. */
  public static final int SIG_LONGARCHIVESIZE = 271;

  /** SHA-256 hex of the main header. */
  public static final int SIG_SHA256 = 273;

  /** IMA file signatures. */
  public static final int SIG_FILESIGNATURES = 274;

  /** IMA file signature length. */
  public static final int SIG_FILESIGNATURELENGTH = 275;

  /** fs-verity signatures. */
  public static final int SIG_VERITYSIGNATURES = 276;

  /** fs-verity algorithm. */
  public static final int SIG_VERITYSIGNATUREALGO = 277;

  /** rpm 6 OpenPGP signatures (base64 array). */
  public static final int SIG_OPENPGP = 278;

  /** 32-bit size of main header plus payload. */
  public static final int SIG_SIZE = 1000;

  /** OpenPGP RSA signature of header plus payload (v3 style). */
  public static final int SIG_PGP = 1002;

  /** MD5 of header plus payload. */
  public static final int SIG_MD5 = 1004;

  /** OpenPGP DSA signature of header plus payload (v3 style). */
  public static final int SIG_GPG = 1005;

  /** 32-bit uncompressed payload size. */
  public static final int SIG_PAYLOADSIZE = 1007;

  /** Space reserved for in-place signing. */
  public static final int SIG_RESERVEDSPACE = 1008;

  // Main header.
  /** Package name. */
  public static final int NAME = 1000;

  /** Version. */
  public static final int VERSION = 1001;

  /** Release. */
  public static final int RELEASE = 1002;

  /** Epoch (int32). */
  public static final int EPOCH = 1003;

  /** Summary (i18n). */
  public static final int SUMMARY = 1004;

  /** Description (i18n). */
  public static final int DESCRIPTION = 1005;

  /** Build time (int32 seconds). */
  public static final int BUILDTIME = 1006;

  /** Build host. */
  public static final int BUILDHOST = 1007;

  /** Installed size (int32). */
  public static final int SIZE = 1009;

  /** Vendor. */
  public static final int VENDOR = 1011;

  /** License. */
  public static final int LICENSE = 1014;

  /** Packager. */
  public static final int PACKAGER = 1015;

  /** Group (i18n). */
  public static final int GROUP = 1016;

  /** URL. */
  public static final int URL = 1020;

  /** OS. */
  public static final int OS = 1021;

  /** Architecture. */
  public static final int ARCH = 1022;

  /** File sizes (int32). */
  public static final int FILESIZES = 1028;

  /** File modes (int16). */
  public static final int FILEMODES = 1030;

  /** File modification times (int32). */
  public static final int FILEMTIMES = 1034;

  /** File digests (hex strings). */
  public static final int FILEDIGESTS = 1035;

  /** Symlink targets. */
  public static final int FILELINKTOS = 1036;

  /** File flags (int32). */
  public static final int FILEFLAGS = 1037;

  /** File owners. */
  public static final int FILEUSERNAME = 1039;

  /** File groups. */
  public static final int FILEGROUPNAME = 1040;

  /** Source RPM file name (absent in source packages). */
  public static final int SOURCERPM = 1044;

  /** Uncompressed payload size (int32). */
  public static final int ARCHIVESIZE = 1046;

  /** Source package: numbers of sources left out (a {@code .nosrc.rpm}). */
  public static final int NOSOURCE = 1051;

  /** Source package: numbers of patches left out (a {@code .nosrc.rpm}). */
  public static final int NOPATCH = 1052;

  /** Provides: names. */
  public static final int PROVIDENAME = 1047;

  /** Requires: flags. */
  public static final int REQUIREFLAGS = 1048;

  /** Requires: names. */
  public static final int REQUIRENAME = 1049;

  /** Requires: versions. */
  public static final int REQUIREVERSION = 1050;

  /** Conflicts: flags. */
  public static final int CONFLICTFLAGS = 1053;

  /** Conflicts: names. */
  public static final int CONFLICTNAME = 1054;

  /** Conflicts: versions. */
  public static final int CONFLICTVERSION = 1055;

  /** Changelog times (int32). */
  public static final int CHANGELOGTIME = 1080;

  /** Changelog authors. */
  public static final int CHANGELOGNAME = 1081;

  /** Changelog texts. */
  public static final int CHANGELOGTEXT = 1082;

  /** Obsoletes: names. */
  public static final int OBSOLETENAME = 1090;

  /** Marks a source package (int32). */
  public static final int SOURCEPACKAGE = 1106;

  /** Provides: flags. */
  public static final int PROVIDEFLAGS = 1112;

  /** Provides: versions. */
  public static final int PROVIDEVERSION = 1113;

  /** Obsoletes: flags. */
  public static final int OBSOLETEFLAGS = 1114;

  /** Obsoletes: versions. */
  public static final int OBSOLETEVERSION = 1115;

  /** Index into DIRNAMES for each file (int32). */
  public static final int DIRINDEXES = 1116;

  /** File base names. */
  public static final int BASENAMES = 1117;

  /** Directory names (with trailing slash). */
  public static final int DIRNAMES = 1118;

  /** Payload format (cpio). */
  public static final int PAYLOADFORMAT = 1124;

  /** Payload compressor (gzip, xz, zstd). */
  public static final int PAYLOADCOMPRESSOR = 1125;

  /** Payload compression flags. */
  public static final int PAYLOADFLAGS = 1126;

  /** 64-bit file sizes. */
  public static final int LONGFILESIZES = 5008;

  /** 64-bit installed size. */
  public static final int LONGSIZE = 5009;

  /** File digest algorithm (int32, OpenPGP hash numbers). */
  public static final int FILEDIGESTALGO = 5011;

  /** Recommends: names. */
  public static final int RECOMMENDNAME = 5046;

  /** Recommends: versions. */
  public static final int RECOMMENDVERSION = 5047;

  /** Recommends: flags. */
  public static final int RECOMMENDFLAGS = 5048;

  /** Suggests: names. */
  public static final int SUGGESTNAME = 5049;

  /** Suggests: versions. */
  public static final int SUGGESTVERSION = 5050;

  /** Suggests: flags. */
  public static final int SUGGESTFLAGS = 5051;

  /** Supplements: names. */
  public static final int SUPPLEMENTNAME = 5052;

  /** Supplements: versions. */
  public static final int SUPPLEMENTVERSION = 5053;

  /** Supplements: flags. */
  public static final int SUPPLEMENTFLAGS = 5054;

  /** Enhances: names. */
  public static final int ENHANCENAME = 5055;

  /** Enhances: versions. */
  public static final int ENHANCEVERSION = 5056;

  /** Enhances: flags. */
  public static final int ENHANCEFLAGS = 5057;

  /** Digest(s) of the compressed payload (hex). */
  public static final int PAYLOADDIGEST = 5092;

  /** Payload digest algorithm (int32, OpenPGP hash numbers: 8 = SHA-256). */
  public static final int PAYLOADDIGESTALGO = 5093;

  /** Digest(s) of the uncompressed payload (hex). */
  public static final int PAYLOADDIGESTALT = 5097;
}
