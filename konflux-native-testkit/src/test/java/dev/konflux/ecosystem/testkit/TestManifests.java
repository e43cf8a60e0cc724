package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Hand-written OCI manifests and indexes for the registry tests (not Konflux artifact builders).
 */
final class TestManifests {
  private TestManifests() {}

  static final ObjectMapper MAPPER = new ObjectMapper();

  static ObjectNode descriptor(Descriptor d) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("mediaType", d.mediaType());
    n.put("digest", d.digest().toString());
    n.put("size", d.size());
    if (d.artifactType() != null) {
      n.put("artifactType", d.artifactType());
    }
    if (!d.annotations().isEmpty()) {
      ObjectNode a = n.putObject("annotations");
      d.annotations().forEach(a::put);
    }
    return n;
  }

  /** An OCI manifest with the empty config, pushed with its config blob. */
  static Descriptor pushManifest(
      ArtifactStore store,
      String artifactType,
      List<Descriptor> layers,
      Descriptor subject,
      Map<String, String> annotations,
      String tag)
      throws IOException {
    byte[] bytes = manifest(store, artifactType, layers, subject, annotations);
    Descriptor pushed = store.putManifest(MediaTypes.OCI_MANIFEST, bytes, tag);
    return new Descriptor(
        pushed.mediaType(), pushed.digest(), pushed.size(), artifactType, Map.of());
  }

  /** The bytes of an OCI manifest with the empty config (which is pushed). */
  static byte[] manifest(
      ArtifactStore store,
      String artifactType,
      List<Descriptor> layers,
      Descriptor subject,
      Map<String, String> annotations)
      throws IOException {
    Descriptor config = store.putBlob(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
    ObjectNode m = MAPPER.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_MANIFEST);
    if (artifactType != null) {
      m.put("artifactType", artifactType);
    }
    m.set("config", descriptor(config));
    ArrayNode ls = m.putArray("layers");
    layers.forEach(l -> ls.add(descriptor(l)));
    if (subject != null) {
      m.set("subject", descriptor(subject));
    }
    if (annotations != null && !annotations.isEmpty()) {
      ObjectNode a = m.putObject("annotations");
      annotations.forEach(a::put);
    }
    return MAPPER.writeValueAsBytes(m);
  }

  static byte[] index(List<Descriptor> manifests) throws IOException {
    ObjectNode m = MAPPER.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode ls = m.putArray("manifests");
    manifests.forEach(l -> ls.add(descriptor(l)));
    return MAPPER.writeValueAsBytes(m);
  }

  static Descriptor pushIndex(ArtifactStore store, List<Descriptor> manifests, String tag)
      throws IOException {
    return store.putManifest(MediaTypes.OCI_INDEX, index(manifests), tag);
  }
}
