package dev.konflux.ecosystem.bom.placement;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.bom.SbomSource;
import java.nio.file.Path;

/**
 * A wheel written with an SBOM added under its {@code .dist-info/sboms/}. Its bytes differ from the
 * input wheel's, so any signature or attestation over the input no longer applies: the Python
 * target signs the result.
 *
 * @param wheel the written wheel
 * @param sha256 its SHA-256
 * @param size its size in bytes
 * @param entry the SBOM's path inside it
 * @param source the SBOM document it carries
 */
public record InjectedWheel(
    Path wheel, Digest sha256, long size, String entry, SbomSource source) {}
