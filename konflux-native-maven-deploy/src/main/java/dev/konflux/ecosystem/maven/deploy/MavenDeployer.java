package dev.konflux.ecosystem.maven.deploy;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.maven.deploy.internal.DeployFailures;
import dev.konflux.ecosystem.maven.deploy.internal.LocalDigests;
import dev.konflux.ecosystem.maven.deploy.internal.LocalRepository;
import dev.konflux.ecosystem.maven.deploy.internal.ResolverDeployment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys a Maven repository directory (the Maven target's {@code OUT/maven}) to a remote Maven
 * repository (Nexus, Artifactory, Reposilite, a WebDAV server) by HTTP PUT, with maven-resolver's
 * deployer, the one {@code mvn deploy} uses.
 *
 * <ul>
 *   <li>Artifact files first (each with {@code .md5 .sha1 .sha256 .sha512}, made by maven-resolver
 *       from the bytes it sends; {@code .asc} and {@code .sigstore.json} files are artifacts
 *       without checksums), {@code maven-metadata.xml} last: the artifact-level one merged with the
 *       server's, as {@code mvn deploy} does; a snapshot version's own as it is.
 *   <li>Idempotent: before uploading, the server's {@code .sha512} (else {@code .sha1}, else the
 *       file itself) of every artifact is compared with the local file; what the server already
 *       holds is not sent, and when it holds everything nothing is sent at all (no metadata
 *       either), so a second deploy changes nothing.
 *   <li>Local checksum files are checked first: a file whose {@code .sha1} (or other) disagrees
 *       with its bytes is never uploaded ({@link InvalidInputException}).
 *   <li>429 and 5xx answers and broken connections are retried with back-off; refused connections
 *       too (the whole deploy again, which sends only what is still missing).
 *   <li>401, 403, 409 and other 4xx answers fail at once with {@link DeployRejectedException}
 *       naming the file, its URL and the status.
 * </ul>
 *
 * <p>Instances are immutable and may deploy many directories, one after another or at once.
 */
public final class MavenDeployer {
  private static final Logger LOG = LoggerFactory.getLogger(MavenDeployer.class);

  private final URI repositoryUrl;
  private final String repositoryId;
  private final @Nullable String username;
  private final @Nullable Secret password;
  private final int retries;
  private final Duration retryInterval;

  private MavenDeployer(Builder b) {
    this.repositoryUrl = b.repositoryUrl;
    this.repositoryId = b.repositoryId;
    this.username = b.username;
    this.password = b.password;
    this.retries = b.retries;
    this.retryInterval = b.retryInterval;
  }

  /**
   * @param repositoryUrl the remote repository's base URL ({@code http} or {@code https}), e.g.
   *     {@code https://nexus.example.com/repository/releases/}
   * @return a builder
   */
  public static Builder builder(URI repositoryUrl) {
    return new Builder(repositoryUrl);
  }

  /**
   * @return the remote repository's base URL
   */
  public URI repositoryUrl() {
    return repositoryUrl;
  }

  /**
   * Deploys every artifact of a repository directory that the server does not already hold.
   *
   * @param repositoryRoot the local repository root ({@code OUT/maven})
   * @return what was uploaded and what the server already held
   * @throws InvalidInputException when the directory is not a Maven repository, holds links or
   *     files outside the layout, or a checksum file disagrees with its file; nothing is sent then
   * @throws MavenDeployException when the server cannot be reached, keeps failing, or refuses a
   *     file ({@link DeployRejectedException})
   */
  public DeployResult deploy(Path repositoryRoot)
      throws InvalidInputException, MavenDeployException {
    LocalRepository local = LocalRepository.read(repositoryRoot);
    List<LocalDigests> digests = new ArrayList<>();
    for (LocalRepository.ArtifactFile a : local.artifacts()) {
      digests.add(LocalDigests.of(a.file(), a.path()));
    }
    List<LocalDigests> metadataDigests = new ArrayList<>();
    for (LocalRepository.SnapshotMetadataFile m : local.snapshotMetadata()) {
      metadataDigests.add(LocalDigests.of(m.file(), m.path()));
    }
    for (int attempt = 0; ; attempt++) {
      try {
        return attempt(local, digests, metadataDigests);
      } catch (MavenDeployException e) {
        if (!DeployFailures.isConnectionFailure(e) || attempt >= retries) {
          throw e;
        }
        long wait = retryInterval.toMillis() << Math.min(attempt, 8);
        LOG.warn(
            "{} did not answer ({}); deploying again in {} ms (retry {} of {})",
            repositoryUrl,
            e.getMessage(),
            wait,
            attempt + 1,
            retries);
        sleep(wait);
      }
    }
  }

