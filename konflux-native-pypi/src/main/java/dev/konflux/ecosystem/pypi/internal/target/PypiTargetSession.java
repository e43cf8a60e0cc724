package dev.konflux.ecosystem.pypi.internal.target;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.ProvenanceView;
import dev.konflux.ecosystem.api.TargetReport;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.pypi.DistributionRule;
import dev.konflux.ecosystem.pypi.InvalidDistributionException;
import dev.konflux.ecosystem.pypi.internal.attest.AttestationStatements;
import dev.konflux.ecosystem.pypi.internal.attest.DsseSigner;
import dev.konflux.ecosystem.pypi.internal.attest.ProvenanceObject;
import dev.konflux.ecosystem.pypi.internal.dist.DistLimits;
import dev.konflux.ecosystem.pypi.internal.dist.ProjectName;
import dev.konflux.ecosystem.pypi.internal.dist.ValidatedDist;
import dev.konflux.ecosystem.pypi.internal.index.ExistingIndexReader;
import dev.konflux.ecosystem.pypi.internal.index.IndexedFile;
import dev.konflux.ecosystem.pypi.internal.index.SimpleIndexWriter;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.CommittedOutput;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.IndexOutput;
import dev.konflux.ecosystem.spi.PlannedFile;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One release's (or kept plan's) Python work on the core's file-at-a-time SPI. {@link #plan}
 * decides the files from the manifest ({@link DistPlanner}), then streams each distribution into
 * the work directory and validates it there ({@link DistWriter}) and derives its {@code .metadata},
 * attestations and provenance object, so that no file is announced, let alone served, before its
 * distribution passed validation (validation needs every byte, so a Python plan reads its layers
 * whole even for a kept plan). {@link #write} links one prepared file to its destination. {@link
 * #writeIndex} carries over what an earlier release committed and writes the simple index over
 * every file.
 *
 * <p>{@link #plan} is a pipeline: the calling thread (the only one that touches the blob reader)
 * copies each layer in order through the verifying stream, and a bounded pool of workers, one per
 * core, validates the copies, writes their {@code .metadata} and signs their attestations. Results
 * are collected in layer order, and when several distributions are invalid the first in layer order
 * is the one reported, as if they were handled one after the other: a failure stops further
 * copying, waits for the distributions before it, and throws the earliest failure.
 */
public final class PypiTargetSession implements TargetSession {
  private static final Logger LOG = LoggerFactory.getLogger(PypiTargetSession.class);

  /**
   * A file prepared in the work directory, or a small derived one held in memory, and its record.
   *
   * @param work the prepared file, or {@code null} when {@code bytes} holds it
   * @param bytes the file's bytes, or {@code null} when it is in the work directory
   * @param record its record
   */
  private record Prepared(@Nullable Path work, byte @Nullable [] bytes, ProducedFile record) {}

  /**
   * Derived files (metadata, attestations, provenance: a few KiB each) up to this size stay in
   * memory until {@link #write}, up to {@link #MEMORY_BUDGET} in all; larger ones, and any beyond
   * the budget, go to the work directory. Saves creating, linking and deleting three work files per
   * distribution.
   */
  private static final int IN_MEMORY_MAX = 64 << 10;

  private static final long MEMORY_BUDGET = 32L << 20;

  private final AtomicLong inMemory = new AtomicLong();

  private final TargetContext context;
  private final DistPlanner planner = new DistPlanner();
  private final DistWriter writer;
  private final @Nullable DsseSigner signer;
  private final boolean slsa;
  private final WheelSbomStep sboms;

  /** Committed files by name (read once from the committed JSON pages). */
  private final Map<String, IndexedFile> committed = new TreeMap<>();

  /** Files this session publishes, by name. */
  private final Map<String, IndexedFile> added = new TreeMap<>();

  /** The sha256 of every file this session copied, by name: duplicates are decided on it. */
  private final Map<String, String> claimed = new HashMap<>();

  private @Nullable Path workDirectory;
  private int counter;

  /** Kept plans only: distributions announced from the manifest, read on first write. */
  private final DeferredDists deferred = new DeferredDists();

  /**
   * @param context the release context
   * @param limits archive bounds
   * @param verifyRecord whether wheel RECORD hashes are checked
   * @param signer signs the attestations, or {@code null} to publish without them
   * @param slsa whether a SLSA provenance attestation is made too
   * @throws KonfluxNativeException if the committed index cannot be read
   */
  public PypiTargetSession(
      TargetContext context,
      DistLimits limits,
      boolean verifyRecord,
      @Nullable DsseSigner signer,
      boolean slsa)
      throws KonfluxNativeException {
    this.context = context;
    this.writer = new DistWriter(limits, verifyRecord);
    this.signer = signer;
    this.slsa = slsa;
    this.sboms = WheelSbomStep.of(context);
    Optional<CommittedOutput> c = context.committed();
    if (c.isPresent()) {
      for (IndexedFile f : new ExistingIndexReader().read(c.get().directory())) {
        committed.put(f.fileName(), f);
      }
    }
  }

  /** Workers validating and signing, at most one per core (the calling thread copies). */
  private static final int WORKERS =
      Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));

  /** What a worker derived from one distribution: its planned files and its index entry. */
  private record Derived(List<PlannedFile> files, @Nullable IndexedFile indexed) {}

  @Override
  public List<PlannedFile> plan(VerifiedArtifact verified, BlobReader blobs)
      throws KonfluxNativeException {
    List<PlannedDist> dists = planner.plan(verified.artifact());
    List<PlannedFile> planned = new ArrayList<>();
    if (dists.isEmpty()) {
      return planned;
    }
    int workers = Math.min(WORKERS, dists.size());
    ExecutorService pool = Executors.newFixedThreadPool(workers, PypiTargetSession::worker);
    // Copies may run ahead of validation by a few distributions only: a failure stops early.
    Semaphore window = new Semaphore(2 * workers);
    AtomicBoolean failed = new AtomicBoolean();
    List<Future<Derived>> jobs = new ArrayList<>();
    try {
      for (PlannedDist dist : dists) {
        if (failed.get()) {
          break;
        }
        try {
          if (isPublished(dist)) {
            continue;
          }
          // A wheel that receives an SBOM is prepared now: its bytes are not the layer's.
          if (!context.writesEveryFile() && DeferredDists.canDefer(dist) && !sboms.injects(dist)) {
            // A kept plan (a server): announce the wheel's files from the manifest alone; its
            // layer is read (and validated) when one of them is first written.
            jobs.add(
                CompletableFuture.completedFuture(
                    new Derived(
                        deferred.announce(dist, verified, blobs, derivedPaths(dist)), null)));
            continue;
          }
          if (sboms.injects(dist)) {
            // Adding an SBOM reads it through the blob reader: on this thread.
            jobs.add(CompletableFuture.completedFuture(prepareHere(dist, verified, blobs)));
            continue;
          }
          DistWriter.Copied copied = writer.copy(dist, blobs, workFile());
          claimed.put(dist.name().fileName(), copied.sha256().hex());
          window.acquireUninterruptibly();
          try {
            jobs.add(
                pool.submit(
                    () -> {
                      try {
                        return prepare(dist, verified, copied, blobs);
                      } catch (Exception | Error e) {
                        failed.set(true);
                        throw e;
                      } finally {
                        window.release();
                      }
                    }));
          } catch (RuntimeException e) {
            window.release();
            throw e;
          }
        } catch (KonfluxNativeException | RuntimeException e) {
          // A distribution before this one may have failed too: that one is reported.
          for (Future<Derived> job : jobs) {
            result(job);
          }
          throw e;
        }
      }
      for (Future<Derived> job : jobs) {
        Derived d = result(job);
        planned.addAll(d.files());
        IndexedFile indexed = d.indexed();
        if (indexed != null) {
          added.put(indexed.fileName(), indexed);
        }
      }
      return planned;
    } finally {
      for (Future<Derived> job : jobs) {
        job.cancel(false);
      }
      pool.shutdown();
      awaitTermination(pool);
    }
  }

  private static Thread worker(Runnable r) {
    Thread t = new Thread(r, "konflux-pypi-worker");
    t.setDaemon(true);
    return t;
  }

  /** The job's result, or the failure it threw. */
  private static Derived result(Future<Derived> job) throws KonfluxNativeException {
    try {
      return job.get();
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
      throw new IllegalStateException("validating a distribution failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutputException("interrupted while validating distributions", e);
    }
  }

  /** Waits for running workers, so none writes into the work directory after plan returns. */
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

  /**
   * @return whether the same file is already published or planned (same name and digest)
   */
  private boolean isPublished(PlannedDist dist) throws InvalidDistributionException {
    if (sboms.injects(dist)) {
      // Its published bytes are known only once the SBOM is added (prepare checks them then).
      return false;
    }
    return isPublished(dist, dist.layer().digest());
  }

  /**
   * @param sha256 the digest of the file this release would publish
   * @return whether the same file is already published or planned (same name and digest)
   */
  private boolean isPublished(PlannedDist dist, Digest sha256) throws InvalidDistributionException {
    String name = dist.name().fileName();
    String thisRelease = claimed.get(name);
    IndexedFile before = committed.get(name);
    String existing = thisRelease != null ? thisRelease : before != null ? before.sha256() : null;
    DeferredDists.Deferred announced = existing == null ? deferred.get(name) : null;
    if (announced != null) {
      if (announced.dist().layer().digest().equals(dist.layer().digest())) {
        LOG.info("{} ({}) is already planned with the same content", name, dist.layer().digest());
        return true;
      }
      throw new InvalidDistributionException(
          name, DistributionRule.CONFLICT, "this release has it twice", dist.where());
    }
    if (existing == null) {
      return false;
    }
    if (Digest.SHA256.equals(sha256.algorithm()) && existing.equals(sha256.hex())) {
      LOG.info("{} ({}) is already published with the same content", name, sha256);
      return true;
    }
    throw new InvalidDistributionException(
        name,
        DistributionRule.CONFLICT,
        (thisRelease != null
                ? "this release has it twice"
                : "a different file of that name is already published")
            + " with sha256 "
            + existing,
        dist.where());
  }

  /** On a worker: validates the copied distribution and derives its files. */
  private Derived prepare(
      PlannedDist dist, VerifiedArtifact verified, DistWriter.Copied copied, BlobReader blobs)
      throws KonfluxNativeException {
    ComponentArtifact artifact = dist.artifact();
    String fileName = dist.name().fileName();
    Path work = copied.file();
    FileOrigin origin = FileOrigin.ofLayer(artifact, dist.layer().digest());
    // PEP 770: the SBOMs the wheel carries, and on request one more (new bytes, signed below; only
    // then is the blob reader used, and such wheels are prepared on the calling thread).
    WheelSbomStep.Result placed =
        sboms.apply(
            dist,
            verified,
            blobs,
            writer.validate(dist, copied),
            work,
            origin,
            sibling(work, ".sbom"));
    DistWriter.Written written = placed.written();
    ValidatedDist v = written.dist();
    if (sboms.injects(dist) && isPublished(dist, written.sha256())) {
      return new Derived(List.of(), null);
    }
    List<PlannedFile> out = new ArrayList<>();
    out.add(
        planned(
            artifact,
            new Prepared(
                work,
                null,
                new ProducedFile(
                    dist.path(), written.sha256(), written.size(), placed.origins()))));
    Digest metadataSha = null;
    if (v.coreMetadata() != null) {
      metadataSha = v.coreMetadataSha256();
      out.add(
          derived(
              artifact,
              sibling(work, ".metadata"),
              dist.path() + ".metadata",
              v.coreMetadata(),
              List.of(
                  FileOrigin.ofArchiveEntry(
                      artifact, dist.layer().digest(), v.coreMetadataMember())),
              List.of()));
    }
    if (signer != null) {
      out.addAll(attest(signer, dist, verified, written, origin, work));
    }
    String version = dist.name().version().normalized();
    IndexedFile indexed =
        new IndexedFile(
            dist.name().project(),
            version,
            fileName,
            written.sha256().hex(),
            written.size(),
            v.requiresPython(),
            metadataSha == null ? null : metadataSha.hex(),
            signer != null,
            context.releaseTime(),
            ProjectName.normalize(v.metadataName()).equals(v.metadataName()));
    return new Derived(out, indexed);
  }

  private static Path sibling(Path work, String suffix) {
    return work.resolveSibling(work.getFileName() + suffix);
  }

  private List<PlannedFile> attest(
      DsseSigner signer,
      PlannedDist dist,
      VerifiedArtifact verified,
      DistWriter.Written written,
      FileOrigin origin,
      Path work)
      throws KonfluxNativeException {
    String fileName = dist.name().fileName();
    ComponentArtifact artifact = dist.artifact();
    List<PlannedFile> out = new ArrayList<>();
    List<byte[]> attestations = new ArrayList<>();
    List<String> attestationPaths = new ArrayList<>();
    byte[] publish =
        signer.attest(AttestationStatements.publish(fileName, written.sha256())).toJson();
    attestations.add(publish);
    attestationPaths.add(dist.path() + ".publish.attestation");
    out.add(
        derived(
            artifact,
            sibling(work, ".publish"),
            dist.path() + ".publish.attestation",
            publish,
            List.of(origin),
            List.of(dist.path())));
    if (slsa) {
      ProvenanceView view =
          verified
              .provenance()
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "pypi.slsa=true needs verified SLSA provenance for "
                              + artifact.describe()
                              + ", and it has none"));
      byte[] statement =
          AttestationStatements.slsa(
              new AttestationStatements.SlsaInput(
                  fileName,
                  written.sha256(),
                  view,
                  artifact.reference().toString(),
                  artifact.manifest().digest(),
                  dist.layer().digest(),
                  artifact.component()));
      byte[] slsaAttestation = signer.attest(statement).toJson();
      attestations.add(slsaAttestation);
      attestationPaths.add(dist.path() + ".slsa.attestation");
      out.add(
          derived(
              artifact,
              sibling(work, ".slsa"),
              dist.path() + ".slsa.attestation",
              slsaAttestation,
              List.of(origin),
              List.of(dist.path())));
    }
    byte[] provenanceObject =
        ProvenanceObject.ofJson(
            Map.of(
                "signer", signer.identity(),
                "component", artifact.component(),
                "manifest", artifact.manifest().digest().toString()),
            attestations);
    out.add(
        derived(
            artifact,
            sibling(work, ".provenance"),
            IndexedFile.provenancePath(
                dist.name().project(), dist.name().version().normalized(), fileName),
            provenanceObject,
            List.of(origin),
            attestationPaths));
    return out;
  }

  private PlannedFile derived(
      ComponentArtifact artifact,
      Path work,
      String path,
      byte[] bytes,
      List<FileOrigin> origins,
      List<String> derivedFrom)
      throws OutputException {
    ProducedFile record =
        new ProducedFile(path, Digest.sha256Of(bytes), bytes.length, origins, derivedFrom);
    if (bytes.length <= IN_MEMORY_MAX && inMemory.addAndGet(bytes.length) <= MEMORY_BUDGET) {
      return planned(artifact, new Prepared(null, bytes, record));
    }
    try {
      Files.write(work, bytes);
    } catch (IOException e) {
      throw new OutputException(
          "writing " + path + " into the work directory failed: " + e.getMessage(), e);
    }
    return planned(artifact, new Prepared(work, null, record));
  }

  private PlannedFile planned(ComponentArtifact artifact, Prepared p) {
    ProducedFile r = p.record();
    return new PlannedFile(
        r.path(), artifact.component(), r.origins(), OptionalLong.of(r.size()), r.sha256(), p);
  }

  /** A new work file name for a distribution (its derived files get suffixes). */
  private Path workFile() throws OutputException {
    Path dir = workDirectory;
    if (dir == null) {
      try {
        dir = Files.createDirectories(context.workDirectory().resolve("pypi"));
      } catch (IOException e) {
        throw new OutputException("cannot create the work directory: " + e.getMessage(), e);
      }
      workDirectory = dir;
    }
    return dir.resolve("f" + counter++);
  }

  /**
   * @return the paths {@link #prepare} makes besides the distribution's own, in its order
   */
  private List<String> derivedPaths(PlannedDist dist) {
    List<String> paths = new ArrayList<>();
    paths.add(dist.path() + ".metadata"); // a wheel always has METADATA
    if (signer != null) {
      paths.add(dist.path() + ".publish.attestation");
      if (slsa) {
        paths.add(dist.path() + ".slsa.attestation");
      }
      paths.add(
          IndexedFile.provenancePath(
              dist.name().project(), dist.name().version().normalized(), dist.name().fileName()));
    }
    return paths;
  }

  /** Copies, validates and prepares one distribution on the calling thread. */
  private Derived prepareHere(PlannedDist dist, VerifiedArtifact verified, BlobReader blobs)
      throws KonfluxNativeException {
    DistWriter.Copied copied = writer.copy(dist, blobs, workFile());
    Derived d = prepare(dist, verified, copied, blobs);
    IndexedFile indexed = d.indexed();
    if (indexed != null) {
      claimed.put(indexed.fileName(), indexed.sha256());
    }
    return d;
  }

  /** As {@link #prepareHere}, for a deferred distribution first written: recorded at once. */
  private List<PlannedFile> prepareNow(
      PlannedDist dist, VerifiedArtifact verified, BlobReader blobs) throws KonfluxNativeException {
    Derived d = prepareHere(dist, verified, blobs);
    IndexedFile indexed = d.indexed();
    if (indexed != null) {
      added.put(indexed.fileName(), indexed);
    }
    return d.files();
  }

  /** Reads, validates and prepares a deferred distribution once; its files by path. */
  private Map<String, Prepared> ensure(DeferredDists.Deferred d, BlobReader blobs)
      throws KonfluxNativeException {
    Map<String, Prepared> done = deferred.prepared(d);
    if (done != null) {
      return done;
    }
    Map<String, Prepared> byPath = new HashMap<>();
    for (PlannedFile f : prepareNow(d.dist(), d.verified(), blobs)) {
      byPath.put(f.path(), f.handle(Prepared.class));
    }
    deferred.done(d, byPath);
    return byPath;
  }

  @Override
  public ProducedFile write(PlannedFile file, BlobReader blobs, Path destination)
      throws KonfluxNativeException {
    Prepared p;
    if (file.handle() instanceof DeferredDists.Deferred d) {
      p = ensure(d, blobs).get(file.path());
      if (p == null) {
        throw new OutputException(
            file.path() + " was announced but " + d.dist().where() + " does not make it");
      }
    } else {
      p = file.handle(Prepared.class);
    }
    try {
      Files.deleteIfExists(destination);
      Path work = p.work();
      byte[] bytes = p.bytes();
      if (bytes != null) {
        Files.write(destination, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } else if (work != null) {
        try {
          Files.createLink(destination, work);
        } catch (UnsupportedOperationException | FileSystemException e) {
          Files.copy(work, destination, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new OutputException("writing " + file.path() + " failed: " + e.getMessage(), e);
    }
    return p.record();
  }

  /** The PEP 770 report of every wheel this release prepared (release.json {@code reports}). */
  @Override
  public List<TargetReport> reports() {
    return sboms.reports();
  }

  @Override
  public List<ProducedFile> writeIndex(List<ProducedFile> files, IndexOutput out)
      throws KonfluxNativeException {
    List<ProducedFile> result = new ArrayList<>();
    Map<String, IndexedFile> all = new TreeMap<>(committed);
    Optional<CommittedOutput> c = context.committed();
    if (c.isPresent()) {
      // Everything committed but the index pages is kept as it is; the pages are rewritten.
      for (String path : new TreeSet<>(c.get().files().keySet())) {
        if (!path.startsWith("simple/")) {
          result.add(c.get().carryOver(path, out));
        }
      }
    }
    for (ProducedFile f : files) {
      String name = f.path().startsWith("files/") ? f.path().substring("files/".length()) : null;
      DeferredDists.Deferred d = name == null ? null : deferred.get(name);
      if (d != null && !added.containsKey(name)) {
        // Written by an earlier process (a server's disk cache): the index needs its metadata.
        ensure(d, d.blobs());
      }
      if (name != null && added.containsKey(name)) {
        all.put(name, added.get(name));
      }
    }
    try {
      Map<String, List<String>> pageInputs = new TreeMap<>();
      for (IndexedFile f : all.values()) {
        List<String> inputs = pageInputs.computeIfAbsent(f.project(), k -> new ArrayList<>());
        inputs.add(f.filePath());
        if (f.coreMetadataSha256() != null) {
          inputs.add(f.filePath() + ".metadata");
        }
        if (f.provenance()) {
          inputs.add(f.provenancePath());
        }
      }
      for (String path : new SimpleIndexWriter().write(out.directory(), all.values())) {
        Path file = out.directory().resolve(path);
        byte[] bytes = Files.readAllBytes(file);
        String project = path.split("/", -1)[1];
        List<String> derivedFrom =
            path.startsWith("simple/index.")
                ? pageInputs.keySet().stream()
                    .map(p -> "simple/" + p + "/" + path.substring("simple/".length()))
                    .toList()
                : pageInputs.getOrDefault(project, List.of());
        result.add(
            new ProducedFile(path, Digest.sha256Of(bytes), bytes.length, List.of(), derivedFrom));
      }
    } catch (IOException e) {
      throw new OutputException("writing the simple index failed: " + e.getMessage(), e);
    }
    return result;
  }
}
