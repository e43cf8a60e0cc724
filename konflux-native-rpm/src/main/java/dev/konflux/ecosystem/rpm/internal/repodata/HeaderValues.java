package dev.konflux.ecosystem.rpm.internal.repodata;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Read access to the tags of a package's headers, by RPM tag number, as {@link PackageEntries}
 * needs it. Absent tags give {@code null} or empty arrays.
 */
public interface HeaderValues {

  /**
   * @param tag an RPM tag number
   * @return the tag's string (for i18n strings: the first, untranslated one), or {@code null}
   */
  @Nullable String string(int tag);

  /**
   * @param tag an RPM tag number of a string array
   * @return its values, or an empty list
   */
  List<String> strings(int tag);

  /**
   * @param tag an RPM tag number of an integer or integer array (any width, unsigned where RPM
   *     means unsigned)
   * @return its values, or an empty array
   */
  long[] numbers(int tag);

  /**
   * @param tag an RPM tag number
   * @return the first value of a numeric tag, or {@code null} if absent
   */
  default @Nullable Long number(int tag) {
    long[] v = numbers(tag);
    return v.length == 0 ? null : v[0];
  }

  /**
   * Reads a numeric tag of the signature header (tag numbers there mean other things: 1007 is the
   * payload size, not the build host).
   *
   * @param tag a signature header tag number
   * @return its first value, or {@code null} if absent
   */
  default @Nullable Long signatureNumber(int tag) {
    return null;
  }
}
