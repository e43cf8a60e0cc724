package dev.konflux.ecosystem.internal.release;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An immutable list read on first use: the files and reports of a committed release record that a
 * no-op rerun returns without parsing them (with 50,000 files, parsing {@code release.json} was
 * most of a no-op). {@link dev.konflux.ecosystem.api.ReleaseRecord} keeps it as it is, like a
 * {@link SpilledList}.
 *
 * @param <T> the element type
 */
public final class LazyList<T> extends AbstractList<T> implements RandomAccess {
  private final Supplier<List<T>> source;
  private @Nullable List<T> list;

  /**
   * @param source gives the elements, called at most once; it throws an unchecked exception (saying
   *     why) when they cannot be had
   */
  LazyList(Supplier<List<T>> source) {
    this.source = source;
  }

  private synchronized List<T> list() {
    List<T> l = list;
    if (l == null) {
      l = source.get();
      list = l;
    }
    return l;
  }

  @Override
  public T get(int index) {
    return list().get(index);
  }

  @Override
  public int size() {
    return list().size();
  }

  @Override
  public java.util.Iterator<T> iterator() {
    return list().iterator();
  }
}
