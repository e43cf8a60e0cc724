package dev.konflux.ecosystem.internal.registry;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.Index;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.ManifestOrIndex;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.api.RegistryReference;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.SourceUnavailableException;
import dev.konflux.ecosystem.api.VerificationException;
import dev.konflux.ecosystem.internal.io.VerifyingInputStream;
import dev.konflux.ecosystem.internal.json.ManifestParser;
import dev.konflux.ecosystem.spi.ArtifactSource;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one repository of an OCI registry over the distribution API: manifests and indexes by tag
 * or digest, blobs as verifying streams, and referrers from the referrers API (with {@code Link}
 * pagination), the OCI 1.1 tag schema and cosign tags.
 *
 * <p>Every manifest is hashed and compared with the digest asked for (or the registry's {@code
 * Docker-Content-Digest}) before it is parsed; every blob is handed out wrapped in a {@link
 * VerifyingInputStream}, so a mismatch surfaces as a {@link
 * dev.konflux.ecosystem.api.BlobIntegrityException} before end of stream.
 */
public final class RegistrySource implements ArtifactSource {
  private static final Logger LOG = LoggerFactory.getLogger(RegistrySource.class);

  // docker-registry 2.8 answers 404 to an OCI manifest GET without an OCI Accept header.
  private static final String MANIFEST_ACCEPT =
      String.join(
          ", ",
          MediaTypes.OCI_MANIFEST,
          MediaTypes.OCI_INDEX,
          MediaTypes.DOCKER_MANIFEST,
          MediaTypes.DOCKER_MANIFEST_LIST);
  private static final int MAX_REFERRER_PAGES = 1000;
  private static final List<String> COSIGN_SUFFIXES = List.of("sig", "att", "sbom");

  private final String registry;
  private final String repository;
  private final RegistryClient client;

  /**
   * @param registry host with optional port
   * @param repository repository path
   * @param options plain HTTP hosts, credentials, retries
   * @throws InvalidInputException if the credentials configuration is malformed
   */
  public RegistrySource(String registry, String repository, SourceOptions options)
      throws InvalidInputException {
    this.registry = registry;
    this.repository = repository;
    this.client = new RegistryClient(registry, repository, options);
  }

  @Override
  public ManifestOrIndex resolve(ArtifactReference reference) throws KonfluxNativeException {
    if (!(reference instanceof RegistryReference r)
        || !r.registry().equals(registry)
        || !r.repository().equals(repository)) {
      throw new InvalidInputException(
          "reference " + reference + " does not belong to " + describe());
    }
    String operation = "resolving " + r;
    Fetched fetched =
        fetchManifestBytes(
            r.manifestReference(),
            MANIFEST_ACCEPT,
            operation,
            r.digest().orElse(null),
            OptionalLong.empty());
    if (fetched == null) {
      throw new SourceUnavailableException(operation + ": not found in " + describe());
    }
    return ManifestParser.parse(
        fetched.bytes(), fetched.digest(), fetched.mediaType(), "manifest " + r);
  }

  @Override
  public Manifest fetchManifest(Descriptor descriptor) throws KonfluxNativeException {
    String operation = "pulling manifest " + descriptor.digest() + " of " + describe();
    Fetched fetched =
        fetchManifestBytes(
            descriptor.digest().toString(),
            MANIFEST_ACCEPT,
            operation,
            descriptor.digest(),
            OptionalLong.of(descriptor.size()));
    if (fetched == null) {
      throw new SourceUnavailableException(operation + ": not found");
    }
    return ManifestParser.parseManifest(
        fetched.bytes(),
        fetched.digest(),
        fetched.mediaType() != null ? fetched.mediaType() : descriptor.mediaType(),
        operation);
  }

  @Override
  public InputStream open(Descriptor descriptor) throws KonfluxNativeException {
    Digest digest = descriptor.digest();
    String operation = "pulling blob " + digest + " of " + describe();
    URI uri = client.uri("/blobs/" + digest);
    HttpResponse<InputStream> response = client.get(uri, null, operation);
    int status = response.statusCode();
    if (status != 200) {
      RegistryClient.discard(response);
      throw new SourceUnavailableException(
          operation + ": " + (status == 404 ? "not found" : "registry answered HTTP " + status));
    }
    OptionalLong length = response.headers().firstValueAsLong("Content-Length");
    if (length.isPresent() && length.getAsLong() != descriptor.size()) {
      RegistryClient.discard(response);
      throw new VerificationException(
          operation
              + ": registry announces "
              + length.getAsLong()
              + " bytes, the descriptor "
              + descriptor.size());
    }
    // Hash over exactly what the caller reads, across resumed connections.
    return new VerifyingInputStream(
        new ResumingBlobStream(client, uri, descriptor.size(), operation, response.body()),
        digest,
        descriptor.size(),
        "pulling blob of " + describe(),
        null);
  }

