package dev.konflux.ecosystem.api;

/**
 * Receives {@link ReleaseEvent}s. Called on the thread doing the work; keep it quick and do not
 * throw (an exception from a listener is logged and ignored).
 */
@FunctionalInterface
public interface ReleaseListener {
  /** A listener that ignores every event. */
  ReleaseListener NONE = event -> {};

  /**
   * @param event what happened
   */
  void onEvent(ReleaseEvent event);
}
