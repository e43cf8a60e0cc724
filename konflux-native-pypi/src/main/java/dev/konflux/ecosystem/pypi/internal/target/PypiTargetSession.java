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
import dev.konflux.ecosystem.pypi.Pep740Attestation;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
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
 */
public final class PypiTargetSession implements TargetSession {
  private static final Logger LOG = LoggerFactory.getLogger(PypiTargetSession.class);

  /** A file prepared in the work directory, and its record. */
  private record Prepared(Path work, ProducedFile record) {}

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

  @Override
  public List<PlannedFile> plan(VerifiedArtifact verified, BlobReader blobs)
      throws KonfluxNativeException {
    List<PlannedFile> planned = new ArrayList<>();
    for (PlannedDist dist : planner.plan(verified.artifact())) {
      if (isPublished(dist)) {
        continue;
      }
      // A wheel that receives an SBOM is prepared now: its bytes are not the layer's.
      if (!context.writesEveryFile() && DeferredDists.canDefer(dist) && !sboms.injects(dist)) {
        // A kept plan (a server): announce the wheel's files from the manifest alone; its layer
        // is read (and validated) when one of them is first written.
        planned.addAll(deferred.announce(dist, verified, blobs, derivedPaths(dist)));
        continue;
      }
      planned.addAll(prepare(dist, verified, blobs));
    }
    return planned;
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
    IndexedFile existing = added.containsKey(name) ? added.get(name) : committed.get(name);
    DeferredDists.Deferred planned = deferred.get(name);
    if (existing == null && planned != null) {
      if (planned.dist().layer().digest().equals(dist.layer().digest())) {
        LOG.info("{} ({}) is already planned with the same content", name, dist.layer().digest());
        return true;
      }
      throw new InvalidDistributionException(
          name, DistributionRule.CONFLICT, "this release has it twice", dist.where());
    }
    if (existing == null) {
      return false;
    }
    if (Digest.SHA256.equals(sha256.algorithm()) && existing.sha256().equals(sha256.hex())) {
      LOG.info("{} ({}) is already published with the same content", name, sha256);
      return true;
    }
    throw new InvalidDistributionException(
        name,
        DistributionRule.CONFLICT,
        (added.containsKey(name)
                ? "this release has it twice"
                : "a different file of that name is already published")
            + " with sha256 "
            + existing.sha256(),
        dist.where());
  }

