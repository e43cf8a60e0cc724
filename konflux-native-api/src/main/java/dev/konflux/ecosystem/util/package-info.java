/**
 * Building blocks for extenders (sources, targets, signers in other modules), under the same
 * compatibility promise as {@code dev.konflux.ecosystem.spi}: bounded reading of small untrusted
 * documents ({@link dev.konflux.ecosystem.util.BoundedReads}), the limits every JSON parser of
 * untrusted input must apply ({@link dev.konflux.ecosystem.util.JsonLimits}), OCI manifest and
 * index parsing into the api's model ({@link dev.konflux.ecosystem.util.OciManifests}) and streams
 * checked against their digest ({@link dev.konflux.ecosystem.util.VerifiedStreams}). Safe relative
 * paths and printable untrusted text are {@link dev.konflux.ecosystem.spi.SafePaths} and {@link
 * dev.konflux.ecosystem.spi.UntrustedText}.
 *
 * <p>Only JDK and api types cross this boundary: no Jackson type is part of it, so a module that
 * parses JSON builds its own parser with {@link dev.konflux.ecosystem.util.JsonLimits}. Other
 * modules never use {@code dev.konflux.ecosystem.internal} packages; what they need is here.
 */
package dev.konflux.ecosystem.util;
