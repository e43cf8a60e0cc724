package dev.konflux.ecosystem.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code konflux-native publish}: uploads a translated output to a remote repository. Each
 * ecosystem is its own subcommand class; this class only lists them.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Uploads a translated output (--out DIR of translate) to a remote repository:",
      "'publish maven' deploys DIR/maven to a Maven repository."
    },
    subcommands = {PublishMavenCommand.class})
final class PublishCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "a repository type is required (" + String.join(", ", spec.subcommands().keySet()) + ")");
  }
}
