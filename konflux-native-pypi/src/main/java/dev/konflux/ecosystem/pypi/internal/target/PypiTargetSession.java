package dev.konflux.ecosystem.pypi.internal.target;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.ProvenanceView;
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
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One release's Python work, in three steps that map onto the core's file-at-a-time SPI:
 * {@link DistPlanner} decides the files from the manifest, {@link DistWriter} writes and validates
 * one distribution (then its {@code .metadata} and attestations are derived from it), and
 * {@link #finish} writes the provenance objects and the simple index over every file, the
 * committed ones included.
 */
public final class PypiTargetSession implements TargetSession {
  private static final Logger LOG = LoggerFactory.getLogger(PypiTargetSession.class);

  private final TargetContext context;
  private final Path root;
  private final DistPlanner planner = new DistPlanner();
  private final DistWriter writer;
  private final DsseSigner signer;
  private final boolean slsa;
  private final Function<ComponentArtifact, Optional<ProvenanceView>> provenance;
  /** Every file the index will list, by file name: carried over, then added. */
  private final Map<String, IndexedFile> files = new TreeMap<>();
  /** Names published by this release (a second layer with the same bytes is skipped). */
  private final Map<String, String> added = new LinkedHashMap<>();

  /**
   * @param context the release context
   * @param limits archive bounds
   * @param verifyRecord whether wheel RECORD hashes are checked
   * @param signer signs the attestations, or {@code null} to publish without them
   * @param slsa whether a SLSA provenance attestation is made too
   * @param provenance the verified provenance of an artifact (required when {@code slsa})
   * @throws KonfluxNativeException if the committed output cannot be carried over
   */
  public PypiTargetSession(TargetContext context, DistLimits limits, boolean verifyRecord, DsseSigner signer,
      boolean slsa, Function<ComponentArtifact, Optional<ProvenanceView>> provenance) throws KonfluxNativeException {
    this.context = context;
    this.root = context.stagingDirectory();
    this.writer = new DistWriter(limits, verifyRecord);
    this.signer = signer;
    this.slsa = slsa;
    this.provenance = provenance;
    Optional<Path> committed = context.currentOutput();
    if (committed.isPresent()) {
      carryOver(committed.get());
    }
  }

  private void carryOver(Path committed) throws KonfluxNativeException {
    for (IndexedFile f : new ExistingIndexReader().read(committed)) {
      files.put(f.fileName(), f);
    }
    // Everything but the index pages is kept as it is; the pages are rewritten in finish().
    try (Stream<Path> walk = Files.walk(committed)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path rel = committed.relativize(p);
        if (rel.toString().isEmpty() || rel.startsWith("simple")) {
          continue;
        }
        Path target = root.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(p)) {
          link(p, target);
        }
      }
    } catch (IOException e) {
      throw new OutputException("carrying over the committed index " + committed + " failed: " + e.getMessage(), e);
    }
  }

  private static void link(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    try {
      Files.createLink(to, from);
    } catch (UnsupportedOperationException | FileSystemException e) {
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  @Override
  public void add(ComponentArtifact artifact, BlobReader blobs) throws KonfluxNativeException {
    List<PlannedDist> planned = planner.plan(artifact);
    for (PlannedDist dist : planned) {
      if (isPublished(dist)) {
        continue;
      }
      write(dist, blobs);
    }
  }

  /** @return whether the same file is already published (same name and digest) */
  private boolean isPublished(PlannedDist dist) throws InvalidDistributionException {
    String name = dist.name().fileName();
    IndexedFile existing = files.get(name);
    if (existing == null) {
      return false;
    }
    if (Digest.SHA256.equals(dist.layer().digest().algorithm()) && existing.sha256().equals(dist.layer().digest().hex())) {
      LOG.info("{} ({}) is already published with the same content", name, dist.layer().digest());
      return true;
    }
    throw new InvalidDistributionException(name, DistributionRule.CONFLICT,
        (added.containsKey(name) ? "this release has it twice" : "a different file of that name is already published")
            + " with sha256 " + existing.sha256(), dist.where());
  }

  private void write(PlannedDist dist, BlobReader blobs) throws KonfluxNativeException {
    String fileName = dist.name().fileName();
    DistWriter.Written written = writer.write(dist, blobs, root.resolve(dist.path()));
    ValidatedDist v = written.dist();
    ComponentArtifact artifact = dist.artifact();
    FileOrigin origin = FileOrigin.ofLayer(artifact, dist.layer().digest());
    context.produced(artifact.component(), new ProducedFile(dist.path(), written.sha256(), written.size(), List.of(origin)));
    Digest metadataSha = null;
    if (v.coreMetadata() != null) {
      metadataSha = v.coreMetadataSha256();
      String member = v.coreMetadataMember();
      writeFile(dist.path() + ".metadata", v.coreMetadata(), artifact.component(),
          FileOrigin.ofArchiveEntry(artifact, dist.layer().digest(), member));
    }
    boolean attested = false;
    if (signer != null) {
      attest(dist, written, origin);
      attested = true;
    }
    String version = dist.name().version().normalized();
    files.put(fileName, new IndexedFile(dist.name().project(), version, fileName, written.sha256().hex(),
        written.size(), v.requiresPython(), metadataSha == null ? null : metadataSha.hex(), attested,
        context.releaseTime(), ProjectName.normalize(v.metadataName()).equals(v.metadataName())));
    added.put(fileName, artifact.component());
    if (!v.sboms().isEmpty()) {
      LOG.info("{} carries PEP 770 SBOMs: {}", fileName, v.sboms());
    }
  }

  private void attest(PlannedDist dist, DistWriter.Written written, FileOrigin origin) throws KonfluxNativeException {
    String fileName = dist.name().fileName();
    ComponentArtifact artifact = dist.artifact();
    List<Pep740Attestation> attestations = new ArrayList<>();
    Pep740Attestation publish = Pep740Attestation.fromBundle(
        signer.signDsse(Pep740Attestation.PAYLOAD_TYPE, AttestationStatements.publish(fileName, written.sha256())));
    attestations.add(publish);
    writeFile(dist.path() + ".publish.attestation", publish.toJson(), artifact.component(), origin);
    if (slsa) {
      ProvenanceView view = provenance.apply(artifact).orElseThrow(() -> new InvalidInputException(
          "pypi.slsa=true needs verified SLSA provenance for " + artifact.describe() + ", and it has none"));
      byte[] statement = AttestationStatements.slsa(new AttestationStatements.SlsaInput(fileName, written.sha256(),
          view, artifact.reference().toString(), artifact.manifest().digest(), dist.layer().digest(),
          artifact.component()));
      Pep740Attestation slsaAttestation =
          Pep740Attestation.fromBundle(signer.signDsse(Pep740Attestation.PAYLOAD_TYPE, statement));
      attestations.add(slsaAttestation);
      writeFile(dist.path() + ".slsa.attestation", slsaAttestation.toJson(), artifact.component(), origin);
    }
    byte[] provenanceObject = ProvenanceObject.of(Map.of(
        "signer", signer.identity(),
        "component", artifact.component(),
        "manifest", artifact.manifest().digest().toString()), attestations);
    writeFile(IndexedFile.provenancePath(dist.name().project(), dist.name().version().normalized(), fileName),
        provenanceObject, artifact.component(), origin);
  }

  private void writeFile(String path, byte[] bytes, String component, FileOrigin origin) throws OutputException {
    Path file = root.resolve(path);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new OutputException("writing " + path + " into staging failed: " + e.getMessage(), e);
    }
    context.produced(component, new ProducedFile(path, Digest.sha256Of(bytes), bytes.length, List.of(origin)));
  }

  @Override
  public void finish() throws KonfluxNativeException {
    try {
      for (String path : new SimpleIndexWriter().write(root, files.values())) {
        byte[] bytes = Files.readAllBytes(root.resolve(path));
        context.produced(null, new ProducedFile(path, Digest.sha256Of(bytes), bytes.length, List.of()));
      }
    } catch (IOException e) {
      throw new OutputException("writing the simple index into staging failed: " + e.getMessage(), e);
    }
  }
}