  @Override
  public List<Referrer> referrers(Digest subject) throws KonfluxNativeException {
    return referrers(subject, null);
  }

  /**
   * Lists referrers of a subject, optionally only those of one artifact type. The filter is passed
   * to the referrers API and applied again here, because registries may ignore it and the tag
   * schema and cosign tags have none.
   *
   * @param subject the subject digest
   * @param artifactType the artifact type to keep, or null for all
   * @return the referrers, de-duplicated by manifest digest, in discovery order
   * @throws KonfluxNativeException if a place answers with something other than content or 404
   */
  @Override
  public List<Referrer> referrers(Digest subject, @Nullable String artifactType)
      throws KonfluxNativeException {
    Map<Digest, Referrer> found = new LinkedHashMap<>();
    fromReferrersApi(subject, artifactType, found);
    fromTagSchema(subject, artifactType, found);
    fromCosignTags(subject, artifactType, found);
    return List.copyOf(found.values());
  }

  private void fromReferrersApi(
      Digest subject, @Nullable String artifactType, Map<Digest, Referrer> found)
      throws KonfluxNativeException {
    String operation = "listing referrers of " + subject + " in " + describe();
    URI uri =
        client.uri(
            "/referrers/"
                + subject
                + (artifactType != null
                    ? "?artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8)
                    : ""));
    for (int page = 0; uri != null; page++) {
      if (page >= MAX_REFERRER_PAGES) {
        throw new InvalidInputException(operation + ": more than " + MAX_REFERRER_PAGES + " pages");
      }
      RegistryClient.Document answer =
          client.getDocument(
              uri, MediaTypes.OCI_INDEX, operation, SourceOptions.MAX_MANIFEST_BYTES);
      int status = answer.status();
      if (status == 404) {
        // No referrers API (docker-registry 2.8 answers a plain-text 404), or an unknown subject.
        return;
      }
      if (status != 200) {
        throw new SourceUnavailableException(operation + ": registry answered HTTP " + status);
      }
      byte[] bytes = answer.body();
      Digest digest = Digest.sha256Of(bytes);
      ManifestOrIndex parsed = ManifestParser.parse(bytes, digest, MediaTypes.OCI_INDEX, operation);
      if (!(parsed instanceof Index index)) {
        throw new InvalidInputException(operation + ": the answer is not an image index");
      }
      for (Descriptor d : index.manifests()) {
        add(subject, artifactType, d, Referrer.Discovery.REFERRERS_API, found);
      }
      uri =
          LinkHeader.next(answer.response().headers().firstValue("Link").orElse(null), uri)
              .orElse(null);
    }
  }

  private void fromTagSchema(
      Digest subject, @Nullable String artifactType, Map<Digest, Referrer> found)
      throws KonfluxNativeException {
    String tag = subject.asTagPrefix();
    String operation = "reading referrers tag " + tag + " of " + describe();
    Fetched fetched =
        fetchManifestBytes(tag, MANIFEST_ACCEPT, operation, null, OptionalLong.empty());
    if (fetched == null) {
      return;
    }
    ManifestOrIndex parsed =
        ManifestParser.parse(fetched.bytes(), fetched.digest(), fetched.mediaType(), operation);
    if (!(parsed instanceof Index index)) {
      throw new InvalidInputException(operation + ": the tag does not hold an image index");
    }
    for (Descriptor d : index.manifests()) {
      add(subject, artifactType, d, Referrer.Discovery.TAG_SCHEMA, found);
    }
  }

