package dev.konflux.ecosystem.rpm.internal.header;

import java.nio.charset.StandardCharsets;

/**
 * The 96-byte lead that starts every RPM file. Only its magic, version, type and signature type
 * matter today; the rest is kept so that a re-signed package keeps its lead byte for byte.
 *
 * @param raw the 96 lead bytes (copied)
 * @param major format major version (3 or 4)
 * @param minor format minor version
 * @param type 0 for a binary package, 1 for a source package
 * @param archNum the legacy architecture number
 * @param name the legacy NVR name field, up to its first NUL
 * @param osNum the legacy OS number
 * @param signatureType 5: a header-style signature follows
 */
public record RpmLead(
    byte[] raw,
    int major,
    int minor,
    int type,
    int archNum,
    String name,
    int osNum,
    int signatureType) {

  /** Size of the lead in bytes. */
  public static final int SIZE = 96;

  /** Lead type of a source package. */
  public static final int TYPE_SOURCE = 1;

  /** The only signature type in use: a signature header follows the lead. */
  public static final int SIGNATURE_TYPE_HEADER = 5;

  /** Copies the raw bytes. */
  public RpmLead {
    raw = raw.clone();
  }

  /**
   * Parses and checks a lead.
   *
   * @param b exactly {@link #SIZE} bytes
   * @param file the package for messages
   * @return the lead
   * @throws MalformedRpmException if magic, version or signature type are wrong
   */
  public static RpmLead parse(byte[] b, String file) throws MalformedRpmException {
    if (b.length != SIZE) {
      throw new MalformedRpmException(file, "lead is " + b.length + " bytes, not " + SIZE);
    }
    if ((b[0] & 0xff) != 0xed
        || (b[1] & 0xff) != 0xab
        || (b[2] & 0xff) != 0xee
        || (b[3] & 0xff) != 0xdb) {
      throw new MalformedRpmException(file, "not an RPM package (bad lead magic)");
    }
    int major = b[4] & 0xff;
    int minor = b[5] & 0xff;
    if (major < 3 || major > 4) {
      throw new MalformedRpmException(
          file, "unsupported RPM format version " + major + "." + minor);
    }
    int type = u16(b, 6);
    if (type != 0 && type != TYPE_SOURCE) {
      throw new MalformedRpmException(file, "unknown package type " + type + " in lead");
    }
    int sigType = u16(b, 78);
    if (sigType != SIGNATURE_TYPE_HEADER) {
      throw new MalformedRpmException(file, "unsupported signature type " + sigType + " in lead");
    }
    int nul = 10;
    while (nul < 76 && b[nul] != 0) {
      nul++;
    }
    String name = new String(b, 10, nul - 10, StandardCharsets.ISO_8859_1);
    return new RpmLead(b, major, minor, type, u16(b, 8), name, u16(b, 76), sigType);
  }

  private static int u16(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }

  /**
   * @return a copy of the 96 lead bytes
   */
  @Override
  public byte[] raw() {
    return raw.clone();
  }

  /**
   * @return whether the lead marks a source package
   */
  public boolean isSource() {
    return type == TYPE_SOURCE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RpmLead l && java.util.Arrays.equals(raw, l.raw);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "RpmLead[" + major + "." + minor + " type=" + type + " name=" + name + "]";
  }
}
