package dev.konflux.ecosystem.rpm.internal.target;

import org.jspecify.annotations.Nullable;
import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.OpenPgpSigningKey;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.spi.IoFailures;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.internal.io.BoundedReader;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackage;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackageReader;
import dev.konflux.ecosystem.rpm.internal.repodata.ExistingRepodata;
import dev.konflux.ecosystem.rpm.internal.repodata.ExistingRepodataReader;
import dev.konflux.ecosystem.rpm.internal.repodata.ExtraMetadata;
import dev.konflux.ecosystem.rpm.internal.repodata.MetadataCompression;
import dev.konflux.ecosystem.rpm.internal.repodata.PackageEntries;
import dev.konflux.ecosystem.rpm.internal.repodata.PackageEntry;
import dev.konflux.ecosystem.rpm.internal.repodata.RepodataResult;
import dev.konflux.ecosystem.rpm.internal.repodata.RepodataWriter;
import dev.konflux.ecosystem.rpm.internal.repodata.RepositoryUpdate;
import dev.konflux.ecosystem.rpm.internal.sign.RpmHeaderSigner;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One release's RPM work: every {@code application/x-rpm} layer is streamed through its verifying
 * reader into the signer, written as {@code <repo>/Packages/<file>} in staging, then each
 * repository gets its repodata in {@link #finish()}. The artifact's SBOM documents are published
 * next to its packages by {@link SbomSidecars} and listed as {@code sbom} records. When a committed output exists, its packages
 * (and sidecar files) are linked into staging first and its metadata entries reused, so a release
 * adds to the repositories instead of replacing them; a package of the same name is replaced.
 */
public final class RpmTargetSession implements TargetSession {
  private static final Logger LOG = LoggerFactory.getLogger(RpmTargetSession.class);
  private static final String CG_IMPORT = "cg_import.json";
  private static final int CG_IMPORT_LIMIT = 16 << 20;
  private static final String INCOMING = ".incoming";

  /** A package placed in one repository. */
  private record Placed(RpmPackage pkg, String component, List<FileOrigin> origins) {}

  private final TargetContext context;
  private final RepositoryLayout layout;
  private final RpmHeaderSigner signer;
  private final RepodataWriter repodata;
  private final Path staging;
  private final FileTime fileTime;
  private final Map<String, Map<String, Placed>> repositories = new TreeMap<>();
  private final @Nullable SbomSidecars sboms;

  /**
   * @param context the release context
   * @param architectures architecture repositories
   * @param debugRepositories whether debug packages go to {@code <arch>-debug}
   * @param key the signing key, or {@code null} to publish unsigned
   * @param keyName the name of the published public key file ({@code RPM-GPG-KEY-<name>})
   * @param compression repodata compression
   */
  public RpmTargetSession(TargetContext context, List<String> architectures, boolean debugRepositories,
      @Nullable OpenPgpSigningKey key, String keyName, MetadataCompression compression) {
    this(context, architectures, debugRepositories, key, keyName, compression, true);
  }

  /**
   * @param context the release context
   * @param architectures architecture repositories
   * @param debugRepositories whether debug packages go to {@code <arch>-debug}
   * @param key the signing key, or {@code null} to publish unsigned
   * @param keyName the name of the published public key file ({@code RPM-GPG-KEY-<name>})
   * @param compression repodata compression
   * @param publishSboms whether the artifacts' SBOM documents are published next to their packages
   */
  public RpmTargetSession(TargetContext context, List<String> architectures, boolean debugRepositories,
      @Nullable OpenPgpSigningKey key, String keyName, MetadataCompression compression, boolean publishSboms) {
    this.context = context;
    this.layout = new RepositoryLayout(architectures, debugRepositories);
    this.signer = new RpmHeaderSigner(key, context.releaseTime());
    RepodataWriter.Builder b = RepodataWriter.builder().compression(compression);
    if (key != null) {
      b.signingKey(key, keyName);
    }
    this.repodata = b.build();
    this.staging = context.stagingDirectory();
    this.fileTime = FileTime.from(context.releaseTime());
    this.sboms = publishSboms ? new SbomSidecars(context, staging.resolve(INCOMING), SbomSidecars.LIMIT) : null;
  }

  @Override
  public void add(ComponentArtifact artifact, BlobReader blobs) throws KonfluxNativeException {
    CgImportChecksums checksums = readCgImport(artifact, blobs);
    SbomSidecars.Fetched documents = sboms == null ? null : sboms.fetch(artifact, blobs);
    Set<String> placedIn = new TreeSet<>();
    for (Descriptor layer : artifact.layers()) {
      if (MediaTypes.RPM.equals(layer.mediaType())) {
        placedIn.addAll(addPackage(artifact, blobs, layer, checksums));
      }
    }
    if (documents != null && sboms != null) {
      sboms.place(documents, placedIn);
    }
  }

  private CgImportChecksums readCgImport(ComponentArtifact artifact, BlobReader blobs) throws KonfluxNativeException {
    for (Descriptor layer : artifact.layers()) {
      Optional<String> title = layer.title();
      if (title.isEmpty() || !LayerTitle.fileName(title.get()).equals(CG_IMPORT)) {
        continue;
      }
      String what = "layer " + CG_IMPORT + " (" + layer.digest() + ") of " + artifact.describe();
      try (InputStream in = blobs.open(layer)) {
        return CgImportChecksums.parse(BoundedReader.readAtMost(in, CG_IMPORT_LIMIT, what), what);
      } catch (IOException e) {
        throw IoFailures.reading(e, what);
      }
    }
    return CgImportChecksums.NONE;
  }

  /** @return the repositories the package went to */
  private List<String> addPackage(ComponentArtifact artifact, BlobReader blobs, Descriptor layer,
      CgImportChecksums checksums) throws KonfluxNativeException {
    String base = "layer " + layer.digest() + " of " + artifact.describe();
    String title = LayerTitle.checkRelativePath(layer.title().orElse(null), base);
    String what = "package " + title + " (" + layer.digest() + ") of " + artifact.describe();
    String fileName = LayerTitle.fileName(title);
    if (!fileName.endsWith(".rpm") || fileName.startsWith(".")) {
      throw new InvalidInputException(what + ": an RPM layer's title must name a .rpm file");
    }
    Optional<CgImportChecksums.Checksum> stated = checksums.forFile(fileName);
    if (stated.isEmpty()) {
      stated = checksums.forFile(title);
    }
    MessageDigest cgDigest = null;
    if (stated.isPresent()) {
      if (stated.get().algorithm().equals("sha256") && layer.digest().algorithm().equals("sha256")) {
        // The verifying stream proves the bytes hash to the layer digest: compare to that.
        if (!stated.get().hex().equals(layer.digest().hex())) {
          throw new VerificationException(what + ": cg_import.json states sha256 " + stated.get().hex()
              + ", the layer is " + layer.digest());
        }
      } else {
        cgDigest = stated.get().newDigest();
      }
    }

    Path incoming = staging.resolve(INCOMING).resolve(fileName);
    RpmPackage pkg;
    try (InputStream raw = blobs.open(layer)) {
      InputStream in = new BufferedInputStream(raw, 1 << 16);
      if (cgDigest != null) {
        in = new DigestInputStream(in, cgDigest);
      }
      // The signer reads to the end, so the verifying stream has checked size and digest when it
      // returns; a mismatch surfaces as BlobIntegrityException before any output is kept.
      pkg = signer.signToFile(in, incoming, title);
    } catch (BlobIntegrityException e) {
      throw new VerificationException(String.valueOf(e.getMessage()), e);
    } catch (IOException e) {
      throw new SourceUnavailableException("signing " + what + " failed: " + e.getMessage(), e);
    }
    try {
      if (cgDigest != null) {
        String actual = HexFormat.of().formatHex(cgDigest.digest());
        if (!actual.equals(stated.get().hex())) {
          throw new VerificationException(what + ": cg_import.json states " + stated.get().algorithm() + " "
              + stated.get().hex() + ", the layer hashes to " + actual);
        }
      }
      return place(artifact, layer, fileName, incoming, pkg, what);
    } finally {
      deleteQuietly(incoming);
    }
  }

  private List<String> place(ComponentArtifact artifact, Descriptor layer, String fileName, Path incoming,
      RpmPackage pkg, String what) throws KonfluxNativeException {
    List<String> repos = layout.repositoriesFor(pkg, what);
    String href = "Packages/" + fileName;
    FileOrigin origin = FileOrigin.ofLayer(artifact, layer.digest());
    try {
      Files.setLastModifiedTime(incoming, fileTime);
      for (String repo : repos) {
        Map<String, Placed> packages = repositories.computeIfAbsent(repo, r -> new TreeMap<>());
        Placed existing = packages.get(href);
        if (existing != null) {
          if (!existing.pkg().sha256().equals(pkg.sha256())) {
            throw new InvalidInputException(what + ": repository " + repo + " already has a different "
                + fileName + " (" + existing.origins().get(0).layerDigest() + ")");
          }
          if (!existing.origins().contains(origin)) {
            existing.origins().add(origin);
          }
          continue;
        }
        Path target = staging.resolve(repo).resolve(href);
        Files.createDirectories(target.getParent());
        linkOrCopy(incoming, target);
        List<FileOrigin> origins = new ArrayList<>(List.of(origin));
        packages.put(href, new Placed(pkg, artifact.component(), origins));
        context.produced(artifact.component(), new ProducedFile(repo + "/" + href, pkg.sha256(), pkg.fileSize(),
            List.of(origin)));
      }
    } catch (IOException e) {
      throw new OutputException("placing " + what + " failed: " + e.getMessage(), e);
    }
    LOG.debug("{} → {}", what, repos);
    return repos;
  }

  private static void linkOrCopy(Path from, Path to) throws IOException {
    Files.deleteIfExists(to);
    try {
      Files.createLink(to, from);
    } catch (UnsupportedOperationException | FileSystemException e) {
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  @Override
  public void finish() throws KonfluxNativeException {
    long seconds = context.releaseTime().getEpochSecond();
    Optional<Path> current = context.currentOutput();
    TreeMap<String, Path> previousRepositories = new TreeMap<>();
    if (current.isPresent()) {
      previousRepositories.putAll(previousRepositories(current.get()));
    }
    TreeSet<String> names = new TreeSet<>(repositories.keySet());
    names.addAll(previousRepositories.keySet());
    for (String name : names) {
      Path root = staging.resolve(name);
      List<PackageEntry> added = new ArrayList<>();
      for (Map.Entry<String, Placed> p : repositories.getOrDefault(name, Map.of()).entrySet()) {
        added.add(PackageEntries.fromPackage(p.getValue().pkg(), p.getKey(), seconds));
      }
      try {
        List<PackageEntry> entries = added;
        List<ExtraMetadata> extras = List.of();
        Path previousRoot = previousRepositories.get(name);
        if (previousRoot != null) {
          carryOver(previousRoot, root);
          ExistingRepodata previous = new ExistingRepodataReader().read(previousRoot);
          RepositoryUpdate.Plan plan = RepositoryUpdate.plan(previous, root, added, false);
          entries = new ArrayList<>(plan.entries());
          for (String href : plan.toRead()) {
            Path file = root.resolve(href);
            RpmPackage pkg = new RpmPackageReader().read(file);
            entries.add(PackageEntries.fromPackage(pkg, href,
                Files.getLastModifiedTime(file).toInstant().getEpochSecond()));
          }
          extras = previous.keptExtras().stream()
              .filter(e -> isKeptFile(root, e.locationHref())).toList();
          LOG.debug("repository {}: {} added, {} kept, {} re-read, {} dropped", name, added.size(),
              plan.reused().size(), plan.toRead().size(), plan.dropped().size());
        }
        if (sboms != null) {
          extras = sboms.records(name, extras);
        }
        RepodataResult result = repodata.write(root, entries, extras, context.releaseTime());
        for (ProducedFile f : result.files()) {
          context.produced(null, new ProducedFile(name + "/" + f.path(), f.sha256(), f.size(), f.origins()));
        }
      } catch (IOException e) {
        throw new OutputException("writing repodata of " + name + " failed: " + e.getMessage(), e);
      }
    }
    deleteTree(staging.resolve(INCOMING));
  }

  /** Whether a kept record's file was carried over (a location that is not a safe path is not). */
  private static boolean isKeptFile(Path root, String href) {
    try {
      Path p = root.resolve(href).normalize();
      return p.startsWith(root.normalize()) && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  /** The repositories of the committed output: directories with a {@code repodata/repomd.xml}. */
  private static Map<String, Path> previousRepositories(Path current) throws SourceUnavailableException {
    Map<String, Path> out = new TreeMap<>();
    if (!Files.isDirectory(current)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(current)) {
      for (Path d : (Iterable<Path>) dirs::iterator) {
        String name = d.getFileName().toString();
        if (!name.startsWith(".") && Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && Files.isRegularFile(d.resolve("repodata/repomd.xml"))) {
          out.put(name, d);
        }
      }
    } catch (IOException e) {
      throw new SourceUnavailableException("listing the current output " + current + " failed: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Links the files of a committed repository into staging (packages, SBOM sidecars), except its
   * metadata and public key, which are written anew, and files this release replaces. Links keep
   * size and modification time, so the existing metadata entries can be reused.
   */
  private static void carryOver(Path previousRoot, Path root) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(previousRoot)) {
      files = walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
    }
    for (Path f : files) {
      String rel = previousRoot.relativize(f).toString().replace(java.io.File.separatorChar, '/');
      if (rel.startsWith("repodata/") || rel.startsWith("RPM-GPG-KEY-") || rel.startsWith(".") || rel.contains("/.")) {
        continue;
      }
      Path target = root.resolve(rel);
      if (Files.exists(target)) {
        continue;
      }
      Files.createDirectories(target.getParent());
      try {
        Files.createLink(target, f);
      } catch (UnsupportedOperationException | FileSystemException e) {
        Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", p, e.toString());
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(RpmTargetSession::deleteQuietly);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", dir, e.toString());
    }
  }
}
