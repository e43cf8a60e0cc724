package dev.konflux.ecosystem.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to release: named components and where their build artifacts live.
 *
 * @param application the application name recorded in {@code release.json}
 * @param components the components, with unique names
 * @param allowLocalLayouts whether components may name local OCI layouts ({@code oci-layout:});
 *     false for requests made from a Snapshot, which comes from a cluster and must not choose files
 *     on this machine, true for references the caller names itself
 */
public record TranslateRequest(
    String application, List<Snapshot.Component> components, boolean allowLocalLayouts) {

  /**
   * Validates and copies.
   *
   * @param application the application name recorded in {@code release.json}
   * @param components the components, with unique names
   * @param allowLocalLayouts whether components may name local OCI layouts ({@code oci-layout:})
   */
  public TranslateRequest {
    Objects.requireNonNull(application, "application");
    components = List.copyOf(components);
    if (components.isEmpty()) {
      throw new IllegalArgumentException("nothing to release: no components");
    }
    Set<String> names = new HashSet<>();
    for (Snapshot.Component c : components) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("component " + c.name() + " is named twice");
      }
    }
  }

  /**
   * A request whose components may name registry references only.
   *
   * @param application the application name recorded in {@code release.json}
   * @param components the components, with unique names
   */
  public TranslateRequest(String application, List<Snapshot.Component> components) {
    this(application, components, false);
  }

  /**
   * A request for all components of a Snapshot. A Snapshot is untrusted input from a cluster: its
   * components may name registry references only, unless the caller allows local layouts with
   * {@link #allowingLocalLayouts()} or {@link Translator.Builder#allowLocalLayouts(boolean)}.
   *
   * @param snapshot a Konflux snapshot
   * @return a request for all of its components
   */
  public static TranslateRequest of(Snapshot snapshot) {
    return new TranslateRequest(snapshot.application(), snapshot.components(), false);
  }

  /**
   * @return this request, with local OCI layouts ({@code oci-layout:}) allowed in its components
   */
  public TranslateRequest allowingLocalLayouts() {
    return new TranslateRequest(application, components, true);
  }

  /**
   * Releases bare references; each component is named after its repository (registry) or directory
   * (layout), made unique with a numeric suffix. The caller names these references itself, so local
   * layouts are allowed.
   *
   * @param references the artifacts
   * @return the request
   */
  public static TranslateRequest of(List<ArtifactReference> references) {
    List<Snapshot.Component> components = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (ArtifactReference ref : references) {
      String base =
          ref instanceof RegistryReference r
              ? r.repository().substring(r.repository().lastIndexOf('/') + 1)
              : layoutName(((LayoutReference) ref).path());
      String name = base;
      for (int i = 2; !used.add(name); i++) {
        name = base + "-" + i;
      }
      components.add(new Snapshot.Component(name, ref, null, null));
    }
    return new TranslateRequest("adhoc", components, true);
  }

  private static String layoutName(Path path) {
    Path file = path.toAbsolutePath().normalize().getFileName();
    String n = file == null ? "layout" : file.toString();
    return n.endsWith(".tar") ? n.substring(0, n.length() - 4) : n;
  }
}
