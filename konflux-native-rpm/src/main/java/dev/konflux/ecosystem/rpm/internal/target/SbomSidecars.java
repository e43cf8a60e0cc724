package dev.konflux.ecosystem.rpm.internal.target;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.SbomDocument;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.api.VerifiedArtifact;
import dev.konflux.ecosystem.rpm.internal.repodata.ExtraMetadata;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.PlannedFile;
import dev.konflux.ecosystem.spi.ProducedFile;
import dev.konflux.ecosystem.spi.SbomPlacement;
import dev.konflux.ecosystem.spi.TargetContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the SBOM documents of an artifact's SBOM referrers next to its packages: each document
 * ({@code text/spdx+json}, {@code text/spdx}, {@code application/vnd.cyclonedx+json|+xml} layer of
 * a {@link Referrer.Kind#SBOM} or {@link Referrer.Kind#COSIGN_SBOM} referrer) becomes {@code
 * <repo>/sboms/<component>-<manifest>-<sbom>.<ext>} in every repository that received a package of
 * the artifact, where {@code <manifest>} and {@code <sbom>} are the first 12 hex digits of the
 * artifact's manifest digest and of the SBOM layer digest, and {@code <ext>} is {@code spdx.json},
 * {@code spdx}, {@code cdx.json} or {@code cdx.xml}. The same SBOM layer found through several
 * referrers (cosign {@code .sbom} tag and referrers API) is written once.
 *
 * <p>The documents are those the core's SBOM finder reports from SBOM referrers and cosign {@code
 * .sbom} tags ({@link VerifiedArtifact#sboms()}). During a release each is streamed once through
 * the verifying reader into the work directory, bounded by {@link #LIMIT}, and then linked into the
 * repositories; for a kept plan it is streamed when its file is written. {@link #records} lists
 * them in {@code repomd.xml}: {@code sbom} when the repository has one, {@code sbom-<file name>}
 * each when it has several, so types stay unique and stable across incremental releases. Names and
 * record types come from the {@link SbomPlacement} of {@code konflux-native-bom} (the one place
 * that names SBOM files); without it the target publishes no sidecar and says so.
 */
final class SbomSidecars {
  private static final Logger LOG = LoggerFactory.getLogger(SbomSidecars.class);

  /** The largest SBOM document accepted. */
  static final long LIMIT = 64L << 20;

  /**
   * Names sidecars and their records ({@code konflux-native-bom}); without it no sidecar is
   * published, and kept records stay as they are.
   */
  private static final Optional<SbomPlacement> PLACEMENT =
      SbomPlacement.installed(SbomSidecars.class.getClassLoader());

  /**
   * A document streamed into the work directory once, linked from every repository that lists it.
   */
  private record Document(Path file, Digest sha256, long size) {}

  /** A planned sidecar: the artifact, the SBOM, and the fetched document during a release. */
  private record SidecarFile(
      ComponentArtifact artifact, SbomDocument sbom, @Nullable Document fetched, String what) {}

  private final TargetContext context;
  private final Path incoming;
  private final FileTime fileTime;
  private final long limit;
  private final Map<Digest, Document> documents = new HashMap<>();
  private final Map<String, Set<String>> byRepository = new TreeMap<>();
  private final Set<String> plannedPaths = new HashSet<>();

  /**
   * @param context the release context
   * @param incoming the work directory for documents before they are linked into repositories
   * @param limit the largest document accepted, in bytes
   */
  SbomSidecars(TargetContext context, Path incoming, long limit) {
    this.context = context;
    this.incoming = incoming;
    this.fileTime = FileTime.from(context.releaseTime());
    this.limit = limit;
  }

  /**
   * An artifact's SBOM documents, checked (and during a release fetched), waiting for its packages'
   * repositories.
   */
  static final class Prepared {
    private final ComponentArtifact artifact;
    private final List<Map.Entry<SbomDocument, Document>> documents;

    private Prepared(
        ComponentArtifact artifact, List<Map.Entry<SbomDocument, Document>> documents) {
      this.artifact = artifact;
      this.documents = documents;
    }
  }

  /**
   * Checks the artifact's published SBOM documents (the core's SBOM finder's, from SBOM referrers
   * and cosign {@code .sbom} tags) and, when every planned file is written right away, streams each
   * into the work directory, verified and bounded, before any of its packages is planned, so a bad
   * document leaves no trace of the artifact.
   *
   * @param verified the artifact
   * @param blobs its verifying reader
   * @return the documents, for {@link #plan}
   * @throws KonfluxNativeException if a document is too large, does not verify or cannot be read
   */
  Prepared prepare(VerifiedArtifact verified, BlobReader blobs) throws KonfluxNativeException {
    ComponentArtifact artifact = verified.artifact();
    List<Map.Entry<SbomDocument, Document>> out = new ArrayList<>();
    if (PLACEMENT.isEmpty()) {
      if (!verified.sboms().isEmpty()) {
        LOG.warn(
            "{}: {} SBOM document(s) not published as sidecars: no SbomPlacement is installed; add"
                + " {} to the class path",
            artifact.describe(),
            verified.sboms().size(),
            SbomPlacement.MODULE);
      }
      return new Prepared(artifact, out);
    }
    for (SbomDocument doc : verified.sboms()) {
      // Published as before: the documents of SBOM referrers. Attestation predicates and blobs
      // named only by the provenance are for the SBOM module.
      if (doc.origin() != SbomDocument.Origin.SBOM_REFERRER
          && doc.origin() != SbomDocument.Origin.COSIGN_SBOM_TAG) {
        continue;
      }
      String what = describe(artifact, doc);
      if (doc.size() > limit) {
        throw new InvalidInputException(
            what + " is " + doc.size() + " bytes, more than the " + limit + " accepted");
      }
      out.add(
          new java.util.AbstractMap.SimpleImmutableEntry<>(
              doc, context.writesEveryFile() ? fetch(blobs, doc, what) : null));
    }
    return new Prepared(artifact, out);
  }

  /**
   * Plans the artifact's SBOM documents in the repositories that received its packages.
   *
   * @param prepared the artifact's documents
   * @param repositories the repositories that received its packages
   * @return the planned sidecars (each document once per repository)
   */
  List<PlannedFile> plan(Prepared prepared, Collection<String> repositories) {
    ComponentArtifact artifact = prepared.artifact;
    if (prepared.documents.isEmpty()) {
      return List.of();
    }
    if (repositories.isEmpty()) {
      LOG.debug(
          "{}: {} SBOM document(s) but no package, not published",
          artifact.describe(),
          prepared.documents.size());
      return List.of();
    }
    List<PlannedFile> out = new ArrayList<>();
    for (Map.Entry<SbomDocument, Document> entry : prepared.documents) {
      SbomDocument sbom = entry.getKey();
      Document doc = entry.getValue();
      String href = href(artifact, sbom.digest(), sbom.mediaType());
      // release.json names the SBOM referrer (or cosign .sbom tag) the document came from, and
      // the document's digest.
      FileOrigin origin = SbomPlacement.origin(artifact, sbom);
      for (String repo : new TreeSet<>(repositories)) {
        // Same name means same component, manifest and layer digest: the same document.
        if (!byRepository.computeIfAbsent(repo, r -> new TreeSet<>()).add(href)) {
          continue;
        }
        String path = repo + "/" + href;
        plannedPaths.add(path);
        out.add(
            new PlannedFile(
                path,
                artifact.component(),
                List.of(origin),
                doc == null ? OptionalLong.of(sbom.size()) : OptionalLong.of(doc.size()),
                doc == null ? null : doc.sha256(),
                new SidecarFile(artifact, sbom, doc, describe(artifact, sbom))));
      }
    }
    return out;
  }

  /**
   * @param file a planned file
   * @return whether it is a sidecar this publisher planned
   */
  boolean planned(PlannedFile file) {
    return file.handle() instanceof SidecarFile;
  }

  /**
   * @param path a path relative to {@code OUT/rpm}
   * @return whether it is a sidecar this publisher planned
   */
  boolean isSidecar(String path) {
    return plannedPaths.contains(path);
  }

  /**
   * Writes a planned sidecar: links the fetched document, or streams it (verified, bounded).
   *
   * @param file the planned sidecar
   * @param blobs the reader of its artifact
   * @param destination where to write it
   * @return the written file
   * @throws KonfluxNativeException if reading or writing fails
   */
  ProducedFile write(PlannedFile file, BlobReader blobs, Path destination)
      throws KonfluxNativeException {
    SidecarFile s = file.handle(SidecarFile.class);
    Document doc = s.fetched();
    try {
      if (doc == null) {
        doc = stream(blobs, s.sbom(), s.what(), destination);
      } else {
        Files.deleteIfExists(destination);
        try {
          Files.createLink(destination, doc.file());
        } catch (UnsupportedOperationException | FileSystemException e) {
          Files.copy(doc.file(), destination, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new OutputException("placing " + s.what() + " failed: " + e.getMessage(), e);
    }
    return new ProducedFile(file.path(), doc.sha256(), doc.size(), file.origins());
  }

  /**
   * @param hrefs SBOM sidecars of this release
   * @param kept records carried from the previous metadata
   * @return SBOM records typed as {@link SbomPlacement#rpmRecordTypes} names them ({@code sbom} for
   *     one, {@code sbom-<file name>} each for several), then the other kept records; without an
   *     {@link SbomPlacement} the kept records as they were
   */
  static List<ExtraMetadata> records(Collection<String> hrefs, List<ExtraMetadata> kept) {
    if (PLACEMENT.isEmpty()) {
      return kept;
    }
    SbomPlacement placement = PLACEMENT.get();
    TreeSet<String> sboms = new TreeSet<>(hrefs);
    List<ExtraMetadata> others = new ArrayList<>();
    for (ExtraMetadata e : kept) {
      if (placement.isRpmSbomRecordType(e.type())) {
        sboms.add(e.locationHref());
      } else {
        others.add(e);
      }
    }
    Set<String> used = new HashSet<>();
    others.forEach(e -> used.add(e.type()));
    List<ExtraMetadata> out = new ArrayList<>();
    placement
        .rpmRecordTypes(sboms, used)
        .forEach((href, type) -> out.add(new ExtraMetadata(type, href)));
    out.addAll(others);
    return out;
  }

  private static String describe(ComponentArtifact artifact, SbomDocument doc) {
    return "SBOM "
        + doc.digest()
        + " ("
        + (doc.referrer() == null
            ? doc.origin().name()
            : "referrer " + doc.referrer().manifest().digest() + ", " + doc.referrer().discovery())
        + ") of "
        + artifact.describe();
  }

  private Document fetch(BlobReader blobs, SbomDocument sbom, String what)
      throws KonfluxNativeException {
    Document known = documents.get(sbom.digest());
    if (known != null) {
      return known;
    }
    Path file = incoming.resolve("sbom-" + sbom.digest().algorithm() + "-" + sbom.digest().hex());
    Document doc = stream(blobs, sbom, what, file);
    documents.put(sbom.digest(), doc);
    return doc;
  }

  /** Streams the document, verified and bounded, into {@code file}; nothing is left on failure. */
  private Document stream(BlobReader blobs, SbomDocument sbom, String what, Path file)
      throws KonfluxNativeException {
    MessageDigest sha256 = Digest.newMessageDigest(Digest.SHA256);
    long size;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (InputStream in = sbom.open(blobs);
          OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
        size = copyAtMost(in, out, limit, what);
      }
      Files.setLastModifiedTime(file, fileTime);
    } catch (BlobIntegrityException e) {
      deleteQuietly(file);
      throw new VerificationException(what + ": " + e.getMessage(), e);
    } catch (InvalidInputException e) {
      deleteQuietly(file);
      throw e;
    } catch (IOException e) {
      deleteQuietly(file);
      throw new SourceUnavailableException("reading " + what + " failed: " + e.getMessage(), e);
    }
    return new Document(
        file, new Digest(Digest.SHA256, HexFormat.of().formatHex(sha256.digest())), size);
  }

  /**
   * Copies to the end of the stream (so the verifying reader checks it) but never past the limit.
   */
  private static long copyAtMost(InputStream in, OutputStream out, long limit, String what)
      throws IOException, InvalidInputException {
    byte[] buf = new byte[1 << 16];
    long total = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      total += n;
      if (total > limit) {
        throw new InvalidInputException(what + " is larger than the " + limit + " bytes accepted");
      }
      out.write(buf, 0, n);
    }
    return total;
  }

  /**
   * @return {@code sboms/<component>-<manifest 12 hex>-<layer 12 hex>.<ext>}, safe as a file name,
   *     as {@link SbomPlacement#rpmSidecarHref} names it
   */
  static String href(ComponentArtifact artifact, Digest sbom, String mediaType) {
    return PLACEMENT
        .orElseThrow(
            () -> new IllegalStateException("no SbomPlacement installed: " + SbomPlacement.MODULE))
        .rpmSidecarHref(artifact.component(), artifact.manifest().digest(), sbom, mediaType);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", p, e.toString());
    }
  }
}
