package dev.konflux.ecosystem.bom.placement;

import dev.konflux.ecosystem.api.Digest;

/**
 * An SBOM inside a wheel (PEP 770: {@code <name>-<version>.dist-info/sboms/<file>}).
 *
 * @param path the entry's path in the wheel
 * @param sha256 the entry's SHA-256
 * @param size the entry's size in bytes
 * @param recorded whether {@code RECORD} lists the entry with this SHA-256 and size
 */
public record WheelSbom(String path, Digest sha256, long size, boolean recorded) {}
