package dev.konflux.ecosystem.internal.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Elements read back by {@link SpilledList#get} in any order are the ones written. */
class SpilledListTest {
  private static final SpilledList.Codec<String> STRINGS =
      new SpilledList.Codec<>() {
        @Override
        public void write(String value, DataOutputStream out) throws IOException {
          SpilledList.writeString(out, value);
        }

        @Override
        public String read(DataInputStream in) throws IOException {
          return SpilledList.readString(in);
        }
      };

  private static SpilledList<String> spill(List<String> values) throws IOException {
    try (SpilledList.Writer<String> w = SpilledList.writer(STRINGS, null)) {
      for (String v : values) {
        w.add(v);
      }
      return w.finish();
    }
  }

  /**
   * Runs of consecutive indices (read through the sequential cursor) mixed with jumps back and
   * forth (positional reads, which drop it) give the element at each index.
   */
  @Property(tries = 200)
  void everyReadOrderGivesTheWrittenElements(
      @ForAll @Size(min = 1, max = 60) List<String> values,
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 200) Integer> jumps,
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 8) Integer> runs)
      throws IOException {
    SpilledList<String> list = spill(values);
    for (int j = 0; j < jumps.size(); j++) {
      int at = jumps.get(j) % values.size();
      int run = j < runs.size() ? runs.get(j) : 1;
      for (int k = at; k < Math.min(values.size(), at + run + 1); k++) {
        assertEquals(values.get(k), list.get(k), "element " + k);
      }
    }
    assertEquals(values, new ArrayList<>(list));
  }

  /** A part read from the start of each element, the rest skipped, is each element's part. */
  @Property(tries = 200)
  void partsAreReadFromEachElementAndTheRestSkipped(
      @ForAll @Size(max = 60) List<String> firsts, @ForAll @Size(max = 60) List<String> rests)
      throws IOException {
    SpilledList.Codec<String[]> pairs =
        new SpilledList.Codec<>() {
          @Override
          public void write(String[] value, DataOutputStream out) throws IOException {
            SpilledList.writeString(out, value[0]);
            SpilledList.writeString(out, value[1]);
            out.writeLong(value[1].length());
          }

          @Override
          public String[] read(DataInputStream in) throws IOException {
            return new String[] {SpilledList.readString(in), SpilledList.readString(in)};
          }
        };
    SpilledList<String[]> list;
    try (SpilledList.Writer<String[]> w = SpilledList.writer(pairs, null)) {
      for (int i = 0; i < firsts.size(); i++) {
        w.add(new String[] {firsts.get(i), rests.isEmpty() ? "" : rests.get(i % rests.size())});
      }
      list = w.finish();
    }
    List<String> read = new ArrayList<>();
    list.parts(SpilledList::readString).forEachRemaining(read::add);
    assertEquals(firsts, read);
  }

  @Test
  void aReadFromStartToEndOneByOneGivesEveryElement() throws IOException {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      values.add("rpm/x86_64/Packages/p/package-" + i + "-1.0-1.noarch.rpm");
    }
    SpilledList<String> list = spill(values);
    for (int i = 0; i < values.size(); i++) {
      assertEquals(values.get(i), list.get(i));
    }
    // and again, after the cursor reached the end
    assertEquals(values.get(0), list.get(0));
    assertEquals(values.get(1), list.get(1));
    assertThrows(IndexOutOfBoundsException.class, () -> list.get(values.size()));
  }
}
