package dev.konflux.ecosystem.maven.internal.target;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.TargetReport;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.maven.internal.central.CentralBundle;
import dev.konflux.ecosystem.maven.internal.central.CentralReadiness;
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
import dev.konflux.ecosystem.maven.internal.write.CopyingLayerStream;
import dev.konflux.ecosystem.maven.internal.write.DigestPipeline;
import dev.konflux.ecosystem.maven.internal.write.FileDigests;
import dev.konflux.ecosystem.maven.internal.write.ParallelDigester;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.CommittedOutput;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.IndexOutput;
import dev.konflux.ecosystem.spi.IoFailures;
import dev.konflux.ecosystem.spi.LocalBlob;
import dev.konflux.ecosystem.spi.PlannedFile;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.SigstoreBundle;
import dev.konflux.ecosystem.spi.SigstoreSigner;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import dev.konflux.ecosystem.spi.UntrustedText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One release's (or one kept plan's) Maven work, a file at a time:
 *
 * <ol>
 *   <li>{@link #plan}: read the layer once as a stream ({@link RepositoryArchiveReader}), computing
 *       each entry's four digests as it goes, parse the POMs, map every file to its coordinates
 *       ({@link RepositoryLayout}) and check the tree's own checksums. Each published file becomes
 *       a planned file, and so does each of its {@code .md5 .sha1 .sha256 .sha512} and its {@code
 *       .asc}, whose content the digests already determine. When every file will be written ({@link
 *       TargetContext#writesEveryFile()}) the entries' bytes are kept in the work directory, so the
 *       layer is read once in all;
 *   <li>{@link #write}: one file: link the kept bytes (or read the layer again to that entry),
 *       write a checksum, or sign by continuing the file's SHA-256/SHA-512 state;
 *   <li>{@link #writeIndex}: artifact-level {@code maven-metadata.xml} with its checksums, merged
 *       with the committed one; committed files of earlier releases carried over.
 * </ol>
 */
public final class MavenTargetSession implements TargetSession {
  private static final Logger LOG = LoggerFactory.getLogger(MavenTargetSession.class);
  private static final long MAX_POM_SIZE = 8L << 20;
  private static final long MAX_METADATA_SIZE = 16L << 20;
  private static final int MAX_CHECKSUM_FILE = 1024;
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
  private static final String METADATA = "maven-metadata.xml";
  private static final String SIGSTORE_SUFFIX = ".sigstore.json";

  /** Artifact type of the gzip-compressed repository tar (not in the api's MediaTypes). */
  public static final String ARTIFACT_MAVEN_REPOSITORY_TAR_GZIP =
      "application/vnd.apache.maven.repository.v2.tar+gzip";

  /** How to write a published file: its bytes from a layer's archive entry. */
  private record Content(
      ComponentArtifact artifact,
      Descriptor layer,
      ArchiveFormat format,
      String entry,
      @Nullable Path kept,
      FileDigests digests,
      String what) {}

  /** How to write a checksum of a published file. */
  private record Checksum(ChecksumKind kind, String of, FileDigests digests) {}

  /** How to write the signature of a published file. */
  private record Signature(String of, Content content) {}

  /** How to write the Sigstore bundle of a published file: over its SHA-256, already known. */
  private record SigstoreSignature(String of, FileDigests digests) {}

  private final TargetContext context;
  private final @Nullable ArtifactSigner signer;
  private final TreeLimits limits;
  private final @Nullable SigstoreSigner sigstore;
  private final boolean centralBundle;
  private final CentralReadiness central = new CentralReadiness();
  private List<TargetReport> reports = List.of();
  private final ParallelDigester digester = new ParallelDigester();
  private final SbomAttachmentStep sboms = new SbomAttachmentStep();

  /** Output path → the component that publishes it, to refuse two components writing one file. */
  private final Map<String, String> owners = new HashMap<>();

  /** Path of every planned published file (not sidecar) → its coordinates. */
  private final Map<String, ArtifactCoordinates> coordinates = new HashMap<>();

  private int incomingCounter;

  /**
   * @param context the release context
   * @param signer signs each artifact file, or {@code null} to publish unsigned
   * @param limits bounds on the input archives
   * @param centralBundle whether to write a Central Portal upload bundle ({@link CentralBundle})
   */
  public MavenTargetSession(
      TargetContext context,
      @Nullable ArtifactSigner signer,
      TreeLimits limits,
      boolean centralBundle) {
    this.context = context;
    this.signer = signer;
    this.limits = limits;
    this.sigstore = context.sigstoreSigner().orElse(null);
    this.centralBundle = centralBundle;
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
  public List<PlannedFile> plan(VerifiedArtifact verified, BlobReader blobs)
      throws KonfluxNativeException {
    ComponentArtifact artifact = verified.artifact();
    try {
      return planArtifact(verified, blobs);
    } catch (KonfluxNativeException e) {
      // The data a pipeline needs to point at the input: component, reference, layer digest.
      Digest layer =
          artifact.layers().size() == 1
              ? artifact.layers().get(0).digest()
              : artifact.manifest().digest();
      throw e.withComponent(artifact.component())
          .withReference(artifact.reference().toString())
          .withDigest(layer);
    }
  }

  private List<PlannedFile> planArtifact(VerifiedArtifact verified, BlobReader blobs)
      throws KonfluxNativeException {
    ComponentArtifact artifact = verified.artifact();
    ArchiveFormat format =
        format(artifact.artifactType())
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "artifact " + artifact.describe() + " is not a Maven repository"));
    if (artifact.layers().size() != 1) {
      throw new InvalidInputException(
          "Maven repository artifact "
              + artifact.describe()
              + " must have exactly one layer, not "
              + artifact.layers().size());
    }
    Descriptor layer = artifact.layers().get(0);
    String what = "layer " + layer.digest() + " of " + artifact.describe();

    Map<String, IncomingFile> incoming = new TreeMap<>();
    Map<String, Pom> poms = new HashMap<>();
    readTree(blobs, layer, format, what, incoming, poms);
    // The component's SBOM joins the tree as classifier cyclonedx files (issue 10 point 4).
    sboms.addTo(
        verified,
        blobs,
        incoming,
        poms,
        context.workDirectory().resolve("maven-incoming"),
        digester,
        () -> incomingCounter++);
    List<PlannedEntry> plan = RepositoryLayout.plan(incoming.keySet(), poms, what);
    Map<String, PlannedEntry> byPath = new HashMap<>();
    for (PlannedEntry p : plan) {
      byPath.put(p.path(), p);
    }
    for (PlannedEntry p : plan) {
      if (p.role() == FileRole.CHECKSUM) {
        PlannedEntry of = get(byPath, Objects.requireNonNull(p.checksumOf()));
        checkChecksum(p, get(incoming, p.entry()), get(incoming, of.entry()), what);
      } else if (p.role() == FileRole.ARTIFACT_METADATA) {
        checkMetadata(p, get(incoming, p.entry()), what);
      }
    }

    List<PlannedFile> planned = new ArrayList<>();
    String component = artifact.component();
    for (PlannedEntry p : plan) {
      IncomingFile in = get(incoming, p.entry());
      boolean publish = p.role() == FileRole.ARTIFACT || p.role() == FileRole.KEPT_METADATA;
      if (!publish) {
        deleteQuietly(in.file());
        continue;
      }
      claim(p.path(), component, what);
      FileDigests d = in.digests();
      Path kept = in.file();
      FileOrigin sbomOrigin = sboms.origin(p.entry());
      if (!context.writesEveryFile() && sbomOrigin == null) {
        // A kept plan writes on demand, reading the layer again; hold no copy meanwhile.
        deleteQuietly(kept);
        kept = null;
      }
      FileOrigin origin =
          sbomOrigin != null
              ? sbomOrigin
              : FileOrigin.ofArchiveEntry(artifact, layer.digest(), p.entry());
      planned.add(
          new PlannedFile(
              p.path(),
              component,
              List.of(origin),
              OptionalLong.of(d.size()),
              Digest.sha256(d.sha256()),
              new Content(artifact, layer, format, p.entry(), kept, d, what)));
      for (ChecksumKind k : ChecksumKind.ALL) {
        byte[] hex = d.hex(k.algorithm()).getBytes(StandardCharsets.US_ASCII);
        claim(p.path() + k.suffix(), component, what);
        planned.add(
            new PlannedFile(
                p.path() + k.suffix(),
                component,
                List.of(),
                OptionalLong.of(hex.length),
                Digest.sha256Of(hex),
                new Checksum(k, p.path(), d)));
      }
      if (p.role() == FileRole.ARTIFACT) {
        coordinates.put(p.path(), Objects.requireNonNull(p.coordinates()));
        Pom pom = poms.get(p.entry());
        if (pom != null) {
          central.pom(p.path(), pom);
        }
        if (signer != null) {
          claim(p.path() + ".asc", component, what);
          planned.add(
              new PlannedFile(
                  p.path() + ".asc",
                  component,
                  List.of(),
                  OptionalLong.empty(),
                  null,
                  new Signature(
                      p.path(),
                      (Content)
                          planned.get(planned.size() - 1 - ChecksumKind.ALL.size()).handle())));
        }
        if (sigstore != null) {
          // Maven's Sigstore layout: <file>.sigstore.json beside the file, no sidecars of its own.
          claim(p.path() + SIGSTORE_SUFFIX, component, what);
          planned.add(
              new PlannedFile(
                  p.path() + SIGSTORE_SUFFIX,
                  component,
                  List.of(),
                  OptionalLong.empty(),
                  null,
                  new SigstoreSignature(p.path(), d)));
        }
      }
    }
    return planned;
  }

  private void readTree(
      BlobReader blobs,
      Descriptor layer,
      ArchiveFormat format,
      String what,
      Map<String, IncomingFile> incoming,
      Map<String, Pom> poms)
      throws KonfluxNativeException {
    Path incomingDir = context.workDirectory().resolve("maven-incoming");
    RepositoryArchiveReader reader = new RepositoryArchiveReader(limits);
    // Entries in layer order, each hashed and written by the pipeline while the next is read.
    List<Map.Entry<String, DigestPipeline.Pending>> pending = new ArrayList<>();
    try {
      Files.createDirectories(incomingDir);
      // An uncompressed tar in a local file: each file is copied from it in the kernel and the
      // copy's bytes are what is hashed, for the layer's digest and the file's (a
      // CopyingLayerStream;
      // writing from buffers costs about twice the system time here); otherwise the verifying
      // stream's bytes are hashed and written from the same buffers.
      Optional<LocalBlob> local =
          format == ArchiveFormat.TAR ? blobs.openLocal(layer) : Optional.empty();
      try (DigestPipeline pipeline = new DigestPipeline();
          LocalBlobCloser closer = new LocalBlobCloser(local)) {
        CopyingLayerStream copying = closer.local().map(CopyingLayerStream::new).orElse(null);
        try (InputStream raw = copying != null ? copying : blobs.open(layer)) {
          reader.read(
              raw,
              format,
              what,
              (entry, declaredSize, content) -> {
                Path file = incomingDir.resolve(Integer.toString(incomingCounter++));
                DigestPipeline.Pending job;
                if (copying != null) {
                  try (FileChannel out =
                      FileChannel.open(
                          file,
                          StandardOpenOption.CREATE,
                          StandardOpenOption.TRUNCATE_EXISTING,
                          StandardOpenOption.WRITE,
                          StandardOpenOption.READ)) {
                    copying.copyInto(out);
                    try {
                      job = pipeline.submitWritten(content, file);
                    } finally {
                      copying.copyInto(null);
                    }
                  }
                } else {
                  job = pipeline.submit(content, file);
                }
                pending.add(Map.entry(entry, job));
                if (entry.endsWith(".pom")) {
                  FileDigests digests = job.await();
                  poms.put(entry, readPom(entry, file, digests.size(), what));
                }
              });
          // Bytes after the archive's end are part of the layer too: read, hash and check them.
          if (copying != null) {
            copying.finish();
          } else {
            raw.transferTo(OutputStream.nullOutputStream());
          }
        } catch (IOException | KonfluxNativeException | RuntimeException e) {
          // A file before the failing point that could not be written is the first failure.
          for (Map.Entry<String, DigestPipeline.Pending> p : pending) {
            IOException earlier = p.getValue().writeFailure();
            if (earlier != null) {
              earlier.addSuppressed(e);
              throw earlier;
            }
          }
          throw e;
        }
        // The layer's digest matched (the stream's end was read): collect the files' results.
        for (Map.Entry<String, DigestPipeline.Pending> p : pending) {
          DigestPipeline.Pending job = p.getValue();
          incoming.put(p.getKey(), new IncomingFile(p.getKey(), job.destination(), job.await()));
        }
      }
    } catch (IOException e) {
      throw IoFailures.reading(e, what);
    }
  }

  /** Closes the layer's local file, if any, after the pipeline is done with it. */
  private record LocalBlobCloser(Optional<LocalBlob> local) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (local.isPresent()) {
        local.get().close();
      }
    }
  }

  @Override
  public ProducedFile write(PlannedFile file, BlobReader blobs, Path destination)
      throws KonfluxNativeException {
    Object handle = file.handle(Object.class);
    try {
      if (handle instanceof Content c) {
        Path kept = c.kept();
        if (kept != null && Files.exists(kept, LinkOption.NOFOLLOW_LINKS)) {
          linkOrCopy(kept, destination);
        } else {
          rewriteFromLayer(c, blobs, destination);
        }
        return new ProducedFile(
            file.path(), Digest.sha256(c.digests().sha256()), c.digests().size(), file.origins());
      }
      if (handle instanceof Checksum k) {
        byte[] hex = k.digests().hex(k.kind().algorithm()).getBytes(StandardCharsets.US_ASCII);
        Files.write(destination, hex);
        return new ProducedFile(
            file.path(), Digest.sha256Of(hex), hex.length, List.of(), List.of(k.of()));
      }
      if (handle instanceof Signature s && signer != null) {
        byte[] asc = sign(signer, s.content(), blobs).getBytes(StandardCharsets.US_ASCII);
        Files.write(destination, asc);
        return new ProducedFile(
            file.path(),
            Digest.sha256Of(asc),
            asc.length,
            List.of(),
            List.of(s.of(), "key:" + signer.fingerprint()));
      }
      if (handle instanceof SigstoreSignature s && sigstore != null) {
        // The signer signs the SHA-256 the one read computed: the file is not read again.
        SigstoreBundle bundle = sigstore.signMessage(Digest.sha256(s.digests().sha256()));
        byte[] json = bundle.json();
        Files.write(destination, json);
        List<String> derivedFrom = new ArrayList<>();
        derivedFrom.add(s.of());
        bundle.publicKeyHint().ifPresent(h -> derivedFrom.add("key:" + h));
        return new ProducedFile(
            file.path(), Digest.sha256Of(json), json.length, List.of(), derivedFrom);
      }
    } catch (IOException e) {
      throw new OutputException("writing " + file.path() + " failed: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "planned file " + file.path() + " was not planned by the Maven target");
  }

  /**
   * Signs a published file. The release's OpenPgpSigner continues the file's SHA-256/SHA-512 state,
   * so the file is not read again; a signer that cannot ({@link ArtifactSigner#needsFile}) reads
   * the kept bytes, or the entry read again from the layer.
   */
  private String sign(ArtifactSigner signer, Content c, BlobReader blobs)
      throws KonfluxNativeException, IOException {
    if (!signer.needsFile()) {
      return signer.signArmored(c.digests(), null, context.releaseTime());
    }
    Path kept = c.kept();
    if (kept != null && Files.exists(kept, LinkOption.NOFOLLOW_LINKS)) {
      return signer.signArmored(c.digests(), kept, context.releaseTime());
    }
    Path copy = Files.createTempFile(context.workDirectory(), "sign-", ".tmp");
    try {
      rewriteFromLayer(c, blobs, copy);
      return signer.signArmored(c.digests(), copy, context.releaseTime());
    } finally {
      deleteQuietly(copy);
    }
  }

  /** Ends reading a layer once the wanted entry is written (see {@link #rewriteFromLayer}). */
  private static final class EntryWritten extends IOException {
    private static final long serialVersionUID = 1L;

    EntryWritten() {
      super("entry written");
    }
  }

  /**
   * Reads the layer again up to the file's entry, writing and hashing it; it must be what was
   * planned. Reading stops right after that entry: the rest of the layer is not read (the entry's
   * bytes are checked against the digests taken when the whole layer was verified at plan time).
   */
  private void rewriteFromLayer(Content c, BlobReader blobs, Path destination)
      throws KonfluxNativeException, IOException {
    FileDigests[] found = new FileDigests[1];
    try (InputStream raw = blobs.open(c.layer())) {
      new RepositoryArchiveReader(limits)
          .read(
              raw,
              c.format(),
              c.what(),
              (entry, size, content) -> {
                if (entry.equals(c.entry())) {
                  try (OutputStream out = Files.newOutputStream(destination)) {
                    found[0] = digester.copy(content, out);
                  }
                  throw new EntryWritten();
                }
              });
    } catch (EntryWritten done) {
      // found[0] is set; checked below
    } catch (IOException e) {
      throw IoFailures.producing(e, c.what());
    }
    if (found[0] == null || !found[0].sha256().equals(c.digests().sha256())) {
      deleteQuietly(destination);
      throw new VerificationException(
          c.what()
              + ": entry "
              + UntrustedText.quoted(c.entry())
              + " changed between planning and writing");
    }
  }

  @Override
  public List<ProducedFile> writeIndex(List<ProducedFile> files, IndexOutput out)
      throws KonfluxNativeException {
    Map<String, TreeSet<String>> versions = new TreeMap<>();
    Map<String, List<String>> sources = new TreeMap<>();
    Set<String> written = new HashSet<>();
    for (ProducedFile f : files) {
      written.add(f.path());
      ArtifactCoordinates c = coordinates.get(f.path());
      if (c != null) {
        String metadataPath = c.groupId().replace('.', '/') + "/" + c.artifactId() + "/" + METADATA;
        versions.computeIfAbsent(metadataPath, k -> new TreeSet<>()).add(c.baseVersion());
        if (c.extension().equals("pom")) {
          sources.computeIfAbsent(metadataPath, k -> new ArrayList<>()).add(f.path());
        }
      }
    }
    Set<String> rewritten = new HashSet<>();
    // A Central bundle holds one release's files: an earlier one is dropped, never carried over.
    rewritten.add(CentralBundle.PATH);
    for (String m : versions.keySet()) {
      rewritten.add(m);
      for (ChecksumKind k : ChecksumKind.ALL) {
        rewritten.add(m + k.suffix());
      }
    }
    List<ProducedFile> produced = new ArrayList<>();
    try {
      Optional<CommittedOutput> committed = context.committed();
      Map<String, ArtifactMetadata> previous = new HashMap<>();
      if (committed.isPresent()) {
        for (String m : versions.keySet()) {
          Optional<CommittedOutput.Entry> e = committed.get().file(m);
          if (e.isPresent()) {
            Path location = e.get().location();
            previous.put(m, readMetadata(location, Files.size(location), "committed " + m));
          }
        }
        for (String path : new TreeSet<>(committed.get().files().keySet())) {
          if (!written.contains(path) && !rewritten.contains(path)) {
            produced.add(committed.get().carryOver(path, out));
          }
        }
      }
      for (Map.Entry<String, TreeSet<String>> e : versions.entrySet()) {
        String path = e.getKey();
        String[] parts = path.substring(0, path.length() - METADATA.length() - 1).split("/");
        String artifactId = parts[parts.length - 1];
        String groupId = String.join(".", List.of(parts).subList(0, parts.length - 1));
        ArtifactMetadata m = new ArtifactMetadata(groupId, artifactId, List.copyOf(e.getValue()));
        List<String> derivedFrom = new ArrayList<>(sources.getOrDefault(path, List.of()));
        ArtifactMetadata old = previous.get(path);
        if (old != null) {
          m = m.with(old.versions());
          derivedFrom.add("committed:" + path);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MetadataXml.write(m, context.releaseTime(), bytes);
        byte[] xml = bytes.toByteArray();
        Files.write(out.resolve(path), xml);
        produced.add(
            new ProducedFile(path, Digest.sha256Of(xml), xml.length, List.of(), derivedFrom));
        FileDigests d =
            digester.copy(new ByteArrayInputStream(xml), OutputStream.nullOutputStream());
        for (ChecksumKind k : ChecksumKind.ALL) {
          byte[] hex = d.hex(k.algorithm()).getBytes(StandardCharsets.US_ASCII);
          Files.write(out.resolve(path + k.suffix()), hex);
          produced.add(
              new ProducedFile(
                  path + k.suffix(), Digest.sha256Of(hex), hex.length, List.of(), List.of(path)));
        }
      }
    } catch (IOException e) {
      throw new OutputException("writing maven-metadata.xml failed: " + e.getMessage(), e);
    }
    reports = central.check(written, coordinates);
    if (centralBundle) {
      produced.add(writeCentralBundle(written, out));
    }
    return produced;
  }

  /** Central readiness per GAV of this release's files, computed by {@link #writeIndex}. */
  @Override
  public List<TargetReport> reports() {
    return reports;
  }

  /** The Central Portal bundle of this release's files (not of files carried over). */
  private ProducedFile writeCentralBundle(Set<String> written, IndexOutput out)
      throws OutputException {
    List<String> entries = CentralBundle.entries(written);
    try {
      Path zip = out.resolve(CentralBundle.PATH);
      java.security.MessageDigest sha256 = Digest.newMessageDigest(Digest.SHA256);
      try (OutputStream os =
          new java.security.DigestOutputStream(Files.newOutputStream(zip), sha256)) {
        CentralBundle.write(entries, out.directory(), context.releaseTime(), os);
      }
      // Hashed as written: the zip is not read back.
      return new ProducedFile(
          CentralBundle.PATH, Digest.sha256(sha256.digest()), Files.size(zip), List.of(), entries);
    } catch (IOException e) {
      throw new OutputException(
          "writing the Central bundle " + CentralBundle.PATH + " failed: " + e.getMessage(), e);
    }
  }

  private static Pom readPom(String entry, Path file, long size, String what)
      throws IOException, InvalidInputException {
    if (size > MAX_POM_SIZE) {
      throw new InvalidInputException(
          what
              + ": POM "
              + UntrustedText.quoted(entry)
              + " is larger than "
              + MAX_POM_SIZE
              + " bytes");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return new PomReader().read(in);
    } catch (InvalidPomException e) {
      throw new InvalidInputException(
          what + ": POM " + UntrustedText.quoted(entry) + " " + e.getMessage());
    }
  }

  private static void checkChecksum(
      PlannedEntry p, IncomingFile checksumFile, IncomingFile of, String what)
      throws InvalidInputException {
    String stated;
    try {
      if (checksumFile.digests().size() > MAX_CHECKSUM_FILE) {
        throw new InvalidInputException(
            what
                + ": checksum file "
                + UntrustedText.quoted(p.entry())
                + " is larger than "
                + MAX_CHECKSUM_FILE
                + " bytes");
      }
      String text = Files.readString(checksumFile.file(), StandardCharsets.ISO_8859_1).trim();
      // "hex" or "hex  file-name" (what md5sum writes); only the first token counts.
      stated = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      throw new InvalidInputException(
          what + ": cannot read checksum file " + UntrustedText.quoted(p.entry()), e);
    }
    ChecksumKind kind = Objects.requireNonNull(ChecksumKind.of(p.path()), p.path());
    if (stated.length() != kind.hexLength() || !HEX.matcher(stated).matches()) {
      throw new InvalidInputException(
          what
              + ": checksum file "
              + UntrustedText.quoted(p.entry())
              + " does not hold a "
              + kind.algorithm()
              + " hex digest");
    }
    String actual = of.digests().hex(kind.algorithm());
    if (!actual.equals(stated)) {
      throw new InvalidInputException(
          what
              + ": checksum file "
              + UntrustedText.quoted(p.entry())
              + " states "
              + kind.algorithm()
              + " "
              + stated
              + " but "
              + UntrustedText.quoted(of.entry())
              + " has "
              + actual);
    }
  }

  private static void checkMetadata(PlannedEntry p, IncomingFile in, String what)
      throws InvalidInputException {
    ArtifactMetadata m =
        readMetadata(
            in.file(),
            in.digests().size(),
            "maven-metadata " + UntrustedText.quoted(p.entry()) + " of " + what);
    String expected = m.groupId().replace('.', '/') + "/" + m.artifactId() + "/" + METADATA;
    if (!p.path().equals(expected)) {
      throw new InvalidInputException(
          what
              + ": "
              + UntrustedText.quoted(p.entry())
              + " names "
              + UntrustedText.quoted(m.groupId() + ":" + m.artifactId())
              + ", which belongs elsewhere");
    }
  }

  private static ArtifactMetadata readMetadata(Path file, long size, String what)
      throws InvalidInputException {
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

  /** A map value the plan guarantees (every planned entry was read). */
  private static <T> T get(Map<String, T> map, String key) {
    return Objects.requireNonNull(map.get(key), key);
  }

  private void claim(String path, String component, String what) throws InvalidInputException {
    String previous = owners.putIfAbsent(path, component);
    if (previous != null) {
      throw new InvalidInputException(
          what
              + ": "
              + UntrustedText.quoted(path)
              + " is also published by component "
              + UntrustedText.quoted(previous)
              + " of this release");
    }
  }

  private static void linkOrCopy(Path from, Path to) throws IOException {
    Files.deleteIfExists(to);
    try {
      Files.createLink(to, from);
    } catch (UnsupportedOperationException | FileSystemException e) {
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("could not delete {}", file, e);
    }
  }
}
