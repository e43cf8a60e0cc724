package dev.konflux.ecosystem.rpm.internal.header;

import org.jspecify.annotations.Nullable;

/** The data types of RPM header entries, with their on-disk numbers. */
public enum RpmTagType {
  /** No data. */
  NULL(0, 0),
  /** Characters (one byte each). */
  CHAR(1, 1),
  /** 8-bit integers. */
  INT8(2, 1),
  /** Big-endian 16-bit integers, 2-byte aligned. */
  INT16(3, 2),
  /** Big-endian 32-bit integers, 4-byte aligned. */
  INT32(4, 4),
  /** Big-endian 64-bit integers, 8-byte aligned. */
  INT64(5, 8),
  /** One NUL-terminated string. */
  STRING(6, 0),
  /** Opaque bytes. */
  BIN(7, 1),
  /** NUL-terminated strings. */
  STRING_ARRAY(8, 0),
  /** NUL-terminated strings, one per header language; the first is the default. */
  I18NSTRING(9, 0);

  private final int code;
  private final int width;

  RpmTagType(int code, int width) {
    this.code = code;
    this.width = width;
  }

  /**
   * @return the on-disk type number
   */
  public int code() {
    return code;
  }

  /**
   * @return the size of one element for fixed-size types, 0 for string types and NULL
   */
  int width() {
    return width;
  }

  /**
   * @return whether entries of this type hold NUL-terminated strings
   */
  boolean isString() {
    return this == STRING || this == STRING_ARRAY || this == I18NSTRING;
  }

  /**
   * @param code an on-disk type number
   * @return the type, or {@code null} if unknown
   */
  static @Nullable RpmTagType ofCode(int code) {
    return code >= 0 && code < values().length ? values()[code] : null;
  }
}
