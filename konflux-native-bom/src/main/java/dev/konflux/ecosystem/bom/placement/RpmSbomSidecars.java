package dev.konflux.ecosystem.bom.placement;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.MediaTypes;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Names RPM SBOM sidecars and their {@code repomd.xml} records. rpm-md has no standard place for
 * SBOMs; a sidecar file under {@code <repo>/sboms/} and an extra {@code <data type="sbom">} record
 * (dnf ignores types it does not know) make them findable from the repository metadata.
 *
 * <p>Names: {@code sboms/<component>-<manifest 12 hex>-<sbom 12 hex>.<ext>}, with {@code <ext>}
 * {@code spdx.json}, {@code spdx}, {@code cdx.json} or {@code cdx.xml}. Record types: {@code sbom}
 * when a repository has one sidecar, {@code sbom-<file name>} each when it has several, so types
 * stay unique and stable across incremental releases.
 */
public final class RpmSbomSidecars {
  /** The directory of sidecars inside a repository. */
  public static final String DIRECTORY = "sboms";

  /** The repomd record type of a repository's only SBOM, and the prefix of several. */
  public static final String TYPE = "sbom";

  private static final int MAX_COMPONENT = 64;
  private static final int MAX_TYPE = 128;

  private RpmSbomSidecars() {}

  /**
   * @param component the component name
   * @param manifest the artifact's manifest digest
   * @param sbom the SBOM document's digest
   * @param mediaType the SBOM's media type
   * @return the sidecar's path relative to the repository, {@code sboms/<name>}
   */
  public static String href(String component, Digest manifest, Digest sbom, String mediaType) {
    return DIRECTORY
        + "/"
        + safe(component, MAX_COMPONENT)
        + "-"
        + prefix(manifest)
        + "-"
        + prefix(sbom)
        + "."
        + extension(mediaType);
  }

  /**
   * @param mediaType an SBOM media type
   * @return its sidecar extension
   * @throws IllegalArgumentException for a type that is no SBOM
   */
  public static String extension(String mediaType) {
    return switch (mediaType) {
      case MediaTypes.SPDX_JSON -> "spdx.json";
      case MediaTypes.SPDX_TEXT -> "spdx";
      case MediaTypes.CYCLONEDX_JSON -> "cdx.json";
      case MediaTypes.CYCLONEDX_XML -> "cdx.xml";
      default -> throw new IllegalArgumentException("not an SBOM media type: " + mediaType);
    };
  }

  /**
   * @param hrefs every SBOM sidecar the repository lists (this release's and the ones kept)
   * @param takenTypes record types other records of the repository already use
   * @return each sidecar's record type, in href order
   */
  public static Map<String, String> recordTypes(Collection<String> hrefs, Set<String> takenTypes) {
    TreeSet<String> sorted = new TreeSet<>(hrefs);
    Map<String, String> out = new LinkedHashMap<>();
    if (sorted.size() == 1) {
      out.put(sorted.first(), TYPE);
      return out;
    }
    Set<String> used = new HashSet<>(takenTypes);
    for (String href : sorted) {
      String base =
          TYPE
              + "-"
              + safe(href.substring(href.lastIndexOf('/') + 1), MAX_TYPE - TYPE.length() - 5);
      String type = base;
      for (int n = 2; used.contains(type); n++) {
        type = base + "-" + n;
      }
      used.add(type);
      out.put(href, type);
    }
    return out;
  }

  /**
   * @param type a repomd record type
   * @return whether it is an SBOM record this class names
   */
  public static boolean isSbomType(String type) {
    return type.equals(TYPE) || type.startsWith(TYPE + "-");
  }

  private static String prefix(Digest d) {
    return d.hex().substring(0, Math.min(12, d.hex().length()));
  }

  /**
   * Letters, digits, {@code .}, {@code _}, {@code -}; others become {@code _}; never starts with a
   * dot.
   */
  private static String safe(String s, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || (c == '.' && b.length() > 0);
      b.append(ok ? c : '_');
    }
    return b.length() == 0 ? "_" : b.toString();
  }
}
