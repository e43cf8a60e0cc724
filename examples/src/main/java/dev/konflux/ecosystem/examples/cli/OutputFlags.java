package dev.konflux.ecosystem.examples.cli;

import picocli.CommandLine.Option;

/**
 * How a {@code publish} command reports: {@code --json} and {@code --verbose} (a picocli mixin).
 */
final class OutputFlags {

  @Option(
      names = "--json",
      description = "print one JSON result object on standard output, on success and on failure")
  boolean json;

  /** Read by {@link KonfluxNativeCli} from the arguments before any logger exists. */
  @Option(
      names = "--verbose",
      description = "also log the library's progress (SLF4J INFO) on standard error")
  boolean verbose;
}
