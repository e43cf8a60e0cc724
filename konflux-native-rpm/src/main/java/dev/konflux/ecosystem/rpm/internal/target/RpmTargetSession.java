package dev.konflux.ecosystem.rpm.internal.target;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.rpm.internal.header.MalformedRpmException;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackage;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackageHeaders;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackageReader;
import dev.konflux.ecosystem.rpm.internal.repodata.CommittedRepodata;
import dev.konflux.ecosystem.rpm.internal.repodata.ExistingRepodataReader;
import dev.konflux.ecosystem.rpm.internal.repodata.ExtraMetadata;
import dev.konflux.ecosystem.rpm.internal.repodata.MetadataCompression;
import dev.konflux.ecosystem.rpm.internal.repodata.PackageEntries;
import dev.konflux.ecosystem.rpm.internal.repodata.PackageEntry;
import dev.konflux.ecosystem.rpm.internal.repodata.RecordSpill;
import dev.konflux.ecosystem.rpm.internal.repodata.RepodataResult;
import dev.konflux.ecosystem.rpm.internal.repodata.RepodataWriter;
import dev.konflux.ecosystem.rpm.internal.repodata.RepositoryUpdate;
import dev.konflux.ecosystem.rpm.internal.sign.RpmHeaderSigner;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.CommittedOutput;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.IndexOutput;
import dev.konflux.ecosystem.spi.IoFailures;
import dev.konflux.ecosystem.spi.LocalBlob;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.spi.PlannedFile;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import dev.konflux.ecosystem.util.BoundedReads;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One release's (or kept plan's) RPM work, a file at a time. {@link #plan} names each package's
 * place {@code <repo>/Packages/<file>} from its header: during a release (every planned file is
 * written right away) the layer is streamed once through its verifying reader into the signer, into
 * the work directory, and {@link #write} links the result into place; for a kept plan only the
 * header (a bounded prefix of the layer) is read, and {@link #write} streams the layer into the
 * signer then. {@link #writeIndex} writes each repository's repodata. The artifact's SBOM documents
 * are published next to its packages by {@link SbomSidecars} and listed as {@code sbom} records.
 * When a committed output exists, its packages (and sidecar files) are carried over ({@link
 * CommittedOutput}) and its metadata entries reused, so a release adds to the repositories instead
 * of replacing them; a package of the same name is replaced.
 */
public final class RpmTargetSession implements TargetSession {
  private static final Logger LOG = LoggerFactory.getLogger(RpmTargetSession.class);
  private static final String CG_IMPORT = "cg_import.json";
  private static final int CG_IMPORT_LIMIT = 16 << 20;
  private static final String INCOMING = "incoming";

  /**
   * A planned package: where it comes from and, during a release, the signed file in the work
   * directory; for a kept plan, the header read while planning.
   */
  private record PackageFile(
      ComponentArtifact artifact,
      Descriptor layer,
      String title,
      String what,
      CgImportChecksums.@Nullable Checksum stated,
      @Nullable Path signed,
      RecordSpill.@Nullable Ref records,
      @Nullable Digest sha256,
      long size,
      String headerSha256) {}

  /** A package placed in one repository: what identifies its content, and every origin. */
  private record Placed(String identity, List<FileOrigin> origins) {}

  private final TargetContext context;
  private final RepositoryLayout layout;
  private final RpmHeaderSigner signer;
  private final RepodataWriter repodata;
  private final Path incoming;
  private final FileTime fileTime;
  private final Map<String, Map<String, Placed>> repositories = new TreeMap<>();

  /** The metadata records of every package written, by output path. */
  private final Map<String, RecordSpill.Ref> written =
      new java.util.concurrent.ConcurrentHashMap<>();

  private @Nullable RecordSpill spill;
  private final @Nullable SbomSidecars sboms;
  private final RpmHeaderStrings headerStrings;
  private final int threads;
  private int incomingCount;

  /**
   * @param context the release context
   * @param architectures architecture repositories
   * @param debugRepositories whether debug packages go to {@code <arch>-debug}
   * @param key the signing key, or {@code null} to publish unsigned
   * @param keyName the name of the published public key file ({@code RPM-GPG-KEY-<name>})
   * @param compression repodata compression
   */
  public RpmTargetSession(
      TargetContext context,
      List<String> architectures,
      boolean debugRepositories,
      @Nullable OpenPgpSigner key,
      String keyName,
      MetadataCompression compression) {
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
  public RpmTargetSession(
      TargetContext context,
      List<String> architectures,
      boolean debugRepositories,
      @Nullable OpenPgpSigner key,
      String keyName,
      MetadataCompression compression,
      boolean publishSboms) {
    this(
        context,
        architectures,
        debugRepositories,
        key,
        keyName,
        compression,
        publishSboms,
        List.of());
  }

  /**
   * @param context the release context
   * @param architectures architecture repositories
   * @param debugRepositories whether debug packages go to {@code <arch>-debug}
   * @param key the signing key, or {@code null} to publish unsigned
   * @param keyName the name of the published public key file ({@code RPM-GPG-KEY-<name>})
   * @param compression repodata compression
   * @param publishSboms whether the artifacts' SBOM documents are published next to their packages
   * @param extraArchitectures header architectures accepted besides rpm's known ones and {@code
   *     architectures}
   */
  public RpmTargetSession(
      TargetContext context,
      List<String> architectures,
      boolean debugRepositories,
      @Nullable OpenPgpSigner key,
      String keyName,
      MetadataCompression compression,
      boolean publishSboms,
      List<String> extraArchitectures) {
    this(
        context,
        architectures,
        debugRepositories,
        key,
        keyName,
        compression,
        publishSboms,
        extraArchitectures,
        DEFAULT_THREADS);
  }

  /** Packages signed at once by default during a release: one per core. */
  public static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();

  /**
   * @param context the release context
   * @param architectures architecture repositories
   * @param debugRepositories whether debug packages go to {@code <arch>-debug}
   * @param key the signing key, or {@code null} to publish unsigned
   * @param keyName the name of the published public key file ({@code RPM-GPG-KEY-<name>})
   * @param compression repodata compression
   * @param publishSboms whether the artifacts' SBOM documents are published next to their packages
   * @param extraArchitectures header architectures accepted besides rpm's known ones and {@code
   *     architectures}
   * @param threads packages of an artifact signed at once during a release (1: one after another)
   */
  public RpmTargetSession(
      TargetContext context,
      List<String> architectures,
      boolean debugRepositories,
      @Nullable OpenPgpSigner key,
      String keyName,
      MetadataCompression compression,
      boolean publishSboms,
      List<String> extraArchitectures,
      int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    this.threads = threads;
    this.context = context;
    this.layout = new RepositoryLayout(architectures, debugRepositories);
    List<String> accepted = new ArrayList<>(architectures);
    accepted.addAll(extraArchitectures);
    this.headerStrings = new RpmHeaderStrings(accepted);
    this.signer = new RpmHeaderSigner(key, context.releaseTime());
    RepodataWriter.Builder b = RepodataWriter.builder().compression(compression);
    if (key != null) {
      b.signingKey(key, keyName);
    }
    this.repodata = b.build();
    this.incoming = context.workDirectory().resolve(INCOMING);
    this.fileTime = FileTime.from(context.releaseTime());
    this.sboms = publishSboms ? new SbomSidecars(context, incoming, SbomSidecars.LIMIT) : null;
  }

  @Override
  public List<PlannedFile> plan(VerifiedArtifact verified, BlobReader blobs)
      throws KonfluxNativeException {
    ComponentArtifact artifact = verified.artifact();
    CgImportChecksums checksums = readCgImport(artifact, blobs);
    // SBOM documents are checked (and during a release fetched) before any package, so a bad
    // document leaves no trace of the artifact.
    SbomSidecars.Prepared documents = sboms == null ? null : sboms.prepare(verified, blobs);
    Set<String> placedIn = new TreeSet<>();
    List<PlannedFile> out = new ArrayList<>();
    List<Descriptor> rpms =
        artifact.layers().stream().filter(l -> MediaTypes.RPM.equals(l.mediaType())).toList();
    if (context.writesEveryFile() && threads > 1 && rpms.size() > 1) {
      out.addAll(signInParallel(artifact, blobs, rpms, checksums, placedIn));
    } else {
      for (Descriptor layer : rpms) {
        out.addAll(planPackage(artifact, blobs, layer, checksums, placedIn));
      }
    }
    if (sboms != null && documents != null) {
      out.addAll(sboms.plan(documents, placedIn));
    }
    return out;
  }

  private CgImportChecksums readCgImport(ComponentArtifact artifact, BlobReader blobs)
      throws KonfluxNativeException {
    for (Descriptor layer : artifact.layers()) {
      Optional<String> title = layer.title();
      if (title.isEmpty() || !LayerTitle.fileName(title.get()).equals(CG_IMPORT)) {
        continue;
      }
      String what = "layer " + CG_IMPORT + " (" + layer.digest() + ") of " + artifact.describe();
      try (InputStream in = blobs.open(layer)) {
        return CgImportChecksums.parse(BoundedReads.readAtMost(in, CG_IMPORT_LIMIT, what), what);
      } catch (IOException e) {
        throw IoFailures.reading(e, what);
      }
    }
    return CgImportChecksums.NONE;
  }

  /**
   * Plans one package in every repository it goes to; records those repositories in {@code
   * placedIn}.
   */
  private List<PlannedFile> planPackage(
      ComponentArtifact artifact,
      BlobReader blobs,
      Descriptor layer,
      CgImportChecksums checksums,
      Set<String> placedIn)
      throws KonfluxNativeException {
    LayerPlan lp = checkLayer(artifact, layer, checksums);
    if (context.writesEveryFile()) {
      // A release writes every planned file next: sign now, reading the layer once.
      Path signed = incoming.resolve(incomingCount++ + "-" + lp.fileName());
      RpmPackage pkg = sign(blobs, layer, lp.other(), signed, lp.title(), lp.what());
      return placeSigned(artifact, layer, lp, signed, pkg, placedIn);
    }
    RpmPackageHeaders headers = readHeaders(blobs, layer, lp.title(), lp.what());
    boolean source = headers.lead().isSource() || headers.header().isSourcePackage();
    headerStrings.check(headers.header(), source, lp.fileName(), lp.what());
    List<String> repos =
        layout.repositoriesFor(source, headers.header().name(), headers.header().arch(), lp.what());
    PackageFile handle =
        new PackageFile(
            artifact,
            layer,
            lp.title(),
            lp.what(),
            lp.other(),
            null,
            null,
            null,
            -1,
            headers.header().sha256Hex());
    // Signing keeps header and payload: the same header (which holds the payload digest) gives
    // the same signed package.
    return place(
        artifact, layer, lp, handle, repos, "header:" + headers.header().sha256Hex(), placedIn);
  }

  /** What a layer's title and the artifact's cg_import.json say about a package layer. */
  private record LayerPlan(
      String title, String what, String fileName, CgImportChecksums.@Nullable Checksum other) {}

  /** Checks a package layer's title and its cg_import.json checksum, without reading the layer. */
  private static LayerPlan checkLayer(
      ComponentArtifact artifact, Descriptor layer, CgImportChecksums checksums)
      throws KonfluxNativeException {
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
    CgImportChecksums.@Nullable Checksum other = null;
    if (stated.isPresent()) {
      if (stated.get().algorithm().equals("sha256")
          && layer.digest().algorithm().equals("sha256")) {
        // The verifying stream proves the bytes hash to the layer digest: compare to that.
        if (!stated.get().hex().equals(layer.digest().hex())) {
          throw new VerificationException(
              what
                  + ": cg_import.json states sha256 "
                  + stated.get().hex()
                  + ", the layer is "
                  + layer.digest());
        }
      } else {
        other = stated.get();
      }
    }

    return new LayerPlan(title, what, fileName, other);
  }

  /**
   * Plans a package signed into {@code signed} during a release: checks its header strings, spills
   * its metadata records and places it; the signed file is deleted if the header is refused.
   */
  private List<PlannedFile> placeSigned(
      ComponentArtifact artifact,
      Descriptor layer,
      LayerPlan lp,
      Path signed,
      RpmPackage pkg,
      Set<String> placedIn)
      throws KonfluxNativeException {
    RecordSpill.Ref records;
    List<String> repos;
    try {
      headerStrings.check(pkg.header(), pkg.isSource(), lp.fileName(), lp.what());
      repos = layout.repositoriesFor(pkg, lp.what());
      // The package's metadata records go to the spill now: neither the plan (which the release
      // keeps) nor this session holds a parsed package.
      records = spill(pkg, "Packages/" + lp.fileName());
    } catch (InvalidInputException e) {
      deleteQuietly(signed);
      throw e;
    }
    PackageFile handle =
        new PackageFile(
            artifact,
            layer,
            lp.title(),
            lp.what(),
            lp.other(),
            signed,
            records,
            pkg.sha256(),
            pkg.fileSize(),
            pkg.header().sha256Hex());
    return place(artifact, layer, lp, handle, repos, pkg.sha256().toString(), placedIn);
  }

  /** Places a planned package in each of its repositories (once per repository and file name). */
  private List<PlannedFile> place(
      ComponentArtifact artifact,
      Descriptor layer,
      LayerPlan lp,
      PackageFile handle,
      List<String> repos,
      String identity,
      Set<String> placedIn)
      throws InvalidInputException {
    String what = lp.what();
    String fileName = lp.fileName();
    String href = "Packages/" + fileName;
    FileOrigin origin = FileOrigin.ofLayer(artifact, layer.digest());
    List<PlannedFile> out = new ArrayList<>();
    for (String repo : repos) {
      Map<String, Placed> packages = repositories.computeIfAbsent(repo, r -> new TreeMap<>());
      Placed existing = packages.get(href);
      if (existing != null) {
        if (!existing.identity().equals(identity)) {
          throw new InvalidInputException(
              what
                  + ": repository "
                  + repo
                  + " already has a different "
                  + fileName
                  + " ("
                  + existing.origins().get(0).layerDigest()
                  + ")");
        }
        if (!existing.origins().contains(origin)) {
          existing.origins().add(origin);
        }
        continue;
      }
      packages.put(href, new Placed(identity, new ArrayList<>(List.of(origin))));
      out.add(
          new PlannedFile(
              repo + "/" + href,
              artifact.component(),
              List.of(origin),
              handle.sha256() == null ? OptionalLong.empty() : OptionalLong.of(handle.size()),
              handle.sha256(),
              handle));
    }
    placedIn.addAll(repos);
    LOG.debug("{} → {}", what, repos);
    return out;
  }

  /**
   * A package layer on its way through the signing workers: its plan and signed file, and either
   * the job signing it or the failure that stopped it before a job was started.
   */
  private record Pending(
      Descriptor layer,
      @Nullable LayerPlan plan,
      @Nullable Path signed,
      @Nullable Closeable opened,
      @Nullable Future<RpmPackage> job,
      @Nullable KonfluxNativeException failure) {}

  /**
   * Signs a release's package layers on {@link #threads} workers, each reading, verifying, hashing,
   * signing and writing whole packages; this thread opens the layers (blob readers need not be
   * thread-safe; a layer held in a local file is read by its worker through direct buffers), and
   * takes the results in layer order: header checks, metadata records and placement happen in that
   * order, so the output is the same as signing one by one, and the failure reported is the first
   * in layer order. At most {@link #window} packages are in flight, each streaming through the
   * signer's fixed buffers, so memory does not grow with the artifact. On a failure no further
   * package is started, and every signed file not yet planned is deleted.
   */
  private List<PlannedFile> signInParallel(
      ComponentArtifact artifact,
      BlobReader blobs,
      List<Descriptor> layers,
      CgImportChecksums checksums,
      Set<String> placedIn)
      throws KonfluxNativeException {
    int workers = Math.min(threads, layers.size());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "konflux-rpm-signer");
              t.setDaemon(true);
              return t;
            });
    ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    List<PlannedFile> out = new ArrayList<>();
    boolean done = false;
    try {
      for (Descriptor layer : layers) {
        while (inFlight.size() >= window(workers)) {
          out.addAll(finish(artifact, inFlight.removeFirst(), placedIn));
        }
        inFlight.addLast(start(pool, blobs, artifact, layer, checksums));
      }
      while (!inFlight.isEmpty()) {
        out.addAll(finish(artifact, inFlight.removeFirst(), placedIn));
      }
      done = true;
      return out;
    } finally {
      if (!done) {
        abandon(pool, inFlight);
      }
      pool.shutdown();
      awaitTermination(pool);
      if (!done) {
        for (Pending p : inFlight) {
          if (p.signed() != null) {
            deleteQuietly(p.signed());
          }
        }
      }
    }
  }

  /** Packages in flight for a number of workers: enough that none waits for the in-order step. */
  private static int window(int workers) {
    return 2 * workers + 1;
  }

  /**
   * Checks a layer and hands it to a worker; a failure here is kept for its turn in layer order.
   */
  private Pending start(
      ExecutorService pool,
      BlobReader blobs,
      ComponentArtifact artifact,
      Descriptor layer,
      CgImportChecksums checksums) {
    LayerPlan lp;
    Path signed;
    Optional<LocalBlob> local;
    InputStream stream = null;
    try {
      lp = checkLayer(artifact, layer, checksums);
      signed = incoming.resolve(incomingCount++ + "-" + lp.fileName());
      local = blobs.openLocal(layer);
      if (local.isEmpty()) {
        stream = blobs.open(layer);
      }
    } catch (KonfluxNativeException e) {
      return new Pending(layer, null, null, null, null, e);
    }
    Future<RpmPackage> job;
    Closeable opened;
    if (local.isPresent()) {
      LocalBlob blob = local.get();
      opened = blob;
      job = pool.submit(() -> sign(blob, lp.other(), signed, lp.title(), lp.what()));
    } else {
      InputStream in = Objects.requireNonNull(stream, "stream");
      opened = in;
      job = pool.submit(() -> sign(in, lp.other(), signed, lp.title(), lp.what()));
    }
    return new Pending(layer, lp, signed, opened, job, null);
  }

  /** Waits for a package's signing and plans it, or throws what stopped it. */
  private List<PlannedFile> finish(ComponentArtifact artifact, Pending p, Set<String> placedIn)
      throws KonfluxNativeException {
    KonfluxNativeException failure = p.failure();
    if (failure != null) {
      throw failure;
    }
    LayerPlan lp = Objects.requireNonNull(p.plan(), "plan");
    Path signed = Objects.requireNonNull(p.signed(), "signed");
    RpmPackage pkg;
    try {
      pkg = Objects.requireNonNull(p.job(), "job").get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutputException("interrupted while signing " + lp.what(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof KonfluxNativeException k) {
        throw k;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("signing " + lp.what() + " failed", cause);
    }
    return placeSigned(artifact, p.layer(), lp, signed, pkg, placedIn);
  }

  /** Cancels the jobs not started yet and closes their layers; running ones finish on their own. */
  private static void abandon(ExecutorService pool, ArrayDeque<Pending> inFlight) {
    for (Pending p : inFlight) {
      Future<RpmPackage> job = p.job();
      Closeable opened = p.opened();
      if (job != null && job.cancel(false) && opened != null) {
        try {
          opened.close();
        } catch (IOException e) {
          LOG.debug("cannot close {}: {}", p.layer().digest(), e.toString());
        }
      }
    }
    pool.shutdown();
  }

  /** Waits for the workers, so none writes into the work directory after the plan returns. */
  private static void awaitTermination(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads only the lead and headers (bounded by the parser's limits); the payload is not read. */
  private static RpmPackageHeaders readHeaders(
      BlobReader blobs, Descriptor layer, String title, String what) throws KonfluxNativeException {
    try (InputStream in = new BufferedInputStream(blobs.open(layer), 1 << 16)) {
      return new RpmPackageReader().readHeaders(in, title);
    } catch (BlobIntegrityException e) {
      throw new VerificationException(String.valueOf(e.getMessage()), e);
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "reading the header of " + what + " failed: " + e.getMessage(), e);
    }
  }

  /** Streams the layer through its verifying reader into the signer, into {@code target}. */
  private RpmPackage sign(
      BlobReader blobs,
      Descriptor layer,
      CgImportChecksums.@Nullable Checksum other,
      Path target,
      String title,
      String what)
      throws KonfluxNativeException {
    Optional<LocalBlob> local = blobs.openLocal(layer);
    if (local.isPresent()) {
      return sign(local.get(), other, target, title, what);
    }
    return sign(blobs.open(layer), other, target, title, what);
  }

  /**
   * Signs a layer held in a local file (closed here): read once into the signer's direct buffers,
   * every byte hashed there for the layer's digest as well as the package's, and the file kept only
   * once the layer's digest matched.
   */
  private RpmPackage sign(
      LocalBlob local,
      CgImportChecksums.@Nullable Checksum other,
      Path target,
      String title,
      String what)
      throws KonfluxNativeException {
    MessageDigest cgDigest = other == null ? null : other.newDigest();
    RpmPackage pkg;
    try (LocalBlob blob = local;
        LayerChannel in = new LayerChannel(blob, cgDigest)) {
      try {
        pkg = signer.signChannel(in, target, title, in::verify);
      } catch (MalformedRpmException e) {
        throw malformedUnlessDamaged(e, Channels.newInputStream(in));
      }
    } catch (BlobIntegrityException e) {
      throw damagedLayer(e);
    } catch (IOException e) {
      throw new SourceUnavailableException("signing " + what + " failed: " + e.getMessage(), e);
    }
    return checked(pkg, cgDigest, other, target, what);
  }

  /** A layer whose bytes are not the ones its descriptor states, naming the layer's digest. */
  private static VerificationException damagedLayer(BlobIntegrityException e) {
    VerificationException v = new VerificationException(String.valueOf(e.getMessage()), e);
    v.withDigest(e.expected());
    return v;
  }

  /**
   * A package found malformed before its layer was read to the end (a damaged header, say) may be a
   * damaged layer rather than a bad package: reads the rest of the layer through its verifying
   * reader, so a layer that does not match its digest is reported as such (a {@link
   * BlobIntegrityException}, the malformed package suppressed in it) and not as bad input.
   *
   * @return {@code e}, when the layer's bytes are the ones its descriptor states
   */
  private static MalformedRpmException malformedUnlessDamaged(
      MalformedRpmException e, InputStream rest) throws BlobIntegrityException {
    try {
      rest.transferTo(OutputStream.nullOutputStream());
    } catch (BlobIntegrityException damaged) {
      damaged.addSuppressed(e);
      throw damaged;
    } catch (IOException other) {
      e.addSuppressed(other);
    }
    return e;
  }

  /**
   * Streams an opened layer (closed here) through the signer into {@code target}: the reading,
   * hashing, signing and writing of one package, on whichever thread calls it.
   */
  private RpmPackage sign(
      InputStream opened,
      CgImportChecksums.@Nullable Checksum other,
      Path target,
      String title,
      String what)
      throws KonfluxNativeException {
    MessageDigest cgDigest = other == null ? null : other.newDigest();
    RpmPackage pkg;
    try (InputStream raw = opened) {
      InputStream in = new BufferedInputStream(raw, 1 << 16);
      if (cgDigest != null) {
        in = new DigestInputStream(in, cgDigest);
      }
      // The signer reads to the end, so the verifying stream has checked size and digest when it
      // returns; a mismatch surfaces as BlobIntegrityException before any output is kept.
      try {
        pkg = signer.signToFile(in, target, title);
      } catch (MalformedRpmException e) {
        throw malformedUnlessDamaged(e, in);
      }
    } catch (BlobIntegrityException e) {
      throw damagedLayer(e);
    } catch (IOException e) {
      throw new SourceUnavailableException("signing " + what + " failed: " + e.getMessage(), e);
    }
    return checked(pkg, cgDigest, other, target, what);
  }

  /** Checks cg_import.json's other digest of a signed layer and sets the file's time. */
  private RpmPackage checked(
      RpmPackage pkg,
      @Nullable MessageDigest cgDigest,
      CgImportChecksums.@Nullable Checksum other,
      Path target,
      String what)
      throws KonfluxNativeException {
    try {
      if (cgDigest != null && other != null) {
        String actual = HexFormat.of().formatHex(cgDigest.digest());
        if (!actual.equals(other.hex())) {
          throw new VerificationException(
              what
                  + ": cg_import.json states "
                  + other.algorithm()
                  + " "
                  + other.hex()
                  + ", the layer hashes to "
                  + actual);
        }
      }
      Files.setLastModifiedTime(target, fileTime);
    } catch (KonfluxNativeException e) {
      deleteQuietly(target);
      throw e;
    } catch (IOException e) {
      deleteQuietly(target);
      throw new OutputException("writing " + what + " failed: " + e.getMessage(), e);
    }
    return pkg;
  }

  @Override
  public ProducedFile write(PlannedFile file, BlobReader blobs, Path destination)
      throws KonfluxNativeException {
    if (sboms != null && sboms.planned(file)) {
      return sboms.write(file, blobs, destination);
    }
    PackageFile p = file.handle(PackageFile.class);
    if (p.signed() != null) {
      // planned together with signed(): a package signed in the plan has its records spilled
      RecordSpill.Ref records = Objects.requireNonNull(p.records(), "records");
      Digest sha256 = Objects.requireNonNull(p.sha256(), "sha256");
      try {
        linkOrCopy(p.signed(), destination);
      } catch (IOException e) {
        throw new OutputException("placing " + p.what() + " failed: " + e.getMessage(), e);
      }
      written.put(file.path(), records);
      return new ProducedFile(file.path(), sha256, p.size(), file.origins());
    }
    RpmPackage pkg = sign(blobs, p.layer(), p.stated(), destination, p.title(), p.what());
    if (!pkg.header().sha256Hex().equals(p.headerSha256())) {
      deleteQuietly(destination);
      throw new VerificationException(
          p.what() + ": its header changed between planning and writing");
    }
    int slash = file.path().indexOf('/');
    try {
      written.put(file.path(), spill(pkg, file.path().substring(slash + 1)));
    } catch (InvalidInputException e) {
      deleteQuietly(destination);
      throw e;
    }
    return new ProducedFile(file.path(), pkg.sha256(), pkg.fileSize(), file.origins());
  }

  /** Writes a package's metadata records to the session's spill (opened on first use). */
  private synchronized RecordSpill.Ref spill(RpmPackage pkg, String href)
      throws KonfluxNativeException {
    PackageEntry entry =
        PackageEntries.fromPackage(pkg, href, context.releaseTime().getEpochSecond());
    try {
      return spill().add(entry);
    } catch (IOException e) {
      throw new OutputException(
          "writing the metadata records of " + href + " failed: " + e.getMessage(), e);
    }
  }

  private synchronized RecordSpill spill() throws IOException {
    RecordSpill s = spill;
    if (s == null) {
      Files.createDirectories(incoming);
      s = new RecordSpill(incoming.resolve(".records"));
      spill = s;
    }
    return s;
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
  public List<ProducedFile> writeIndex(List<ProducedFile> files, IndexOutput out)
      throws KonfluxNativeException {
    Path staging = out.directory();
    Map<String, TreeMap<String, RecordSpill.Ref>> packagesByRepo = new TreeMap<>();
    Map<String, List<String>> sidecarsByRepo = new TreeMap<>();
    for (ProducedFile f : files) {
      int slash = f.path().indexOf('/');
      if (slash < 0) {
        continue;
      }
      String repo = f.path().substring(0, slash);
      String href = f.path().substring(slash + 1);
      RecordSpill.Ref records = written.get(f.path());
      if (records != null) {
        packagesByRepo.computeIfAbsent(repo, r -> new TreeMap<>()).put(href, records);
      } else if (sboms != null && sboms.isSidecar(f.path())) {
        sidecarsByRepo.computeIfAbsent(repo, r -> new ArrayList<>()).add(href);
      }
    }
    Optional<CommittedOutput> committed = context.committed();
    TreeMap<String, Path> previousRepositories = new TreeMap<>();
    if (committed.isPresent()) {
      previousRepositories.putAll(previousRepositories(committed.get().directory()));
    }
    TreeSet<String> names = new TreeSet<>(packagesByRepo.keySet());
    names.addAll(previousRepositories.keySet());
    List<ProducedFile> produced = new ArrayList<>();
    // Carried-over files, as the committed output keeps them (on disk, not the heap).
    List<List<ProducedFile>> carried = new ArrayList<>();
    try {
      RecordSpill records = spill();
      for (String name : names) {
        Path root = staging.resolve(name);
        TreeMap<String, RecordSpill.Ref> added = packagesByRepo.getOrDefault(name, new TreeMap<>());
        Files.createDirectories(root);
        List<ExtraMetadata> extras = List.of();
        RepodataWriter.Committed previous = null;
        Path previousRoot = previousRepositories.get(name);
        if (previousRoot != null) {
          carried.add(committed.get().carryOverAll(path -> isCarried(name, path), out));
          // The committed metadata is streamed, never held: one pass over primary decides which
          // records are copied through; the writer copies them while writing. Carried packages
          // kept in place are seen (and read, if they must be) in the committed repository.
          ExistingRepodataReader reader = new ExistingRepodataReader();
          CommittedRepodata repomd = reader.readRepomd(previousRoot);
          RepositoryUpdate.Scan scan =
              RepositoryUpdate.scan(
                  reader,
                  repomd,
                  previousRoot,
                  out.keptInPlace() ? previousRoot : root,
                  new HashSet<>(added.keySet()));
          int fresh = added.size();
          if (!scan.toRead().isEmpty()) {
            added = new TreeMap<>(added);
            for (String href : scan.toRead()) {
              Path file = out.location(name + "/" + href);
              RpmPackage pkg = new RpmPackageReader().read(file);
              added.put(
                  href,
                  records.add(
                      PackageEntries.fromPackage(
                          pkg,
                          href,
                          Files.getLastModifiedTime(file).toInstant().getEpochSecond())));
            }
          }
          previous = new RepodataWriter.Committed(previousRoot, reader, repomd, scan);
          extras =
              repomd.keptExtras().stream()
                  .filter(e -> isKeptFile(out, name, e.locationHref()))
                  .toList();
          LOG.debug(
              "repository {}: {} added, {} kept, {} re-read, {} dropped",
              name,
              fresh,
              scan.keptHrefs().size(),
              scan.toRead().size(),
              scan.dropped().size());
        }
        if (sboms != null) {
          extras = SbomSidecars.records(sidecarsByRepo.getOrDefault(name, List.of()), extras);
        }
        RepodataResult result =
            repodata.write(
                root,
                href -> out.location(name + "/" + href),
                records,
                added,
                previous,
                extras,
                context.releaseTime());
        for (ProducedFile f : result.files()) {
          produced.add(f.under(name));
        }
      }
    } catch (IOException e) {
      throw new OutputException("writing repodata failed: " + e.getMessage(), e);
    } finally {
      if (context.writesEveryFile()) {
        closeSpill();
      }
    }
    // A kept plan may write more files and the index again: its spill stays open (on POSIX an
    // open file outlives its directory entry).
    deleteTree(incoming);
    carried.add(produced);
    return new Concatenated(carried);
  }

  /** Lists as one, read in order through their own iterators. */
  private static final class Concatenated extends java.util.AbstractList<ProducedFile>
      implements java.util.RandomAccess {
    private final List<List<ProducedFile>> parts;
    private final int size;

    Concatenated(List<List<ProducedFile>> parts) {
      this.parts = List.copyOf(parts);
      this.size = parts.stream().mapToInt(List::size).sum();
    }

    @Override
    public ProducedFile get(int index) {
      int i = index;
      for (List<ProducedFile> p : parts) {
        if (i < p.size()) {
          return p.get(i);
        }
        i -= p.size();
      }
      throw new IndexOutOfBoundsException(index);
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public java.util.Iterator<ProducedFile> iterator() {
      return parts.stream().flatMap(List::stream).iterator();
    }
  }

  private synchronized void closeSpill() {
    RecordSpill s = spill;
    spill = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.debug("cannot delete the record spill: {}", e.toString());
      }
    }
  }

  /**
   * Whether a kept record's file was carried over (a location that is not a safe path is not), in
   * staging or in place.
   */
  private static boolean isKeptFile(IndexOutput out, String repository, String href) {
    try {
      Path p = out.location(repository + "/" + href);
      return Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    } catch (IllegalArgumentException e) { // also InvalidPathException
      return false;
    }
  }

  /** The repositories of the committed output: directories with a {@code repodata/repomd.xml}. */
  private static Map<String, Path> previousRepositories(Path current)
      throws SourceUnavailableException {
    Map<String, Path> out = new TreeMap<>();
    if (!Files.isDirectory(current)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(current)) {
      for (Path d : (Iterable<Path>) dirs::iterator) {
        String name = d.getFileName().toString();
        if (!name.startsWith(".")
            && Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && Files.isRegularFile(d.resolve("repodata/repomd.xml"))) {
          out.put(name, d);
        }
      }
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "listing the current output " + current + " failed: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Which files of a committed repository are carried into the new output (packages, SBOM
   * sidecars): all but its metadata and public key, which are written anew, and hidden files. Files
   * this release replaces are not carried ({@link CommittedOutput#carryOverAll}). Links keep size
   * and modification time, so the existing metadata entries can be reused.
   */
  private static boolean isCarried(String repository, String path) {
    String prefix = repository + "/";
    if (!path.startsWith(prefix)) {
      return false;
    }
    String rel = path.substring(prefix.length());
    return !(rel.startsWith("repodata/")
        || rel.startsWith("RPM-GPG-KEY-")
        || rel.startsWith(".")
        || rel.contains("/."));
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