  private void fromCosignTags(
      Digest subject, @Nullable String artifactType, Map<Digest, Referrer> found)
      throws KonfluxNativeException {
    for (String suffix : COSIGN_SUFFIXES) {
      String tag = subject.asTagPrefix() + "." + suffix;
      String operation = "reading cosign tag " + tag + " of " + describe();
      Fetched fetched =
          fetchManifestBytes(tag, MANIFEST_ACCEPT, operation, null, OptionalLong.empty());
      if (fetched == null || found.containsKey(fetched.digest())) {
        continue;
      }
      Manifest manifest =
          ManifestParser.parseManifest(
              fetched.bytes(), fetched.digest(), fetched.mediaType(), operation);
      if (artifactType != null && !artifactType.equals(manifest.effectiveArtifactType())) {
        continue;
      }
      Referrer.Kind kind =
          switch (suffix) {
            case "sig" -> Referrer.Kind.COSIGN_SIGNATURE;
            case "att" -> Referrer.Kind.COSIGN_ATTESTATION;
            default -> Referrer.Kind.COSIGN_SBOM;
          };
      found.put(
          manifest.digest(), new Referrer(kind, Referrer.Discovery.COSIGN_TAG, subject, manifest));
    }
  }

  private void add(
      Digest subject,
      @Nullable String artifactType,
      Descriptor d,
      Referrer.Discovery discovery,
      Map<Digest, Referrer> found)
      throws KonfluxNativeException {
    if (found.containsKey(d.digest())) {
      return;
    }
    if (artifactType != null
        && d.artifactType() != null
        && !artifactType.equals(d.artifactType())) {
      return;
    }
    if (MediaTypes.isIndex(d.mediaType())) {
      // A referrer may be an index; the model carries manifests only.
      LOG.debug("skipping index referrer {} of {} in {}", d.digest(), subject, describe());
      return;
    }
    Manifest manifest = fetchManifest(d);
    Optional<Descriptor> actualSubject = manifest.subjectDescriptor();
    if (actualSubject.isEmpty() || !actualSubject.get().digest().equals(subject)) {
      // Listed as a referrer but not pointing at the subject: never report it as one.
      LOG.warn(
          "{} listed {} as a referrer of {}, but its subject is {}; ignoring it",
          describe(),
          d.digest(),
          subject,
          actualSubject.map(s -> s.digest().toString()).orElse("absent"));
      return;
    }
    if (artifactType != null && !artifactType.equals(manifest.effectiveArtifactType())) {
      return;
    }
    found.put(
        manifest.digest(), new Referrer(Referrer.classify(manifest), discovery, subject, manifest));
  }

  /**
   * Fetches manifest bytes and checks them: against {@code expected} when given, and against the
   * registry's {@code Docker-Content-Digest} when it sends one.
   *
   * @return the checked bytes, or null if the registry answered 404
   */
  private @Nullable Fetched fetchManifestBytes(
      String reference,
      String accept,
      String operation,
      @Nullable Digest expected,
      OptionalLong expectedSize)
      throws KonfluxNativeException {
    RegistryClient.Document document =
        client.getDocument(
            client.uri("/manifests/" + reference),
            accept,
            operation,
            SourceOptions.MAX_MANIFEST_BYTES);
    HttpResponse<InputStream> response = document.response();
    int status = document.status();
    if (status == 404) {
      return null;
    }
    if (status != 200) {
      throw new SourceUnavailableException(operation + ": registry answered HTTP " + status);
    }
    byte[] bytes = document.body();
    String algorithm = expected != null ? expected.algorithm() : Digest.SHA256;
    Digest actual = Digest.of(algorithm, bytes);
    if (expected != null && !expected.equals(actual)) {
      throw new VerificationException(
          operation + ": content has digest " + actual + ", expected " + expected);
    }
    if (expectedSize.isPresent() && expectedSize.getAsLong() != bytes.length) {
      throw new VerificationException(
          operation
              + ": manifest has "
              + bytes.length
              + " bytes, the descriptor says "
              + expectedSize.getAsLong());
    }
    Optional<String> claimed = response.headers().firstValue("Docker-Content-Digest");
    if (claimed.isPresent()) {
      Digest registryDigest;
      try {
        registryDigest = Digest.parse(claimed.get().trim());
      } catch (InvalidInputException e) {
        throw new InvalidInputException(
            operation + ": registry sent a malformed Docker-Content-Digest");
      }
      Digest comparable =
          registryDigest.algorithm().equals(algorithm)
              ? actual
              : Digest.of(registryDigest.algorithm(), bytes);
      if (!comparable.equals(registryDigest)) {
        throw new VerificationException(
            operation
                + ": content has digest "
                + comparable
                + ", the registry says "
                + registryDigest);
      }
    }
    return new Fetched(bytes, actual, RegistryClient.contentType(response));
  }

  @Override
  public String describe() {
    return registry + "/" + repository;
  }

  @Override
  public void close() {
    client.close();
  }

  private record Fetched(byte[] bytes, Digest digest, @Nullable String mediaType) {}
}
