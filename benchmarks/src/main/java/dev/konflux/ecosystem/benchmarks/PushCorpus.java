package dev.konflux.ecosystem.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.testkit.RegistryArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Pushes every file of a directory as one layer of one artifact (title annotations, Konflux style)
 * to a plain-HTTP registry, with the testkit's {@link RegistryArtifactStore}. The config is a
 * minimal OCI image config so that {@code skopeo copy} accepts the artifact.
 *
 * <p>Usage: {@code PushCorpus HOST:PORT REPOSITORY TAG DIR}; prints the pushed reference.
 */
public final class PushCorpus {
  private PushCorpus() {}

  /**
   * @param args host, repository, tag, directory
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: PushCorpus HOST:PORT REPOSITORY TAG DIR");
      System.exit(2);
    }
    ObjectMapper mapper = new ObjectMapper();
    try (RegistryArtifactStore store = new RegistryArtifactStore(args[0], args[1], null, null);
        Stream<Path> files = Files.list(Path.of(args[3]))) {
      List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
      ObjectNode manifest = mapper.createObjectNode();
      ArrayNode layers = mapper.createArrayNode();
      ArrayNode diffIds = mapper.createArrayNode();
      for (Path file : sorted) {
        Descriptor d = store.putBlob(MediaTypes.OCI_LAYER_TAR, file);
        ObjectNode l = layers.addObject();
        l.put("mediaType", d.mediaType());
        l.put("digest", d.digest().toString());
        l.put("size", d.size());
        l.putObject("annotations").put(MediaTypes.ANNOTATION_TITLE, file.getFileName().toString());
        diffIds.add(d.digest().toString());
      }
      ObjectNode config = mapper.createObjectNode();
      config.put("architecture", "amd64");
      config.put("os", "linux");
      ObjectNode rootfs = config.putObject("rootfs");
      rootfs.put("type", "layers");
      rootfs.set("diff_ids", diffIds);
      Descriptor cfg =
          store.putBlob(
              "application/vnd.oci.image.config.v1+json", mapper.writeValueAsBytes(config));
      manifest.put("schemaVersion", 2);
      manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
      ObjectNode c = manifest.putObject("config");
      c.put("mediaType", cfg.mediaType());
      c.put("digest", cfg.digest().toString());
      c.put("size", cfg.size());
      manifest.set("layers", layers);
      Descriptor m =
          store.putManifest(MediaTypes.OCI_MANIFEST, mapper.writeValueAsBytes(manifest), args[2]);
      System.out.println(store.reference(args[2]) + " " + m.digest() + " layers=" + sorted.size());
    }
  }
}
