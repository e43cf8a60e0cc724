package dev.konflux.ecosystem.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The mapper of the commands' {@code --json} output, made on first use: making one loads some 400
 * classes, which {@code --help}, {@code --version} and a release reported as text never need (a
 * static field in each command was made whenever picocli instantiated the command).
 */
final class OutputJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private OutputJson() {}
}
