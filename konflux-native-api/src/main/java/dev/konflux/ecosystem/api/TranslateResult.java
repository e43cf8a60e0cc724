package dev.konflux.ecosystem.api;

import java.nio.file.Path;

/**
 * The outcome of {@link Translator#translate}.
 *
 * @param outputDirectory where the release was committed
 * @param record what was released (also written as {@code release.json}); when {@code unchanged},
 *     the committed record, whose files and reports may be read from {@code release.json} on first
 *     use (an {@link IllegalStateException} then if it changed since the check)
 * @param unchanged true when the output already held this exact release and nothing was written
 *     (decided before verification: see {@link Translator})
 * @param dryRun true when nothing was written because the caller asked for a dry run
 */
public record TranslateResult(
    Path outputDirectory, ReleaseRecord record, boolean unchanged, boolean dryRun) {}
