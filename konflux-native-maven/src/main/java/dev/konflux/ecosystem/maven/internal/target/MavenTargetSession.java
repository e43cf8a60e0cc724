package dev.konflux.ecosystem.maven.internal.target;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.maven.internal.layout.ArtifactCoordinates;
import dev.konflux.ecosystem.maven.internal.layout.ChecksumKind;
import dev.konflux.ecosystem.maven.internal.layout.FileRole;
import dev.konflux.ecosystem.maven.internal.layout.PlannedEntry;
import dev.konflux.ecosystem.maven.internal.layout.RepositoryLayout;
import dev.konflux.ecosystem.maven.internal.metadata.ArtifactMetadata;
import dev.konflux.ecosystem.maven.internal.metadata.MetadataXml;
import dev.konflux.ecosystem.maven.internal.pom.InvalidPomException;
import dev.konflux.ecosystem.maven.internal.pom.Pom;
import dev.konflux.ecosystem.maven.internal.pom.PomReader;
import dev.konflux.ecosystem.maven.internal.tree.ArchiveFormat;
import dev.konflux.ecosystem.maven.internal.tree.RepositoryArchiveReader;
import dev.konflux.ecosystem.maven.internal.tree.TreeLimits;
import dev.konflux.ecosystem.maven.internal.write.ArtifactSigner;
import dev.konflux.ecosystem.maven.internal.write.FileDigests;
import dev.konflux.ecosystem.maven.internal.write.ParallelDigester;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.IoFailures;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One release's Maven work, in the three steps the file-at-a-time SPI will call separately:
 * <ol>
 *   <li><b>plan</b>: read the layer once as a stream ({@link RepositoryArchiveReader}), writing
 *       each entry into an incoming area while its four digests are computed, parse the POMs,
 *       and map every file to its coordinates ({@link RepositoryLayout}); check the tree's own
 *       checksums against the digests;</li>
 *   <li><b>write one file</b>: move it into place and add {@code .md5 .sha1 .sha256 .sha512}
 *       and {@code .asc} from the digests already computed ({@link #writeArtifact});</li>
 *   <li><b>write the index</b>: artifact-level {@code maven-metadata.xml}, merged with the
 *       committed output's, with its checksums ({@link #finish}).</li>
 * </ol>
 */
public final class MavenTargetSession implements TargetSession {
  private static final Logger LOG = LoggerFactory.getLogger(MavenTargetSession.class);
  /** The incoming area inside staging; removed before the session ends. */
  static final String INCOMING = ".incoming";
  private static final long MAX_POM_SIZE = 8L << 20;
  private static final long MAX_METADATA_SIZE = 16L << 20;
  private static final int MAX_CHECKSUM_FILE = 1024;
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

  /** Artifact type of the gzip-compressed repository tar (not yet in the api's MediaTypes). */
  public static final String ARTIFACT_MAVEN_REPOSITORY_TAR_GZIP = "application/vnd.apache.maven.repository.v2.tar+gzip";

  private final TargetContext context;
  private final Path staging;
  private final ArtifactSigner signer;
  private final TreeLimits limits;
  private final ParallelDigester digester = new ParallelDigester();
  /** Output path → the component that produced it, to refuse two components writing one file. */
  private final Map<String, String> owners = new HashMap<>();
  /** groupId:artifactId → versions published by this release. */
  private final Map<String, TreeSet<String>> versions = new TreeMap<>();
  private int incomingCounter;

  /**
   * @param context the release context
   * @param signer signs each artifact file, or {@code null} to publish unsigned
   * @param limits bounds on the input archives
   */
  public MavenTargetSession(TargetContext context, ArtifactSigner signer, TreeLimits limits) {
    this.context = context;
    this.staging = context.stagingDirectory();
    this.signer = signer;
    this.limits = limits;
  }

  /**
   * @param artifactType an artifact type
   * @return the packing it names, if it is a Maven repository
   */
  public static Optional<ArchiveFormat> format(String artifactType) {
    if (dev.konflux.ecosystem.api.MediaTypes.ARTIFACT_MAVEN_REPOSITORY_TAR.equals(artifactType)) {
      return Optional.of(ArchiveFormat.TAR);
    }
    if (ARTIFACT_MAVEN_REPOSITORY_TAR_GZIP.equals(artifactType)) {
      return Optional.of(ArchiveFormat.TAR_GZIP);
    }
    if (dev.konflux.ecosystem.api.MediaTypes.ARTIFACT_MAVEN_ZIP.equals(artifactType)) {
      return Optional.of(ArchiveFormat.ZIP);
    }
    return Optional.empty();
  }

  @Override
  public void add(ComponentArtifact artifact, BlobReader blobs) throws KonfluxNativeException {
    ArchiveFormat format = format(artifact.artifactType()).orElseThrow(() -> new InvalidInputException(
        "artifact " + artifact.describe() + " is not a Maven repository"));
    if (artifact.layers().size() != 1) {
      throw new InvalidInputException("Maven repository artifact " + artifact.describe() + " must have exactly one layer, not "
          + artifact.layers().size());
    }
    Descriptor layer = artifact.layers().get(0);
    String what = "layer " + layer.digest() + " of " + artifact.describe();

    // 1. plan: one streamed read of the layer
    Map<String, IncomingFile> incoming = new TreeMap<>();
    Map<String, Pom> poms = new HashMap<>();
    readTree(blobs, layer, format, what, incoming, poms);
    List<PlannedEntry> plan = RepositoryLayout.plan(incoming.keySet(), poms, what);
    Map<String, PlannedEntry> byPath = new HashMap<>();
    for (PlannedEntry p : plan) {
      byPath.put(p.path(), p);
    }
    for (PlannedEntry p : plan) {
      if (p.role() == FileRole.CHECKSUM) {
        checkChecksum(p, incoming.get(p.entry()), incoming.get(byPath.get(p.checksumOf()).entry()), what);
      } else if (p.role() == FileRole.ARTIFACT_METADATA) {
        checkMetadata(p, incoming.get(p.entry()), what);
      }
    }

    // 2. write each file with its checksums and signature
    for (PlannedEntry p : plan) {
      IncomingFile in = incoming.get(p.entry());
      switch (p.role()) {
        case ARTIFACT -> {
          claim(p.path(), artifact, what);
          writeArtifact(p, in, FileOrigin.ofArchiveEntry(artifact, layer.digest(), p.entry()), artifact.component(), true);
          ArtifactCoordinates c = p.coordinates();
          versions.computeIfAbsent(c.groupId() + ":" + c.artifactId(), k -> new TreeSet<>()).add(c.baseVersion());
        }
        case KEPT_METADATA -> {
          claim(p.path(), artifact, what);
          writeArtifact(p, in, FileOrigin.ofArchiveEntry(artifact, layer.digest(), p.entry()), artifact.component(), false);
        }
        default -> deleteQuietly(in.file());
      }
    }
  }

  private void readTree(BlobReader blobs, Descriptor layer, ArchiveFormat format, String what,
      Map<String, IncomingFile> incoming, Map<String, Pom> poms) throws KonfluxNativeException {
    Path incomingDir = staging.resolve(INCOMING);
    RepositoryArchiveReader reader = new RepositoryArchiveReader(limits);
    try {
      Files.createDirectories(incomingDir);
      try (InputStream raw = blobs.open(layer)) {
        reader.read(raw, format, what, (entry, declaredSize, content) -> {
          Path file = incomingDir.resolve(Integer.toString(incomingCounter++));
          FileDigests digests;
          try (OutputStream out = Files.newOutputStream(file)) {
            digests = digester.copy(content, out);
          }
          incoming.put(entry, new IncomingFile(entry, file, digests));
          if (entry.endsWith(".pom")) {
            poms.put(entry, readPom(entry, file, digests.size(), what));
          }
        });
      }
    } catch (IOException e) {
      throw IoFailures.reading(e, what);
    }
  }

  private static Pom readPom(String entry, Path file, long size, String what) throws IOException, InvalidInputException {
    if (size > MAX_POM_SIZE) {
      throw new InvalidInputException(what + ": POM " + UntrustedText.quoted(entry) + " is larger than " + MAX_POM_SIZE + " bytes");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return new PomReader().read(in);
    } catch (InvalidPomException e) {
      throw new InvalidInputException(what + ": POM " + UntrustedText.quoted(entry) + " " + e.getMessage());
    }
  }

  private static void checkChecksum(PlannedEntry p, IncomingFile checksumFile, IncomingFile of, String what)
      throws InvalidInputException {
    String stated;
    try {
      if (checksumFile.digests().size() > MAX_CHECKSUM_FILE) {
        throw new InvalidInputException(what + ": checksum file " + UntrustedText.quoted(p.entry()) + " is larger than "
            + MAX_CHECKSUM_FILE + " bytes");
      }
      String text = Files.readString(checksumFile.file(), StandardCharsets.ISO_8859_1).trim();
      // "hex" or "hex  file-name" (what md5sum writes); only the first token counts.
      stated = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      throw new InvalidInputException(what + ": cannot read checksum file " + UntrustedText.quoted(p.entry()), e);
    }
    ChecksumKind kind = ChecksumKind.of(p.path());
    if (stated.length() != kind.hexLength() || !HEX.matcher(stated).matches()) {
      throw new InvalidInputException(what + ": checksum file " + UntrustedText.quoted(p.entry()) + " does not hold a "
          + kind.algorithm() + " hex digest");
    }
    String actual = of.digests().hex(p.checksumAlgorithm());
    if (!actual.equals(stated)) {
      throw new InvalidInputException(what + ": checksum file " + UntrustedText.quoted(p.entry()) + " states " + kind.algorithm()
          + " " + stated + " but " + UntrustedText.quoted(of.entry()) + " has " + actual);
    }
  }

  private static void checkMetadata(PlannedEntry p, IncomingFile in, String what) throws InvalidInputException {
    ArtifactMetadata m = readMetadata(in.file(), in.digests().size(), "maven-metadata " + UntrustedText.quoted(p.entry()) + " of " + what);
    String dir = m.groupId().replace('.', '/') + "/" + m.artifactId();
    String expected = dir + "/maven-metadata.xml";
    if (!p.path().equals(expected)) {
      throw new InvalidInputException(what + ": " + UntrustedText.quoted(p.entry()) + " names "
          + UntrustedText.quoted(m.groupId() + ":" + m.artifactId()) + ", which belongs elsewhere");
    }
  }

  private static ArtifactMetadata readMetadata(Path file, long size, String what) throws InvalidInputException {
    if (size > MAX_METADATA_SIZE) {
      throw new InvalidInputException(what + " is larger than " + MAX_METADATA_SIZE + " bytes");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return MetadataXml.read(in);
    } catch (InvalidPomException e) {
      throw new InvalidInputException(what + " " + e.getMessage());
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + what, e);
    }
  }

  private void claim(String path, ComponentArtifact artifact, String what) throws InvalidInputException {
    String previous = owners.putIfAbsent(path, artifact.component());
    if (previous != null) {
      throw new InvalidInputException(what + ": " + UntrustedText.quoted(path) + " is also published by component "
          + UntrustedText.quoted(previous) + " of this release");
    }
  }

  /**
   * Writes one file of the plan: moves its bytes into place and adds its checksums (from the
   * digests of the read that brought it in) and, when {@code sign}, its {@code .asc}.
   */
  private void writeArtifact(PlannedEntry p, IncomingFile in, FileOrigin origin, String component, boolean sign)
      throws KonfluxNativeException {
    Path target = staging.resolve(p.path());
    try {
      Files.createDirectories(target.getParent());
      Files.move(in.file(), target, StandardCopyOption.REPLACE_EXISTING);
      FileDigests d = in.digests();
      context.produced(component, new ProducedFile(p.path(), Digest.sha256(d.sha256()), d.size(), List.of(origin)));
      writeChecksums(p.path(), d, component);
      if (sign && signer != null) {
        String asc = signer.signArmored(d, target, context.releaseTime());
        writeSmall(p.path() + ".asc", asc.getBytes(StandardCharsets.US_ASCII), component);
      }
    } catch (IOException e) {
      throw new OutputException("writing " + p.path() + " failed: " + e.getMessage(), e);
    }
  }

  private void writeChecksums(String path, FileDigests d, String component) throws IOException {
    for (ChecksumKind k : ChecksumKind.ALL) {
      writeSmall(path + k.suffix(), d.hex(k.algorithm()).getBytes(StandardCharsets.US_ASCII), component);
    }
  }

  private void writeSmall(String path, byte[] content, String component) throws IOException {
    Path file = staging.resolve(path);
    Files.write(file, content);
    context.produced(component, new ProducedFile(path, Digest.sha256Of(content), content.length, List.of()));
  }

  @Override
  public void finish() throws KonfluxNativeException {
    try {
      Set<String> rewritten = new HashSet<>();
      for (String ga : versions.keySet()) {
        String[] parts = ga.split(":", 2);
        String dir = parts[0].replace('.', '/') + "/" + parts[1];
        rewritten.add(dir + "/maven-metadata.xml");
      }
      Optional<Path> current = context.currentOutput();
      Map<String, ArtifactMetadata> committed = new HashMap<>();
      if (current.isPresent() && Files.isDirectory(current.get(), LinkOption.NOFOLLOW_LINKS)) {
        for (String metadataPath : rewritten) {
          Path f = current.get().resolve(metadataPath);
          if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            committed.put(metadataPath, readMetadata(f, Files.size(f), "committed " + metadataPath));
          }
        }
        carryOver(current.get(), rewritten);
      }
      for (Map.Entry<String, TreeSet<String>> e : versions.entrySet()) {
        String[] parts = e.getKey().split(":", 2);
        String path = parts[0].replace('.', '/') + "/" + parts[1] + "/maven-metadata.xml";
        ArtifactMetadata m = new ArtifactMetadata(parts[0], parts[1], List.copyOf(e.getValue()));
        ArtifactMetadata old = committed.get(path);
        if (old != null) {
          m = m.with(old.versions());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MetadataXml.write(m, context.releaseTime(), bytes);
        byte[] xml = bytes.toByteArray();
        writeSmall(path, xml, null);
        FileDigests d;
        try (InputStream in = new java.io.ByteArrayInputStream(xml)) {
          d = digester.copy(in, OutputStream.nullOutputStream());
        }
        writeChecksums(path, d, null);
      }
      deleteTree(staging.resolve(INCOMING));
    } catch (IOException e) {
      throw new OutputException("writing maven-metadata.xml failed: " + e.getMessage(), e);
    } finally {
      digester.close();
    }
  }

  /**
   * Links every committed file into staging that this release does not write itself: earlier
   * versions stay published. Artifact-level metadata this release rewrites (and its checksums)
   * is not carried over.
   */
  private void carryOver(Path current, Set<String> rewritten) throws KonfluxNativeException {
    try {
      Files.walkFileTree(current, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return dir.getFileName() != null && dir.getFileName().toString().startsWith(".") && !dir.equals(current)
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          if (!attrs.isRegularFile()) {
            return FileVisitResult.CONTINUE;
          }
          String rel = current.relativize(file).toString().replace(java.io.File.separatorChar, '/');
          if (owners.containsKey(rel) || isRewritten(rel)) {
            return FileVisitResult.CONTINUE;
          }
          Path to = staging.resolve(rel);
          if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            return FileVisitResult.CONTINUE; // a sidecar this release wrote anew
          }
          Files.createDirectories(to.getParent());
          try {
            Files.createLink(to, file);
          } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES);
          }
          return FileVisitResult.CONTINUE;
        }

        private boolean isRewritten(String rel) {
          for (String m : rewritten) {
            if (rel.equals(m) || (rel.startsWith(m) && ChecksumKind.of(rel) != null && rel.length() - m.length() <= 7)) {
              return true;
            }
          }
          return false;
        }
      });
    } catch (IOException e) {
      throw new SourceUnavailableException("carrying over the committed Maven repository " + current + " failed: "
          + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("could not delete {}", file, e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> paths = new ArrayList<>();
    try (var s = Files.walk(dir)) {
      s.forEach(paths::add);
    }
    for (int i = paths.size() - 1; i >= 0; i--) {
      Files.deleteIfExists(paths.get(i));
    }
  }
}
