package dev.konflux.ecosystem.serve;

import dev.konflux.ecosystem.serve.internal.SuppressForbidden;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action when the process receives {@code SIGHUP}, the Unix convention for "re-read your
 * configuration" ({@code kill -HUP <pid>}): {@code konflux-native serve} re-reads its Snapshot.
 *
 * <p>The JDK has no public API for signals; {@code sun.misc.Signal} is in the {@code
 * jdk.unsupported} module, which the JDK exports and keeps for exactly this kind of use (JEP 260).
 * It is reached by reflection: javac warns about every direct reference to a {@code sun.*} class
 * with a warning that cannot be suppressed (and this build fails on warnings), and forbidden-apis
 * lists those classes, so this one method is marked {@link SuppressForbidden} with its reason. When
 * the signal cannot be handled (another platform, {@code -Xrs}, a JDK without the class), {@link
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
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
      Object handler =
          Proxy.newProxyInstance(
              HangupSignal.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      action.run();
                      yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> args != null && args.length == 1 && proxy == args[0];
                    default -> "konflux-native SIGHUP handler";
                  });
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      Throwable cause =
          e instanceof InvocationTargetException i && i.getCause() != null ? i.getCause() : e;
      LOG.warn("SIGHUP cannot be handled here: {}", cause.toString());
      return false;
    }
  }
}
