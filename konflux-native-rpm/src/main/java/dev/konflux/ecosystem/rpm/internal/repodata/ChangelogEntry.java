package dev.konflux.ecosystem.rpm.internal.repodata;

import java.util.Objects;

/**
 * One {@code changelog} of {@code other.xml}.
 *
 * @param author the author line ({@code Name <mail> - version})
 * @param date seconds since the epoch
 * @param text the entry's text
 */
public record ChangelogEntry(String author, long date, String text) {
  /** Validates. */
  public ChangelogEntry {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(text, "text");
  }
}
