package dev.konflux.ecosystem.maven.deploy.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.deployment.DeployRequest;
import org.eclipse.aether.deployment.DeployResult;
import org.eclipse.aether.deployment.DeploymentException;
import org.eclipse.aether.impl.MetadataGeneratorFactory;
import org.eclipse.aether.metadata.DefaultMetadata;
import org.eclipse.aether.metadata.Metadata;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.spi.connector.transport.GetTask;
import org.eclipse.aether.spi.connector.transport.PeekTask;
import org.eclipse.aether.spi.connector.transport.Transporter;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.transfer.NoTransporterException;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.jspecify.annotations.Nullable;

/**
 * One deploy through maven-resolver: its {@link RepositorySystem} (from {@code
 * maven-resolver-supplier-mvn3}, the components {@code mvn deploy} uses), a session with a
 * throw-away local repository, and the remote repository with its credentials.
 *
 * <p>What maven-resolver does: the HTTP PUTs (Apache HttpClient transport, preemptive basic
 * authentication for PUT), the {@code .md5 .sha1 .sha256 .sha512} of every artifact except {@code
 * .asc} and {@code .sigstore.json}, the upload order (artifacts, then metadata), the artifact-level
 * {@code maven-metadata.xml} merged with the server's (Maven's own versions metadata generator),
 * and retrying 429 and 5xx answers and broken connections.
 *
 * <p>What it cannot do, written here by hand: its deployer always uploads everything (there is no
 * "skip what the server already has" mode), so {@link #sameOnServer} asks the server for each
 * file's checksum first, with maven-resolver's own transporter (same authentication, same retries).
 * Maven's snapshot metadata generator gives every deployed snapshot a new timestamp and build
 * number, which would rename the files we signed and break idempotence, so it is left out and a
 * snapshot version's own {@code maven-metadata.xml} is uploaded as it is.
 */
public final class ResolverDeployment implements AutoCloseable {
  /** HTTP answers retried (with back-off) besides connection failures. */
  static final String RETRIED_STATUS = "429,500,502,503,504";

  private final RepositorySystemSupplier supplier;
  private final RepositorySystem system;
  private final CloseableSession session;
  private final RemoteRepository repository;
  private final Transporter transporter;

  /**
   * @param url the remote repository's base URL
   * @param id the repository id (names it in maven-resolver's configuration and messages)
   * @param username user name for basic authentication, or null for none
   * @param password password for basic authentication, or null for none
   * @param retries how often a 429/5xx answer or a broken connection is retried
   * @param retryInterval first wait before a retry (doubled each time)
   * @param localRepository an empty directory the session may use as its local repository
   * @throws NoTransporterException when no transport serves the URL's scheme
   */
  public ResolverDeployment(
      URI url,
      String id,
      @Nullable String username,
      char @Nullable [] password,
      int retries,
      Duration retryInterval,
      Path localRepository)
      throws NoTransporterException {
    this.supplier = new DeploySupplier();
    this.system = supplier.get();
    this.session =
        system
            .createSessionBuilder()
            .withLocalRepositoryBaseDirectories(localRepository)
            .setConfigProperty(ConfigurationProperties.USER_AGENT, "konflux-native")
            // Maven2RepositoryLayoutFactory.CONFIG_PROP_CHECKSUMS_ALGORITHMS (a class javac cannot
            // read without javax.inject): upload all four checksums, as the Maven target writes.
            .setConfigProperty("aether.checksums.checksumAlgorithms", "SHA-512,SHA-256,SHA-1,MD5")
            .setConfigProperty(ConfigurationProperties.HTTP_RETRY_HANDLER_COUNT, retries)
            .setConfigProperty(
                ConfigurationProperties.HTTP_RETRY_HANDLER_INTERVAL, retryInterval.toMillis())
            .setConfigProperty(
                ConfigurationProperties.HTTP_RETRY_HANDLER_INTERVAL_MAX,
                Math.max(
                    retryInterval.toMillis(), retryInterval.toMillis() << Math.min(retries, 8)))
            .setConfigProperty(
                ConfigurationProperties.HTTP_RETRY_HANDLER_SERVICE_UNAVAILABLE, RETRIED_STATUS)
            // PUT is idempotent: a request already sent may be sent again.
            .setConfigProperty("aether.transport.http.retryHandler.requestSentEnabled", true)
            .build();
    RemoteRepository.Builder repo = new RemoteRepository.Builder(id, "default", url.toString());
    if (username != null && password != null) {
      repo.setAuthentication(
          new AuthenticationBuilder()
              .addUsername(username)
              .addPassword(Arrays.copyOf(password, password.length))
              .build());
    }
    this.repository = repo.build();
    this.transporter = supplier.getTransporterProvider().newTransporter(session, repository);
  }

