package dev.konflux.ecosystem.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An OCI 1.1 artifact manifest: {@code artifactType}, the empty config, layers, an optional {@code
 * subject} and annotations. All testkit builders end here; use it directly for shapes the builders
 * do not cover.
 */
public final class ArtifactManifest {

  /** The two bytes {@code {}} of the OCI empty config. */
  public static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.US_ASCII);

  /** The descriptor of {@link #EMPTY_CONFIG}. */
  public static final Descriptor EMPTY_CONFIG_DESCRIPTOR =
      Descriptor.of(MediaTypes.OCI_EMPTY, Digest.sha256Of(EMPTY_CONFIG), EMPTY_CONFIG.length);

  private final String artifactType;
  private final List<Descriptor> layers = new ArrayList<>();
  private final Map<String, String> annotations = new TreeMap<>();
  private @Nullable Descriptor subject;

  private ArtifactManifest(String artifactType) {
    this.artifactType = Objects.requireNonNull(artifactType, "artifactType");
  }

  /**
   * @param artifactType the manifest's {@code artifactType}
   * @return an empty manifest of that type
   */
  public static ArtifactManifest of(String artifactType) {
    return new ArtifactManifest(artifactType);
  }

  /**
   * @param layer a layer descriptor, in order
   * @return this
   */
  public ArtifactManifest layer(Descriptor layer) {
    layers.add(Objects.requireNonNull(layer, "layer"));
    return this;
  }

  /**
   * @param subject the manifest this one refers to (makes it an OCI 1.1 referrer); only media type,
   *     digest and size are written
   * @return this
   */
  public ArtifactManifest subject(Descriptor subject) {
    this.subject = subject == null ? null : OciJson.plain(subject);
    return this;
  }

  /**
   * @param key annotation key
   * @param value annotation value
   * @return this
   */
  public ArtifactManifest annotation(String key, String value) {
    annotations.put(key, value);
    return this;
  }

  /**
   * @param more annotations to add
   * @return this
   */
  public ArtifactManifest annotations(Map<String, String> more) {
    annotations.putAll(more);
    return this;
  }

  /**
   * @return the manifest annotations (sorted)
   */
  public Map<String, String> annotations() {
    return Map.copyOf(annotations);
  }

  /**
   * @return the exact manifest bytes; the same manifest always gives the same bytes
   */
  public byte[] toBytes() {
    ObjectNode root = OciJson.object();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_MANIFEST);
    root.put("artifactType", artifactType);
    root.set("config", OciJson.descriptor(EMPTY_CONFIG_DESCRIPTOR));
    ArrayNode layerArray = root.putArray("layers");
    layers.forEach(l -> layerArray.add(OciJson.descriptor(l)));
    if (subject != null) {
      root.set("subject", OciJson.descriptor(subject));
    }
    if (!annotations.isEmpty()) {
      root.set("annotations", OciJson.annotations(annotations));
    }
    return OciJson.bytes(root);
  }

  /**
   * Writes the empty config and this manifest into a store. The layers must already be there.
   *
   * @param store where to write
   * @param tag a tag for the manifest, or {@code null}
   * @return what was stored; its reference uses the tag when given
   * @throws IOException if the store fails
   */
  public StoredArtifact storeIn(ArtifactStore store, @Nullable String tag) throws IOException {
    store.putBlob(MediaTypes.OCI_EMPTY, EMPTY_CONFIG);
    Descriptor stored = store.putManifest(MediaTypes.OCI_MANIFEST, toBytes(), tag);
    Descriptor descriptor =
        new Descriptor(
            MediaTypes.OCI_MANIFEST, stored.digest(), stored.size(), artifactType, Map.of());
    String reference = tag != null ? store.reference(tag) : store.reference(stored.digest());
    return new StoredArtifact(descriptor, reference, layers);
  }
}
