package dev.konflux.ecosystem.rpm.internal.repodata;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Header tags held in maps, for tests of {@link PackageEntries}. */
final class MapHeaderValues implements HeaderValues {
  final Map<Integer, List<String>> strings = new HashMap<>();
  final Map<Integer, long[]> numbers = new HashMap<>();
  final Map<Integer, Long> signature = new HashMap<>();

  MapHeaderValues put(int tag, String... values) {
    strings.put(tag, List.of(values));
    return this;
  }

  MapHeaderValues put(int tag, long... values) {
    numbers.put(tag, values);
    return this;
  }

  @Override
  public String string(int tag) {
    List<String> v = strings.get(tag);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  @Override
  public List<String> strings(int tag) {
    return strings.getOrDefault(tag, List.of());
  }

  @Override
  public long[] numbers(int tag) {
    return numbers.getOrDefault(tag, new long[0]);
  }

  @Override
  public Long signatureNumber(int tag) {
    return signature.get(tag);
  }
}
