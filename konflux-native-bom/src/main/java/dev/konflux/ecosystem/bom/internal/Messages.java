package dev.konflux.ecosystem.bom.internal;

import dev.konflux.ecosystem.spi.UntrustedText;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Bounds library messages about untrusted documents before they go into an exception. */
final class Messages {
  private static final int MAX = 5;

  private Messages() {}

  static List<String> first(List<?> messages) {
    List<String> out = new ArrayList<>();
    for (Object m : messages) {
      if (out.size() == MAX) {
        out.add("… " + (messages.size() - MAX) + " more");
        break;
      }
      out.add(of(m instanceof Throwable t ? t.getMessage() : String.valueOf(m)));
    }
    return out;
  }

  static String of(@Nullable String message) {
    return message == null ? "(no message)" : UntrustedText.printable(message);
  }
}
