package dev.konflux.ecosystem.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code konflux-native publish}: the parent of one subcommand per ecosystem that sends a {@code
 * translate} output to a remote repository. Each subcommand is its own class.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes a translate output to a remote repository: one subcommand per ecosystem.",
      "Credentials come from the environment only."
    },
    subcommands = {PublishPypiCommand.class, PublishMavenCommand.class})
final class PublishCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "a subcommand is required (" + String.join(", ", spec.subcommands().keySet()) + ")");
  }
}
