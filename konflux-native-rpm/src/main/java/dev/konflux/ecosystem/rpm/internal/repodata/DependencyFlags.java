package dev.konflux.ecosystem.rpm.internal.repodata;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The comparison of a versioned dependency, as repodata writes it in {@code flags}. */
public enum DependencyFlags {
  /** {@code <}. */
  LT(2),
  /** {@code >}. */
  GT(4),
  /** {@code =}. */
  EQ(8),
  /** {@code <=}. */
  LE(10),
  /** {@code >=}. */
  GE(12);

  private final int senseBits;

  DependencyFlags(int senseBits) {
    this.senseBits = senseBits;
  }

  /**
   * Maps RPM's {@code RPMSENSE_*} bits to a comparison; only the low four bits count, as in
   * createrepo_c.
   *
   * @param rpmSense the dependency's flags from the header
   * @return the comparison, or {@code null} for an unversioned (or meaningless) one
   */
  public static @Nullable DependencyFlags fromRpmSense(long rpmSense) {
    int bits = (int) (rpmSense & 0xf);
    for (DependencyFlags f : values()) {
      if (f.senseBits == bits) {
        return f;
      }
    }
    return null;
  }

  /**
   * Parses the XML attribute value.
   *
   * @param text {@code EQ}, {@code LT}, ...
   * @return the comparison, or {@code null} if the text names none
   */
  public static @Nullable DependencyFlags fromXml(@Nullable String text) {
    if (text == null) {
      return null;
    }
    for (DependencyFlags f : values()) {
      if (f.name().equals(text.toUpperCase(Locale.ROOT))) {
        return f;
      }
    }
    return null;
  }
}