  /**
   * Whether the server already holds these bytes at this path: its {@code .sha512} (or, when it has
   * none, its {@code .sha1}) names the same digest; a file without either is downloaded and hashed.
   *
   * @param path the file's path relative to the repository root
   * @param local the local file's digests
   * @return true when the server's file is the same
   * @throws Exception a transport failure, as maven-resolver's transporter throws it
   */
  public boolean sameOnServer(String path, LocalDigests local) throws Exception {
    for (String ext : List.of("sha512", "sha1")) {
      String remote = getString(path + "." + ext);
      if (remote != null) {
        return LocalDigests.firstToken(remote).equals(local.hex(ext));
      }
    }
    try {
      transporter.peek(new PeekTask(URI.create(path)));
    } catch (Exception e) {
      if (transporter.classify(e) == Transporter.ERROR_NOT_FOUND) {
        return false;
      }
      throw e;
    }
    // On the server without checksums (put there by another tool): compare the bytes.
    Path tmp = java.nio.file.Files.createTempFile("konflux-native-deploy-", ".remote");
    try {
      transporter.get(new GetTask(URI.create(path)).setDataPath(tmp));
      return LocalDigests.of(tmp, path).hex("sha512").equals(local.hex("sha512"));
    } finally {
      java.nio.file.Files.deleteIfExists(tmp);
    }
  }

  private @Nullable String getString(String path) throws Exception {
    GetTask task = new GetTask(URI.create(path));
    try {
      transporter.get(task);
    } catch (Exception e) {
      if (transporter.classify(e) == Transporter.ERROR_NOT_FOUND) {
        return null;
      }
      throw e;
    }
    return task.getDataString();
  }

  /**
   * Deploys artifacts, then metadata, with maven-resolver's deployer.
   *
   * @param artifacts the artifact files to upload
   * @param snapshotMetadata snapshot versions' metadata to upload as it is
   * @return the paths of the metadata files uploaded
   * @throws DeploymentException as maven-resolver reports a failed upload
   */
  public List<String> deploy(
      List<LocalRepository.ArtifactFile> artifacts,
      List<LocalRepository.SnapshotMetadataFile> snapshotMetadata)
      throws DeploymentException {
    DeployRequest request = new DeployRequest().setRepository(repository);
    for (LocalRepository.ArtifactFile a : artifacts) {
      request.addArtifact(
          new DefaultArtifact(
                  a.groupId(), a.artifactId(), a.classifier(), a.extension(), a.version())
              .setPath(a.file()));
    }
    for (LocalRepository.SnapshotMetadataFile m : snapshotMetadata) {
      request.addMetadata(
          new DefaultMetadata(
              m.groupId(),
              m.artifactId(),
              m.baseVersion(),
              "maven-metadata.xml",
              Metadata.Nature.SNAPSHOT,
              m.file()));
    }
    DeployResult result = system.deploy(session, request);
    List<String> metadata = new ArrayList<>();
    for (Metadata m : result.getMetadata()) {
      metadata.add(path(m));
    }
    return metadata;
  }

  /** A metadata file's path in the Maven 2 layout. */
  static String path(Metadata m) {
    StringBuilder sb = new StringBuilder(m.getGroupId().replace('.', '/'));
    if (!m.getArtifactId().isEmpty()) {
      sb.append('/').append(m.getArtifactId());
      if (!m.getVersion().isEmpty()) {
        sb.append('/').append(m.getVersion());
      }
    }
    return sb.append('/').append(m.getType()).toString();
  }

  @Override
  public void close() {
    transporter.close();
    session.close();
    system.shutdown();
  }

  /** The {@code mvn deploy} components, less the snapshot re-timestamping (see the class doc). */
  private static final class DeploySupplier extends RepositorySystemSupplier {
    @Override
    protected Map<String, MetadataGeneratorFactory> createMetadataGeneratorFactories() {
      Map<String, MetadataGeneratorFactory> factories = super.createMetadataGeneratorFactories();
      factories.remove("snapshot"); // SnapshotMetadataGeneratorFactory.NAME
      return factories;
    }
  }
}
