package dev.konflux.ecosystem.examples.cli;

import dev.konflux.ecosystem.api.ReleaseEvent;
import dev.konflux.ecosystem.api.ReleaseListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Turns release events into one progress line on a terminal, rewritten in place; off a terminal it
 * prints one line per finished component instead. A failing component is not printed here: {@link
 * ResultReport} prints it once, with its failing decisions.
 */
final class ProgressLine implements ReleaseListener {
  private final PrintWriter out;
  private final boolean terminal;
  private long bytes;
  private int files;
  private String component = "";
  private long lastPaint;

  ProgressLine(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void onEvent(ReleaseEvent event) {
    if (event instanceof ReleaseEvent.ComponentStarted s) {
      component = s.component();
      paint(true);
    } else if (event instanceof ReleaseEvent.BytesTransferred b) {
      if (b.bytesDone() == b.bytesTotal()) {
        bytes += b.bytesTotal();
      }
      paint(false);
    } else if (event instanceof ReleaseEvent.FileProduced) {
      files++;
      paint(false);
    } else if (event instanceof ReleaseEvent.ComponentFinished f) {
      line(
          "✓ "
              + f.component()
              + " ("
              + f.artifacts()
              + " artifact"
              + (f.artifacts() == 1 ? "" : "s")
              + ")");
    } else if (event instanceof ReleaseEvent.ComponentFailed) {
      clear();
    } else if (event instanceof ReleaseEvent.ReleaseCommitted c) {
      line("committed " + c.files() + " files (" + String.join(", ", c.ecosystems()) + ")");
    }
  }

  private void paint(boolean force) {
    if (!terminal) {
      return;
    }
    long now = System.nanoTime();
    if (!force && now - lastPaint < 100_000_000L) {
      return;
    }
    lastPaint = now;
    out.print(
        String.format(
            Locale.ROOT,
            "\r\033[K%s: %.1f MiB verified, %d files",
            component,
            bytes / 1048576.0,
            files));
    out.flush();
  }

  private void clear() {
    if (terminal) {
      out.print("\r\033[K");
      out.flush();
    }
  }

  private void line(String text) {
    out.print(terminal ? "\r\033[K" + text + "\n" : text + "\n");
    out.flush();
  }
}
