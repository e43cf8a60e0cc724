package dev.konflux.ecosystem.maven.internal.target;

import dev.konflux.ecosystem.maven.internal.write.FileDigests;
import java.nio.file.Path;

/**
 * An archive entry already written to the session's incoming area, with its digests.
 *
 * @param entry the path inside the archive
 * @param file where its bytes are now
 * @param digests its digests (from the single read that wrote it)
 */
record IncomingFile(String entry, Path file, FileDigests digests) {}
