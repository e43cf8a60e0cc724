package dev.konflux.ecosystem.rpm.internal.target;

import dev.konflux.ecosystem.api.BlobIntegrityException;
import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.rpm.internal.repodata.ExtraMetadata;
import dev.konflux.ecosystem.spi.BlobReader;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.spi.ProducedFile;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the SBOM documents of an artifact's SBOM referrers next to its packages: each document
 * ({@code text/spdx+json}, {@code text/spdx}, {@code application/vnd.cyclonedx+json|+xml} layer of
 * a {@link Referrer.Kind#SBOM} or {@link Referrer.Kind#COSIGN_SBOM} referrer) becomes
 * {@code <repo>/sboms/<component>-<manifest>-<sbom>.<ext>} in every repository that received a
 * package of the artifact, where {@code <manifest>} and {@code <sbom>} are the first 12 hex
 * digits of the artifact's manifest digest and of the SBOM layer digest, and {@code <ext>} is
 * {@code spdx.json}, {@code spdx}, {@code cdx.json} or {@code cdx.xml}. The same SBOM layer found
 * through several referrers (cosign {@code .sbom} tag and referrers API) is written once.
 *
 * <p>Each document is streamed once through the verifying reader into staging, bounded by
 * {@link #LIMIT}, and then linked into the repositories. {@link #records} lists them in
 * {@code repomd.xml}: {@code sbom} when the repository has one, {@code sbom-<file name>} each
 * when it has several, so types stay unique and stable across incremental releases.
 */
final class SbomSidecars {
  private static final Logger LOG = LoggerFactory.getLogger(SbomSidecars.class);
  /** The largest SBOM document accepted. */
  static final long LIMIT = 64L << 20;
  static final String DIRECTORY = "sboms";
  private static final String TYPE = "sbom";
  private static final int MAX_COMPONENT = 64;
  private static final int MAX_TYPE = 128;

  /** A document streamed into staging once, linked from every repository that lists it. */
  private record Document(Path file, Digest sha256, long size) {}

  /** A sidecar in one repository, with every origin it was found through. */
  private record Sidecar(Document document, List<FileOrigin> origins) {}

  private final TargetContext context;
  private final Path staging;
  private final Path incoming;
  private final FileTime fileTime;
  private final long limit;
  private final Map<Digest, Document> documents = new HashMap<>();
  private final Map<String, Map<String, Sidecar>> byRepository = new TreeMap<>();

  /**
   * @param context the release context (files are reported to it)
   * @param incoming the staging directory for documents before they are linked into repositories
   * @param limit the largest document accepted, in bytes
   */
  SbomSidecars(TargetContext context, Path incoming, long limit) {
    this.context = context;
    this.staging = context.stagingDirectory();
    this.incoming = incoming;
    this.fileTime = FileTime.from(context.releaseTime());
    this.limit = limit;
  }

  /** An artifact's SBOM documents, fetched and verified, waiting for its packages' repositories. */
  static final class Fetched {
    private final ComponentArtifact artifact;
    private final List<Map.Entry<SbomLayer, Document>> documents;

    private Fetched(ComponentArtifact artifact, List<Map.Entry<SbomLayer, Document>> documents) {
      this.artifact = artifact;
      this.documents = documents;
    }
  }

  /**
   * Streams the artifact's SBOM documents into staging, each verified and bounded, before any of
   * its packages is placed, so a bad document leaves no trace of the artifact.
   *
   * @param artifact the artifact
   * @param blobs its verifying reader
   * @return the documents, for {@link #place}
   * @throws KonfluxNativeException if a document is too large, does not verify or cannot be read
   */
  Fetched fetch(ComponentArtifact artifact, BlobReader blobs) throws KonfluxNativeException {
    List<Map.Entry<SbomLayer, Document>> out = new ArrayList<>();
    for (SbomLayer l : sbomLayers(artifact).values()) {
      out.add(Map.entry(l, fetch(artifact, blobs, l)));
    }
    return new Fetched(artifact, out);
  }

  /**
   * Links the artifact's SBOM documents into the repositories that received its packages.
   *
   * @param fetched the artifact's documents
   * @param repositories the repositories that received its packages
   * @throws KonfluxNativeException if a file cannot be written
   */
  void place(Fetched fetched, Collection<String> repositories) throws KonfluxNativeException {
    ComponentArtifact artifact = fetched.artifact;
    if (fetched.documents.isEmpty()) {
      return;
    }
    if (repositories.isEmpty()) {
      LOG.debug("{}: {} SBOM document(s) but no package, not published", artifact.describe(),
          fetched.documents.size());
      return;
    }
    for (Map.Entry<SbomLayer, Document> entry : fetched.documents) {
      SbomLayer l = entry.getKey();
      Document doc = entry.getValue();
      String href = DIRECTORY + "/" + fileName(artifact, l.layer());
      FileOrigin origin = FileOrigin.ofLayer(artifact, l.layer().digest());
      for (String repo : new TreeSet<>(repositories)) {
        Map<String, Sidecar> sidecars = byRepository.computeIfAbsent(repo, r -> new TreeMap<>());
        Sidecar existing = sidecars.get(href);
        if (existing != null) {
          // Same name means same component, manifest and layer digest: the same document.
          if (!existing.origins().contains(origin)) {
            existing.origins().add(origin);
          }
          continue;
        }
        Path target = staging.resolve(repo).resolve(href);
        try {
          Files.createDirectories(target.getParent());
          Files.deleteIfExists(target);
          try {
            Files.createLink(target, doc.file());
          } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(doc.file(), target, StandardCopyOption.COPY_ATTRIBUTES);
          }
        } catch (IOException e) {
          throw new OutputException("placing " + l.describe(artifact) + " failed: " + e.getMessage(), e);
        }
        sidecars.put(href, new Sidecar(doc, new ArrayList<>(List.of(origin))));
        context.produced(artifact.component(), new ProducedFile(repo + "/" + href, doc.sha256(), doc.size(),
            List.of(origin)));
      }
    }
  }

  /**
   * The extra {@code repomd.xml} records of a repository: its SBOMs from this release plus those
   * kept from the previous metadata (re-typed together, so types stay unique); other kept records
   * pass through unchanged.
   *
   * @param repository the repository name
   * @param kept records carried from the previous metadata, files present
   * @return the records
   */
  List<ExtraMetadata> records(String repository, List<ExtraMetadata> kept) {
    return records(byRepository.getOrDefault(repository, Map.of()).keySet(), kept);
  }

  /**
   * @param hrefs SBOM sidecars of this release
   * @param kept records carried from the previous metadata
   * @return SBOM records typed {@code sbom} (one) or {@code sbom-<file name>} (several), then the
   *     other kept records
   */
  static List<ExtraMetadata> records(Collection<String> hrefs, List<ExtraMetadata> kept) {
    TreeSet<String> sboms = new TreeSet<>(hrefs);
    List<ExtraMetadata> others = new ArrayList<>();
    for (ExtraMetadata e : kept) {
      if (isSbomType(e.type())) {
        sboms.add(e.locationHref());
      } else {
        others.add(e);
      }
    }
    Set<String> used = new HashSet<>();
    others.forEach(e -> used.add(e.type()));
    List<ExtraMetadata> out = new ArrayList<>();
    if (sboms.size() == 1) {
      out.add(new ExtraMetadata(TYPE, sboms.first()));
    } else {
      for (String href : sboms) {
        String base = TYPE + "-" + safe(href.substring(href.lastIndexOf('/') + 1), MAX_TYPE - TYPE.length() - 5);
        String type = base;
        for (int n = 2; used.contains(type); n++) {
          type = base + "-" + n;
        }
        used.add(type);
        out.add(new ExtraMetadata(type, href));
      }
    }
    out.addAll(others);
    return out;
  }

  private static boolean isSbomType(String type) {
    return type.equals(TYPE) || type.startsWith(TYPE + "-");
  }

  /** An SBOM layer and the referrer it was first found in. */
  private record SbomLayer(Descriptor layer, Referrer referrer) {
    String describe(ComponentArtifact artifact) {
      return "SBOM " + layer.digest() + " (referrer " + referrer.manifest().digest() + ", "
          + referrer.discovery() + ") of " + artifact.describe();
    }
  }

  /** The SBOM layers of the artifact's SBOM referrers, each digest once. */
  private static Map<Digest, SbomLayer> sbomLayers(ComponentArtifact artifact) {
    Map<Digest, SbomLayer> out = new LinkedHashMap<>();
    for (Referrer r : artifact.referrers()) {
      if (r.kind() != Referrer.Kind.SBOM && r.kind() != Referrer.Kind.COSIGN_SBOM) {
        continue;
      }
      for (Descriptor layer : r.manifest().layers()) {
        if (MediaTypes.isSbom(layer.mediaType())) {
          out.putIfAbsent(layer.digest(), new SbomLayer(layer, r));
        } else {
          LOG.debug("{}: referrer {} layer {} of type {} is not an SBOM document; ignored", artifact.describe(),
              r.manifest().digest(), layer.digest(), layer.mediaType());
        }
      }
    }
    return out;
  }

  private Document fetch(ComponentArtifact artifact, BlobReader blobs, SbomLayer l) throws KonfluxNativeException {
    Document known = documents.get(l.layer().digest());
    if (known != null) {
      return known;
    }
    String what = l.describe(artifact);
    if (l.layer().size() > limit) {
      throw new InvalidInputException(what + " is " + l.layer().size() + " bytes, more than the " + limit
          + " accepted");
    }
    Path file = incoming.resolve("sbom-" + l.layer().digest().algorithm() + "-" + l.layer().digest().hex());
    MessageDigest sha256 = Digest.newMessageDigest(Digest.SHA256);
    long size;
    try {
      Files.createDirectories(incoming);
      try (InputStream in = blobs.open(l.layer());
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
    Document doc = new Document(file, new Digest(Digest.SHA256, HexFormat.of().formatHex(sha256.digest())), size);
    documents.put(l.layer().digest(), doc);
    return doc;
  }

  /** Copies to the end of the stream (so the verifying reader checks it) but never past the limit. */
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

  /** {@code <component>-<manifest 12 hex>-<layer 12 hex>.<ext>}, safe as a file name. */
  static String fileName(ComponentArtifact artifact, Descriptor layer) {
    return safe(artifact.component(), MAX_COMPONENT) + "-" + prefix(artifact.manifest().digest()) + "-"
        + prefix(layer.digest()) + "." + extension(layer.mediaType());
  }

  private static String prefix(Digest d) {
    return d.hex().substring(0, Math.min(12, d.hex().length()));
  }

  static String extension(String mediaType) {
    return switch (mediaType) {
      case MediaTypes.SPDX_JSON -> "spdx.json";
      case MediaTypes.SPDX_TEXT -> "spdx";
      case MediaTypes.CYCLONEDX_JSON -> "cdx.json";
      case MediaTypes.CYCLONEDX_XML -> "cdx.xml";
      default -> throw new IllegalArgumentException("not an SBOM media type: " + mediaType);
    };
  }

  /** Letters, digits, {@code .}, {@code _}, {@code -}; others become {@code _}; never starts with a dot. */
  private static String safe(String s, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || c == '-' || (c == '.' && b.length() > 0);
      b.append(ok ? c : '_');
    }
    return b.length() == 0 ? "_" : b.toString();
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", p, e.toString());
    }
  }
}
