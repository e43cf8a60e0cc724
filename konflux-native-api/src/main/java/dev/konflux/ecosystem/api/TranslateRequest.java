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
 */
public record TranslateRequest(String application, List<Snapshot.Component> components) {

  /**
   * Validates and copies.
   *
   * @param application the application name recorded in {@code release.json}
   * @param components the components, with unique names
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
   * @param snapshot a Konflux snapshot
   * @return a request for all of its components
   */
  public static TranslateRequest of(Snapshot snapshot) {
    return new TranslateRequest(snapshot.application(), snapshot.components());
  }

  /**
   * Releases bare references; each component is named after its repository (registry) or
   * directory (layout), made unique with a numeric suffix.
   *
   * @param references the artifacts
   * @return the request
   */
  public static TranslateRequest of(List<ArtifactReference> references) {
    List<Snapshot.Component> components = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (ArtifactReference ref : references) {
      String base = ref instanceof RegistryReference r
          ? r.repository().substring(r.repository().lastIndexOf('/') + 1)
          : layoutName(((LayoutReference) ref).path());
      String name = base;
      for (int i = 2; !used.add(name); i++) {
        name = base + "-" + i;
      }
      components.add(new Snapshot.Component(name, ref, null, null));
    }
    return new TranslateRequest("adhoc", components);
  }

  private static String layoutName(Path path) {
    Path file = path.toAbsolutePath().normalize().getFileName();
    String n = file == null ? "layout" : file.toString();
    return n.endsWith(".tar") ? n.substring(0, n.length() - 4) : n;
  }
}
