package dev.konflux.ecosystem.bom.internal;

import dev.konflux.ecosystem.bom.SbomFormat;

/**
 * What a document turned out to be after sniffing: its format and whether it is XML.
 *
 * @param format the format and version
 * @param xml whether it is CycloneDX XML
 */
public record DocumentKind(SbomFormat format, boolean xml) {}