  private List<PlannedFile> prepare(PlannedDist dist, VerifiedArtifact verified, BlobReader blobs)
      throws KonfluxNativeException {
    ComponentArtifact artifact = dist.artifact();
    String fileName = dist.name().fileName();
    Path work = workFile();
    FileOrigin origin = FileOrigin.ofLayer(artifact, dist.layer().digest());
    // PEP 770: the SBOMs the wheel carries, and on request one more (new bytes, signed below).
    WheelSbomStep.Result placed =
        sboms.apply(
            dist, verified, blobs, writer.write(dist, blobs, work), work, origin, workFile());
    DistWriter.Written written = placed.written();
    ValidatedDist v = written.dist();
    if (sboms.injects(dist) && isPublished(dist, written.sha256())) {
      return List.of();
    }
    List<PlannedFile> out = new ArrayList<>();
    out.add(
        planned(
            artifact,
            new Prepared(
                work,
                new ProducedFile(
                    dist.path(), written.sha256(), written.size(), placed.origins()))));
    Digest metadataSha = null;
    if (v.coreMetadata() != null) {
      metadataSha = v.coreMetadataSha256();
      out.add(
          derived(
              artifact,
              dist.path() + ".metadata",
              v.coreMetadata(),
              List.of(
                  FileOrigin.ofArchiveEntry(
                      artifact, dist.layer().digest(), v.coreMetadataMember())),
              List.of()));
    }
    DsseSigner attestationSigner = signer;
    if (attestationSigner != null) {
      out.addAll(attest(attestationSigner, dist, verified, written, origin));
    }
    String version = dist.name().version().normalized();
    added.put(
        fileName,
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
            ProjectName.normalize(v.metadataName()).equals(v.metadataName())));
    return out;
  }

  private List<PlannedFile> attest(
      DsseSigner signer,
      PlannedDist dist,
      VerifiedArtifact verified,
      DistWriter.Written written,
      FileOrigin origin)
      throws KonfluxNativeException {
    String fileName = dist.name().fileName();
    ComponentArtifact artifact = dist.artifact();
    List<PlannedFile> out = new ArrayList<>();
    List<Pep740Attestation> attestations = new ArrayList<>();
    List<String> attestationPaths = new ArrayList<>();
    Pep740Attestation publish =
        Pep740Attestation.fromBundle(
            signer.signDsse(
                Pep740Attestation.PAYLOAD_TYPE,
                AttestationStatements.publish(fileName, written.sha256())));
    attestations.add(publish);
    attestationPaths.add(dist.path() + ".publish.attestation");
    out.add(
        derived(
            artifact,
            dist.path() + ".publish.attestation",
            publish.toJson(),
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
      Pep740Attestation slsaAttestation =
          Pep740Attestation.fromBundle(signer.signDsse(Pep740Attestation.PAYLOAD_TYPE, statement));
      attestations.add(slsaAttestation);
      attestationPaths.add(dist.path() + ".slsa.attestation");
      out.add(
          derived(
              artifact,
              dist.path() + ".slsa.attestation",
              slsaAttestation.toJson(),
              List.of(origin),
              List.of(dist.path())));
    }
    byte[] provenanceObject =
        ProvenanceObject.of(
            Map.of(
                "signer", signer.identity(),
                "component", artifact.component(),
                "manifest", artifact.manifest().digest().toString()),
            attestations);
    out.add(
        derived(
            artifact,
            IndexedFile.provenancePath(
                dist.name().project(), dist.name().version().normalized(), fileName),
            provenanceObject,
            List.of(origin),
            attestationPaths));
    return out;
  }

  private PlannedFile derived(
      ComponentArtifact artifact,
      String path,
      byte[] bytes,
      List<FileOrigin> origins,
      List<String> derivedFrom)
      throws OutputException {
    Path work = workFile();
    try {
      Files.write(work, bytes);
    } catch (IOException e) {
      throw new OutputException(
          "writing " + path + " into the work directory failed: " + e.getMessage(), e);
    }
    return planned(
        artifact,
        new Prepared(
            work,
            new ProducedFile(path, Digest.sha256Of(bytes), bytes.length, origins, derivedFrom)));
  }

  private PlannedFile planned(ComponentArtifact artifact, Prepared p) {
    ProducedFile r = p.record();
    return new PlannedFile(
        r.path(), artifact.component(), r.origins(), OptionalLong.of(r.size()), r.sha256(), p);
  }

  private Path workFile() throws OutputException {
    try {
      Path dir = Files.createDirectories(context.workDirectory().resolve("pypi"));
      return dir.resolve("f" + counter++);
    } catch (IOException e) {
      throw new OutputException("cannot create the work directory: " + e.getMessage(), e);
    }
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

  /** Reads, validates and prepares a deferred distribution once; its files by path. */
  private Map<String, Prepared> ensure(DeferredDists.Deferred d, BlobReader blobs)
      throws KonfluxNativeException {
    Map<String, Prepared> done = deferred.prepared(d);
    if (done != null) {
      return done;
    }
    Map<String, Prepared> byPath = new HashMap<>();
    for (PlannedFile f : prepare(d.dist(), d.verified(), blobs)) {
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
      try {
        Files.createLink(destination, p.work());
      } catch (UnsupportedOperationException | FileSystemException e) {
        Files.copy(p.work(), destination, StandardCopyOption.REPLACE_EXISTING);
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
