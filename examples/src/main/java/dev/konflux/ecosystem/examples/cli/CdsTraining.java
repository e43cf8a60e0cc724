package dev.konflux.ecosystem.examples.cli;

import java.nio.file.Path;

/**
 * The work the {@code konflux-native} launcher runs once per build to make its class-data-sharing
 * archive (or JDK 25 AOT cache): the embedded example released into a new output, then released
 * again (the no-op rerun). An archive holds only the classes its training run loaded; one made by
 * whatever command ran first (often {@code --help}) left the release's own classes out of it, and
 * every later release loaded and verified them from the jars again.
 */
public final class CdsTraining {
  private CdsTraining() {}

  /**
   * @param args a new, empty work directory (the launcher deletes it afterwards)
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CdsTraining WORK_DIR");
    }
    String out = Path.of(args[0]).resolve("out").toString();
    int first = KonfluxNativeCli.execute("translate", "--example", "--out", out);
    int again = KonfluxNativeCli.execute("translate", "--example", "--out", out);
    System.exit(first == ExitCodes.OK && again == ExitCodes.OK ? 0 : 1);
  }
}
