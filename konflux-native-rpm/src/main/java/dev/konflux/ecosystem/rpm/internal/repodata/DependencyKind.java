package dev.konflux.ecosystem.rpm.internal.repodata;

import org.jspecify.annotations.Nullable;

/** The dependency lists of a package, in the order {@code primary.xml} writes them. */
public enum DependencyKind {
  /** {@code rpm:provides}. */
  PROVIDES("provides"),
  /** {@code rpm:requires} (the only kind with {@code pre}). */
  REQUIRES("requires"),
  /** {@code rpm:conflicts}. */
  CONFLICTS("conflicts"),
  /** {@code rpm:obsoletes}. */
  OBSOLETES("obsoletes"),
  /** {@code rpm:suggests}. */
  SUGGESTS("suggests"),
  /** {@code rpm:enhances}. */
  ENHANCES("enhances"),
  /** {@code rpm:recommends}. */
  RECOMMENDS("recommends"),
  /** {@code rpm:supplements}. */
  SUPPLEMENTS("supplements");

  private final String element;

  DependencyKind(String element) {
    this.element = element;
  }

  /**
   * @return the local name of the list element in the {@code rpm} namespace
   */
  public String element() {
    return element;
  }

  /**
   * @param localName a list element's local name
   * @return the kind, or {@code null} if the name is not a dependency list
   */
  public static @Nullable DependencyKind fromElement(String localName) {
    for (DependencyKind k : values()) {
      if (k.element.equals(localName)) {
        return k;
      }
    }
    return null;
  }
}