  private DeployResult attempt(
      LocalRepository local, List<LocalDigests> digests, List<LocalDigests> metadataDigests)
      throws MavenDeployException {
    Path tmp;
    try {
      tmp = Files.createTempDirectory("konflux-native-deploy-");
    } catch (IOException e) {
      throw new MavenDeployException(
          "cannot create a temporary directory for the deploy: " + e, null, null, -1, e);
    }
    char @Nullable [] secret = password == null ? null : password.reveal();
    try (ResolverDeployment d =
        new ResolverDeployment(
            repositoryUrl, repositoryId, username, secret, retries, retryInterval, tmp)) {
      List<LocalRepository.ArtifactFile> upload = new ArrayList<>();
      List<String> unchanged = new ArrayList<>();
      Set<String> changedVersions = new LinkedHashSet<>();
      for (int i = 0; i < local.artifacts().size(); i++) {
        LocalRepository.ArtifactFile a = local.artifacts().get(i);
        if (same(d, a.path(), digests.get(i))) {
          unchanged.add(a.path());
        } else {
          upload.add(a);
          changedVersions.add(parent(a.path()));
        }
      }
      List<LocalRepository.SnapshotMetadataFile> metadata = new ArrayList<>();
      for (int i = 0; i < local.snapshotMetadata().size(); i++) {
        LocalRepository.SnapshotMetadataFile m = local.snapshotMetadata().get(i);
        if (changedVersions.contains(parent(m.path()))
            || !same(d, m.path(), metadataDigests.get(i))) {
          metadata.add(m);
        }
      }
      if (upload.isEmpty() && metadata.isEmpty()) {
        LOG.info("{} already holds all {} files; nothing sent", repositoryUrl, unchanged.size());
        return new DeployResult(repositoryUrl, List.of(), List.of(), unchanged);
      }
      LOG.info(
          "deploying {} files to {} ({} already there)",
          upload.size(),
          repositoryUrl,
          unchanged.size());
      List<String> uploadedMetadata;
      try {
        uploadedMetadata = d.deploy(upload, metadata);
      } catch (Exception e) {
        throw DeployFailures.translate(e, null, repositoryUrl, local.root());
      }
      return new DeployResult(
          repositoryUrl,
          upload.stream().map(LocalRepository.ArtifactFile::path).toList(),
          uploadedMetadata,
          unchanged);
    } catch (MavenDeployException e) {
      throw e;
    } catch (Exception e) {
      throw DeployFailures.translate(e, null, repositoryUrl, local.root());
    } finally {
      if (secret != null) {
        java.util.Arrays.fill(secret, '\0');
      }
      deleteTree(tmp);
    }
  }

  private boolean same(ResolverDeployment d, String path, LocalDigests digests)
      throws MavenDeployException {
    try {
      return d.sameOnServer(path, digests);
    } catch (Exception e) {
      throw DeployFailures.translate(e, path, repositoryUrl, null);
    }
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static void sleep(long millis) throws MavenDeployException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MavenDeployException("deploy interrupted", null, null, -1, e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.debug("cannot delete temporary directory {}: {}", root, e.toString());
    }
  }

  /** Configures a {@link MavenDeployer}. */
  public static final class Builder {
    private final URI repositoryUrl;
    private String repositoryId = "konflux-native-deploy";
    private @Nullable String username;
    private @Nullable Secret password;
    private int retries = 3;
    private Duration retryInterval = Duration.ofSeconds(2);

    private Builder(URI repositoryUrl) {
      Objects.requireNonNull(repositoryUrl, "repositoryUrl");
      String scheme = String.valueOf(repositoryUrl.getScheme()).toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException(
            "repository URL " + repositoryUrl + " is not http:// or https://");
      }
      String s = repositoryUrl.toString();
      this.repositoryUrl = URI.create(s.endsWith("/") ? s : s + "/");
    }

    /**
     * @param id the repository id maven-resolver names it by in its messages (default {@code
     *     konflux-native-deploy})
     * @return this builder
     */
    public Builder repositoryId(String id) {
      this.repositoryId = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Basic authentication, sent with every PUT (and with reads when the server asks).
     *
     * @param user the user name
     * @param secret the password or token; never logged
     * @return this builder
     */
    public Builder credentials(String user, Secret secret) {
      this.username = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /**
     * @param count how often a 429/5xx answer or a connection failure is retried (default 3)
     * @return this builder
     */
    public Builder retries(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("retries must be >= 0");
      }
      this.retries = count;
      return this;
    }

    /**
     * @param interval the first wait before a retry, doubled for each further one (default 2 s)
     * @return this builder
     */
    public Builder retryInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("retry interval must not be negative");
      }
      this.retryInterval = interval;
      return this;
    }

    /**
     * @return the deployer
     */
    public MavenDeployer build() {
      return new MavenDeployer(this);
    }
  }
}
