package dev.konflux.ecosystem.examples.cli;

import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.Translator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How {@code translate} and {@code serve} reach registries and layouts (a picocli mixin). */
final class SourceFlags {

  @Option(
      names = "--plain-http",
      paramLabel = "HOST:PORT",
      description = "registry reached over plain HTTP; repeatable")
  List<String> plainHttp = new ArrayList<>();

  @Option(
      names = "--registry-config",
      paramLabel = "FILE",
      description = "Docker/Podman config.json with registry credentials")
  @Nullable Path registryConfig;

  @Option(
      names = "--allow-local-layouts",
      description =
          "let --snapshot components name oci-layout: paths "
              + "(a Snapshot may name only registry references otherwise; exit 4)")
  boolean allowLocalLayouts;

  /**
   * @param builder gets the source options and the local-layout permission
   */
  void apply(Translator.Builder builder) {
    SourceOptions.Builder sources = SourceOptions.builder();
    plainHttp.forEach(sources::plainHttp);
    if (registryConfig != null) {
      sources.registryConfig(registryConfig);
    }
    builder.sourceOptions(sources.build());
    builder.allowLocalLayouts(allowLocalLayouts);
  }
}
