/**
 * Places SBOMs natively in each ecosystem, for the targets to call: Maven {@code cyclonedx}
 * classifier files ({@link dev.konflux.ecosystem.bom.placement.MavenSbomAttachment}), RPM sidecars
 * and their {@code repomd.xml} records ({@link
 * dev.konflux.ecosystem.bom.placement.RpmSbomSidecars}) and PEP 770 SBOMs inside wheels ({@link
 * dev.konflux.ecosystem.bom.placement.WheelSboms}). Signing and checksums stay with the targets,
 * which sign every file they publish the same way.
 */
package dev.konflux.ecosystem.bom.placement;
