/** Implementation of the Maven deployer: reading the directory and asking the server. */
@NullMarked
package dev.konflux.ecosystem.maven.deploy.internal;

import org.jspecify.annotations.NullMarked;
