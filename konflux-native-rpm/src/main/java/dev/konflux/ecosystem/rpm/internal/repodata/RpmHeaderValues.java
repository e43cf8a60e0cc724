package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.rpm.internal.header.RpmHeader;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@link HeaderValues} over the parsed main and signature headers of a package. */
public final class RpmHeaderValues implements HeaderValues {
  private final RpmHeader main;
  private final RpmHeader signature;

  /**
   * @param main the main header
   * @param signature the signature header, or {@code null}
   */
  public RpmHeaderValues(RpmHeader main, RpmHeader signature) {
    this.main = main;
    this.signature = signature;
  }

  @Override
  public @Nullable String string(int tag) {
    return main.string(tag).orElse(null);
  }

  @Override
  public List<String> strings(int tag) {
    return main.stringArray(tag);
  }

  @Override
  public long[] numbers(int tag) {
    return main.numbers(tag);
  }

  @Override
  public @Nullable Long signatureNumber(int tag) {
    if (signature == null) {
      return null;
    }
    long[] v = signature.numbers(tag);
    return v.length == 0 ? null : v[0];
  }
}
