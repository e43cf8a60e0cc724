/**
 * Service provider interfaces: what extenders implement. Sources ({@link
 * dev.konflux.ecosystem.spi.ArtifactSourceProvider}) and targets ({@link
 * dev.konflux.ecosystem.spi.EcosystemTarget}) are found with {@link java.util.ServiceLoader}.
 *
 * <p>Compatibility: methods may be added to these interfaces with default implementations in minor
 * versions; nothing is removed or changed incompatibly before 1.0 without a note in the changelog.
 */
package dev.konflux.ecosystem.spi;
