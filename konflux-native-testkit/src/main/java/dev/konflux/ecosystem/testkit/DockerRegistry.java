package dev.konflux.ecosystem.testkit;

import dev.konflux.ecosystem.api.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real CNCF distribution registry (Debian's {@code /usr/bin/docker-registry}) on a free 127.0.0.1
 * port, with filesystem storage in its own directory and, optionally, htpasswd Basic auth. Start
 * with {@link #start(Path, String, String)}; {@link #close()} stops the process by pid. A missing
 * binary is an error, never a skip.
 */
public final class DockerRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DockerRegistry.class);

  /** The registry binary the Debian package installs. */
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");

  private static final Duration STARTUP = Duration.ofSeconds(30);

  private final Path workDir;
  private final Path storage;
  private final Path log;
  private final int port;
  private final @Nullable String username;
  private final @Nullable String password;
  private final Process process;

  private DockerRegistry(
      Path workDir,
      Path storage,
      Path log,
      int port,
      @Nullable String username,
      @Nullable String password,
      Process process) {
    this.workDir = workDir;
    this.storage = storage;
    this.log = log;
    this.port = port;
    this.username = username;
    this.password = password;
    this.process = process;
  }

  /**
   * Starts an anonymous registry.
   *
   * @param workDir an empty directory for config, storage and log
   * @return the running registry
   * @throws IOException if it cannot be started
   */
  public static DockerRegistry start(Path workDir) throws IOException {
    return start(workDir, null, null);
  }

  /**
   * Starts a registry, with htpasswd Basic auth if a user name is given.
   *
   * @param workDir a directory for config, storage and log
   * @param username the only user, or null for anonymous access
   * @param password that user's password, or null
   * @return the running registry, answering on {@code /v2/}
   * @throws IOException if the binary is missing or the registry does not come up
   */
  public static DockerRegistry start(
      Path workDir, @Nullable String username, @Nullable String password) throws IOException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY + " is missing: install the Debian package docker-registry");
    }
    Files.createDirectories(workDir);
    Path storage = Files.createDirectories(workDir.resolve("storage"));
    Path log = workDir.resolve("registry.log");
    int port = freePort();
    StringBuilder yaml =
        new StringBuilder()
            .append("version: 0.1\n")
            .append("log:\n  level: warn\n")
            .append("storage:\n  filesystem:\n    rootdirectory: ")
            .append(storage)
            .append('\n')
            .append("  delete:\n    enabled: true\n")
            .append("http:\n  addr: 127.0.0.1:")
            .append(port)
            .append('\n');
    if (username != null) {
      Path htpasswd = workDir.resolve("htpasswd");
      Files.writeString(htpasswd, htpasswd(username, String.valueOf(password)));
      yaml.append("auth:\n  htpasswd:\n    realm: konflux-testkit\n    path: ")
          .append(htpasswd)
          .append('\n');
    }
    Path config = workDir.resolve("config.yml");
    Files.writeString(config, yaml.toString());
    Process process =
        new ProcessBuilder(BINARY.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    DockerRegistry registry =
        new DockerRegistry(workDir, storage, log, port, username, password, process);
    try {
      registry.awaitReady();
    } catch (IOException | RuntimeException e) {
      registry.close();
      throw e;
    }
    LOG.info("docker-registry pid {} on 127.0.0.1:{}", process.pid(), port);
    return registry;
  }

  private static String htpasswd(String username, String password) throws IOException {
    Process p =
        new ProcessBuilder("htpasswd", "-Bbn", username, password)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("htpasswd -Bbn failed (is apache2-utils installed?): " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running htpasswd", e);
    }
    return out.strip() + "\n";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitReady() throws IOException {
    Instant deadline = Instant.now().plus(STARTUP);
    URI v2 = URI.create("http://" + hostAndPort() + "/v2/");
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException(
            "docker-registry exited with " + process.exitValue() + ": " + logTail());
      }
      try {
        HttpURLConnection c = (HttpURLConnection) v2.toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        int status = c.getResponseCode();
        c.disconnect();
        if (status == 200 || status == 401) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for docker-registry", e);
      }
    }
    throw new IOException(
        "docker-registry did not answer on " + v2 + " within " + STARTUP + ": " + logTail());
  }

  /**
   * @return the last lines of the registry's log, for failure messages
   */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * @return {@code 127.0.0.1:PORT}
   */
  public String hostAndPort() {
    return "127.0.0.1:" + port;
  }

  /**
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * @return the user name if Basic auth is on
   */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /**
   * @return the password if Basic auth is on
   */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /**
   * @return the filesystem storage root
   */
  public Path storageDir() {
    return storage;
  }

  /**
   * @return the working directory (config, htpasswd, log, storage)
   */
  public Path workDir() {
    return workDir;
  }

  /**
   * @param digest a blob digest
   * @return the file in which the registry keeps that blob's bytes (tamper with it to corrupt)
   */
  public Path blobFile(Digest digest) {
    return storage
        .resolve("docker/registry/v2/blobs")
        .resolve(digest.algorithm())
        .resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex())
        .resolve("data");
  }

  /**
   * @param repository a repository name
   * @return a store that pushes into that repository, with this registry's credentials
   */
  public RegistryArtifactStore store(String repository) {
    return new RegistryArtifactStore(hostAndPort(), repository, username, password);
  }

  /**
   * @return the registry process id
   */
  public long pid() {
    return process.pid();
  }

  /** Stops the registry by pid (TERM, then KILL after 10 s). */
  @Override
  public void close() {
    ProcessHandle handle = process.toHandle();
    handle.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        handle.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      handle.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Deletes a directory tree (for callers that made a temporary work directory).
   *
   * @param dir the directory
   */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
