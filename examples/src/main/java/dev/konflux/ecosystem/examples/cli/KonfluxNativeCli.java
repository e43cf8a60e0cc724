package dev.konflux.ecosystem.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code konflux-native}: the command line face of the library. The only code that prints. */
@Command(
    name = "konflux-native",
    mixinStandardHelpOptions = true,
    version = "konflux-native 0.1.0",
    description = "Turns Konflux OCI build artifacts into verified, signed, ecosystem-native distributions.",
    subcommands = {TranslateCommand.class, VerifyBundleCommand.class})
public final class KonfluxNativeCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (translate, verify-bundle)");
  }

  /**
   * @param args command line
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the CLI without exiting, for tests and embedding.
   *
   * @param args command line
   * @return the exit code
   */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new KonfluxNativeCli());
    // Usage errors are handled below; anything else that escapes a command is a failure, not usage.
    cl.setExitCodeExceptionMapper(e -> ExitCodes.FAILED);
    cl.setParameterExceptionHandler((ex, a) -> {
      cl.getErr().println(ex.getMessage());
      ex.getCommandLine().usage(cl.getErr());
      return ExitCodes.USAGE;
    });
    return cl.execute(args);
  }
}
