package dev.konflux.ecosystem.internal.release;

import dev.konflux.ecosystem.api.ReleaseEvent;
import dev.konflux.ecosystem.api.ReleaseListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers events to the caller's listener; a throwing listener is logged, never fatal. */
final class Events {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);
  private final ReleaseListener listener;

  Events(ReleaseListener listener) {
    this.listener = listener;
  }

  void emit(ReleaseEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("release listener failed on {}", event.getClass().getSimpleName(), e);
    }
  }

  ReleaseListener asListener() {
    return this::emit;
  }
}
