package dev.konflux.ecosystem.bom;

import java.util.Objects;

/**
 * A directed relationship between two elements of a document, named with the SPDX 2.3 relationship
 * type and read in its forward direction: {@code DEPENDENCY_OF} and {@code CONTAINED_BY} are turned
 * round into {@link #DEPENDS_ON} and {@link #CONTAINS}. CycloneDX {@code dependencies} become
 * {@code DEPENDS_ON}; nested components {@code CONTAINS}.
 *
 * @param from the id of the element the relationship starts at
 * @param type the SPDX relationship type
 * @param to the id of the related element
 */
public record SbomRelationship(String from, String type, String to) {

  /** {@code from} depends on {@code to}. */
  public static final String DEPENDS_ON = "DEPENDS_ON";

  /** {@code from} contains {@code to}. */
  public static final String CONTAINS = "CONTAINS";

  /** The document describes {@code to}. */
  public static final String DESCRIBES = "DESCRIBES";

  /** Validates. */
  public SbomRelationship {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(to, "to");
  }

  /**
   * @return whether this edge belongs to the dependency graph ({@code DEPENDS_ON} or {@code
   *     CONTAINS})
   */
  public boolean isGraphEdge() {
    return type.equals(DEPENDS_ON) || type.equals(CONTAINS);
  }
}
