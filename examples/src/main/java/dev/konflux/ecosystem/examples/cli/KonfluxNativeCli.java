package dev.konflux.ecosystem.examples.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code konflux-native}: the command line face of the library. The only code that prints. */
@Command(
    name = "konflux-native",
    mixinStandardHelpOptions = true,
    version = "konflux-native 0.1.0",
    description =
        "Turns Konflux OCI build artifacts into verified, signed, ecosystem-native distributions.")
public final class KonfluxNativeCli implements Runnable {

  /** slf4j-simple reads this once, when the first logger is made; set it before that. */
  static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required (translate, verify-bundle, serve, publish)");
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
    List<String> argList = Arrays.asList(args);
    // Library INFO logging is for whoever asked for it; pipelines get results and errors only.
    // simplelogger.properties sets WARN; --verbose raises it before any logger exists.
    if (argList.contains("--verbose")) {
      System.setProperty(LOG_LEVEL_PROPERTY, "info");
    }
    boolean json = argList.contains("--json");
    CommandLine cl = new CommandLine(new KonfluxNativeCli());
    // picocli builds the model of every command it is given, by reflection: a short release does
    // not pay for the others, and --version (whose text names no command) for none. Any other
    // first word (help, a typo) gets them all.
    Map<String, java.util.function.Supplier<Object>> commands = new java.util.LinkedHashMap<>();
    commands.put("translate", TranslateCommand::new);
    commands.put("verify-bundle", VerifyBundleCommand::new);
    commands.put("serve", ServeCommand::new);
    commands.put("publish", PublishCommand::new);
    java.util.function.Supplier<Object> only = args.length > 0 ? commands.get(args[0]) : null;
    if (only != null) {
      cl.addSubcommand(only.get());
    } else if (!(args.length == 1 && (args[0].equals("--version") || args[0].equals("-V")))) {
      commands.values().forEach(c -> cl.addSubcommand(c.get()));
    }
    cl.getHelpSectionMap()
        .put(
            CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
            KonfluxNativeCli::commandList);
    // Usage errors are handled below; anything else that escapes a command is a failure, not usage.
    cl.setExitCodeExceptionMapper(e -> ExitCodes.FAILED);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          ResultReport report = new ResultReport(cl.getOut(), cl.getErr(), json);
          report.usageError(ex.getMessage(), ex.getCommandLine().getCommandSpec().qualifiedName());
          return ExitCodes.USAGE;
        });
    return cl.execute(args);
  }

  /**
   * The top-level help lists every command with its whole description (picocli shows only the first
   * line by default, which cut the translate summary mid-sentence).
   */
  private static String commandList(CommandLine.Help help) {
    Map<String, CommandLine.Help> commands = help.subcommands();
    if (commands.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, CommandLine.Help> c : commands.entrySet()) {
      sb.append("  ").append(c.getKey()).append(System.lineSeparator());
      for (String line : c.getValue().commandSpec().usageMessage().description()) {
        sb.append("      ").append(line).append(System.lineSeparator());
      }
    }
    return sb.toString();
  }
}
