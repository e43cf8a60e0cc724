package dev.konflux.ecosystem.maven.internal.layout;

import org.jspecify.annotations.Nullable;

/**
 * One archive entry and what becomes of it.
 *
 * @param entry the path inside the archive
 * @param path the path in the output repository (the entry without the repository root prefix)
 * @param role what the file is
 * @param coordinates for {@link FileRole#ARTIFACT}, its coordinates; else {@code null}
 * @param checksumOf for {@link FileRole#CHECKSUM}, the output path of the file it checks; else
 *     {@code null}
 * @param checksumAlgorithm for {@link FileRole#CHECKSUM}, the JCA algorithm; else {@code null}
 */
public record PlannedEntry(
    String entry,
    String path,
    FileRole role,
    @Nullable ArtifactCoordinates coordinates,
    @Nullable String checksumOf,
    @Nullable String checksumAlgorithm) {}
