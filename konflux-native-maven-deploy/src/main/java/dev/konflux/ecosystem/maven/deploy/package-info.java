/**
 * Deploys a Maven repository directory (what the Maven target writes under {@code OUT/maven}) to a
 * remote Maven repository with maven-resolver's deployer, the one {@code mvn deploy} uses. Entry
 * point: {@link dev.konflux.ecosystem.maven.deploy.MavenDeployer}.
 */
@NullMarked
package dev.konflux.ecosystem.maven.deploy;

import org.jspecify.annotations.NullMarked;
