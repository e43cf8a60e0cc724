package dev.konflux.ecosystem.internal.layout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.internal.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A minimal OCI layout writer for this module's own tests (the api cannot depend on the testkit,
 * which depends on it). The testkit's OciLayoutStore is the full-featured one.
 */
public final class TestLayout {
  private final Path dir;
  private final ArrayNode manifests = Json.MAPPER.createArrayNode();

  public TestLayout(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    write();
  }

  public Path dir() {
    return dir;
  }

  public Descriptor blob(String mediaType, byte[] content, Map<String, String> annotations)
      throws IOException {
    Digest d = Digest.sha256Of(content);
    Files.write(dir.resolve("blobs/sha256/" + d.hex()), content);
    return new Descriptor(mediaType, d, content.length, null, annotations);
  }

  public Path blobFile(Digest d) {
    return dir.resolve("blobs/sha256/" + d.hex());
  }

  /** An OCI 1.1 artifact manifest with the empty config. */
  public Descriptor artifact(
      String artifactType, Descriptor subject, String tag, Descriptor... layers)
      throws IOException {
    ObjectNode m = Json.MAPPER.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_MANIFEST);
    m.put("artifactType", artifactType);
    ObjectNode config = m.putObject("config");
    config.put("mediaType", MediaTypes.OCI_EMPTY);
    config.put("digest", MediaTypes.OCI_EMPTY_DIGEST);
    config.put("size", 2);
    blob(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8), Map.of());
    ArrayNode ls = m.putArray("layers");
    for (Descriptor l : layers) {
      ls.add(descriptorJson(l));
    }
    if (subject != null) {
      m.set("subject", descriptorJson(subject));
    }
    byte[] bytes = Json.MAPPER.writeValueAsBytes(m);
    Descriptor d =
        new Descriptor(
            MediaTypes.OCI_MANIFEST, Digest.sha256Of(bytes), bytes.length, artifactType, Map.of());
    blob(MediaTypes.OCI_MANIFEST, bytes, Map.of());
    list(d, tag);
    return d;
  }

  /**
   * Tags {@code v1} an artifact of the given type whose layers are text files, each titled with its
   * name.
   *
   * @param artifactType the artifact type
   * @param namesAndContents file name, content, file name, content, …
   * @return the artifact's manifest
   */
  public Descriptor textArtifact(String artifactType, String... namesAndContents)
      throws IOException {
    java.util.List<Descriptor> layers = new java.util.ArrayList<>();
    for (int i = 0; i < namesAndContents.length; i += 2) {
      layers.add(
          blob(
              "text/plain",
              namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8),
              Map.of(MediaTypes.ANNOTATION_TITLE, namesAndContents[i])));
    }
    return artifact(artifactType, null, "v1", layers.toArray(Descriptor[]::new));
  }

  public Descriptor index(String tag, boolean listInRoot, Descriptor... children)
      throws IOException {
    ObjectNode idx = Json.MAPPER.createObjectNode();
    idx.put("schemaVersion", 2);
    idx.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode ms = idx.putArray("manifests");
    for (Descriptor c : children) {
      ms.add(descriptorJson(c));
    }
    byte[] bytes = Json.MAPPER.writeValueAsBytes(idx);
    Descriptor d = Descriptor.of(MediaTypes.OCI_INDEX, Digest.sha256Of(bytes), bytes.length);
    blob(MediaTypes.OCI_INDEX, bytes, Map.of());
    if (listInRoot) {
      list(d, tag);
    }
    return d;
  }

  public void list(Descriptor d, String tag) throws IOException {
    ObjectNode n = descriptorJson(d);
    if (tag != null) {
      n.putObject("annotations").put(MediaTypes.ANNOTATION_REF_NAME, tag);
    } else {
      n.remove("annotations");
    }
    manifests.add(n);
    write();
  }

  public void unlist(Descriptor d) throws IOException {
    for (int i = manifests.size() - 1; i >= 0; i--) {
      if (manifests.get(i).get("digest").asText().equals(d.digest().toString())) {
        manifests.remove(i);
      }
    }
    write();
  }

  public void unlistAll() throws IOException {
    manifests.removeAll();
    write();
  }

  static ObjectNode descriptorJson(Descriptor d) {
    ObjectNode n = Json.MAPPER.createObjectNode();
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

  private void write() throws IOException {
    ObjectNode idx = Json.MAPPER.createObjectNode();
    idx.put("schemaVersion", 2);
    idx.put("mediaType", MediaTypes.OCI_INDEX);
    idx.set("manifests", manifests);
    Files.write(dir.resolve("index.json"), Json.MAPPER.writeValueAsBytes(idx));
  }

  /** Packs the layout into a tar file. */
  public Path toTar(Path tar) throws IOException {
    try (OutputStream out = Files.newOutputStream(tar);
        TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      try (var walk = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
          TarArchiveEntry e = new TarArchiveEntry(p.toFile(), "./" + dir.relativize(p));
          t.putArchiveEntry(e);
          Files.copy(p, t);
          t.closeArchiveEntry();
        }
      }
    }
    return tar;
  }
}
