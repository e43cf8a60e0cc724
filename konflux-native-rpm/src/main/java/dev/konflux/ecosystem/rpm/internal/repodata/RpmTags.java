package dev.konflux.ecosystem.rpm.internal.repodata;

/** The RPM tag numbers (rpmtag.h) and flag bits repodata is made from. */
final class RpmTags {
  static final int LONGARCHIVESIZE = 271;
  static final int SIG_PAYLOADSIZE = 1007;
  static final int NAME = 1000;
  static final int VERSION = 1001;
  static final int RELEASE = 1002;
  static final int EPOCH = 1003;
  static final int SUMMARY = 1004;
  static final int DESCRIPTION = 1005;
  static final int BUILDTIME = 1006;
  static final int BUILDHOST = 1007;
  static final int SIZE = 1009;
  static final int VENDOR = 1011;
  static final int LICENSE = 1014;
  static final int PACKAGER = 1015;
  static final int GROUP = 1016;
  static final int URL = 1020;
  static final int ARCH = 1022;
  static final int FILEMODES = 1030;
  static final int FILEFLAGS = 1037;
  static final int SOURCERPM = 1044;
  static final int ARCHIVESIZE = 1046;
  static final int PROVIDENAME = 1047;
  static final int REQUIREFLAGS = 1048;
  static final int REQUIRENAME = 1049;
  static final int REQUIREVERSION = 1050;
  static final int CONFLICTFLAGS = 1053;
  static final int CONFLICTNAME = 1054;
  static final int CONFLICTVERSION = 1055;
  static final int CHANGELOGTIME = 1080;
  static final int CHANGELOGNAME = 1081;
  static final int CHANGELOGTEXT = 1082;
  static final int OBSOLETENAME = 1090;
  static final int SOURCEPACKAGE = 1106;
  static final int PROVIDEFLAGS = 1112;
  static final int PROVIDEVERSION = 1113;
  static final int OBSOLETEFLAGS = 1114;
  static final int OBSOLETEVERSION = 1115;
  static final int DIRINDEXES = 1116;
  static final int BASENAMES = 1117;
  static final int DIRNAMES = 1118;
  static final int LONGSIZE = 5009;
  static final int RECOMMENDNAME = 5046;
  static final int RECOMMENDVERSION = 5047;
  static final int RECOMMENDFLAGS = 5048;
  static final int SUGGESTNAME = 5049;
  static final int SUGGESTVERSION = 5050;
  static final int SUGGESTFLAGS = 5051;
  static final int SUPPLEMENTNAME = 5052;
  static final int SUPPLEMENTVERSION = 5053;
  static final int SUPPLEMENTFLAGS = 5054;
  static final int ENHANCENAME = 5055;
  static final int ENHANCEVERSION = 5056;
  static final int ENHANCEFLAGS = 5057;

  /** RPMSENSE bits that make a requirement {@code pre="1"}. */
  static final long SENSE_PRE = (1 << 5) | (1 << 6) | (1 << 7) | (1 << 9) | (1 << 10);

  /** RPMFILE_GHOST. */
  static final long FILE_GHOST = 1 << 6;

  private RpmTags() {}
}
