package dev.konflux.ecosystem.serve;

import dev.konflux.ecosystem.serve.internal.SuppressForbidden;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action when the process receives {@code SIGHUP}, the Unix convention for "re-read your
 * configuration" ({@code kill -HUP <pid>}): {@code konflux-native serve} re-reads its Snapshot.
 *
 * <p>The JDK has no public API for signals; {@code sun.misc.Signal} is in the {@code
 * jdk.unsupported} module, which the JDK exports and keeps for exactly this kind of use (JEP 260),
 * but forbidden-apis lists every {@code sun.*} class, so this one class is exempted. When the
 * signal cannot be handled (another platform, {@code -Xrs}, a JDK without the class), {@link
 * #onHangup} says so and the caller falls back (the CLI's {@code --watch}).
 */
public final class HangupSignal {
  private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

  private HangupSignal() {}

  /**
   * Installs a {@code SIGHUP} handler (replacing the JVM's default, which would exit).
   *
   * @param action run on the JVM's signal thread for every {@code SIGHUP}; should only hand the
   *     work to another thread
   * @return whether the handler is installed
   */
  @SuppressForbidden(reason = "sun.misc.Signal: the only way to handle SIGHUP in a JDK 17")
  public static boolean onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      LOG.warn("SIGHUP cannot be handled here: {}", e.toString());
      return false;
    }
  }
}
