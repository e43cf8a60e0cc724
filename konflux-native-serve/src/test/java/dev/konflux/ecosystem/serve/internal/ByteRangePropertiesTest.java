package dev.konflux.ecosystem.serve.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/** The Range parser on arbitrary headers: a partial answer always lies within the file. */
class ByteRangePropertiesTest {

  @Property(tries = 3000)
  void anyHeaderGivesARangeInsideTheFileOrNone(
      @ForAll @StringLength(max = 60) String header,
      @ForAll @LongRange(min = 0, max = 1L << 40) long size) {
    check(ByteRange.parse(header, size), size);
    check(ByteRange.parse("bytes=" + header, size), size);
  }

  @Property(tries = 3000)
  void numericRangesAreHonouredOrRefusedExactly(
      @ForAll @LongRange(min = 0, max = 5000) long first,
      @ForAll @LongRange(min = 0, max = 5000) long last,
      @ForAll @LongRange(min = 0, max = 4000) long size) {
    ByteRange.Request r = ByteRange.parse("bytes=" + first + "-" + last, size);
    if (last < first) {
      assertEquals(ByteRange.Kind.WHOLE, r.kind());
    } else if (first >= size) {
      assertEquals(ByteRange.Kind.UNSATISFIABLE, r.kind());
    } else {
      assertEquals(new ByteRange(first, Math.min(last, size - 1)), r.range().orElseThrow());
    }
    check(r, size);
  }

  private static void check(ByteRange.Request r, long size) {
    if (r.kind() == ByteRange.Kind.PARTIAL) {
      ByteRange range = r.range().orElseThrow();
      assertTrue(
          range.first() >= 0 && range.first() <= range.last() && range.last() < size,
          range + " of " + size);
    } else {
      assertTrue(r.range().isEmpty());
    }
  }
}
