package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An OCI image index whose children are artifact manifests: the shape of a Component Build Artifact
 * that groups several artifacts (for example one RPM build per architecture). Children keep their
 * {@code artifactType} and may carry annotations; order is as added.
 */
public final class ArtifactIndex {

  private final List<Descriptor> children = new ArrayList<>();
  private final Map<String, String> annotations = new TreeMap<>();
  private @Nullable String artifactType;
  private @Nullable Descriptor subject;
  private @Nullable String tag;

  private ArtifactIndex() {}

  /**
   * @return an empty index
   */
  public static ArtifactIndex create() {
    return new ArtifactIndex();
  }

  /**
   * @param child an artifact already written to the same store
   * @return this
   */
  public ArtifactIndex add(StoredArtifact child) {
    return add(child.descriptor());
  }

  /**
   * @param child a descriptor of a manifest already in the store (annotations are kept)
   * @return this
   */
  public ArtifactIndex add(Descriptor child) {
    children.add(Objects.requireNonNull(child, "child"));
    return this;
  }

  /**
   * @param artifactType the index's own {@code artifactType}, or {@code null} (the default)
   * @return this
   */
  public ArtifactIndex artifactType(String artifactType) {
    this.artifactType = artifactType;
    return this;
  }

  /**
   * @param subject a subject for the index, or {@code null}
   * @return this
   */
  public ArtifactIndex subject(Descriptor subject) {
    this.subject = subject == null ? null : OciJson.plain(subject);
    return this;
  }

  /**
   * @param key annotation key
   * @param value its value
   * @return this
   */
  public ArtifactIndex annotation(String key, String value) {
    annotations.put(key, value);
    return this;
  }

  /**
   * @param tag tag for the index, or {@code null}
   * @return this
   */
  public ArtifactIndex tag(String tag) {
    this.tag = tag;
    return this;
  }

  /**
   * @return the exact index bytes
   */
  public byte[] toBytes() {
    ObjectNode root = OciJson.object();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_INDEX);
    if (artifactType != null) {
      root.put("artifactType", artifactType);
    }
    ArrayNode manifests = root.putArray("manifests");
    children.forEach(c -> manifests.add(OciJson.descriptor(c)));
    if (subject != null) {
      root.set("subject", OciJson.descriptor(subject));
    }
    if (!annotations.isEmpty()) {
      root.set("annotations", OciJson.annotations(annotations));
    }
    return OciJson.bytes(root);
  }

  /**
   * @param store where to write (the children must already be there)
   * @return the stored index, with its children as contents
   * @throws IOException if the store fails
   */
  public StoredArtifact writeTo(ArtifactStore store) throws IOException {
    Descriptor stored = store.putManifest(MediaTypes.OCI_INDEX, toBytes(), tag);
    Descriptor descriptor =
        new Descriptor(
            MediaTypes.OCI_INDEX, stored.digest(), stored.size(), artifactType, Map.of());
    return new StoredArtifact(
        descriptor,
        tag != null ? store.reference(tag) : store.reference(stored.digest()),
        children);
  }
}
