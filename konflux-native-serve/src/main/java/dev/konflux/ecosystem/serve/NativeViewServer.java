package dev.konflux.ecosystem.serve;

import com.sun.net.httpserver.HttpServer;
import dev.konflux.ecosystem.api.ReleasePlan;
import dev.konflux.ecosystem.serve.internal.Html;
import dev.konflux.ecosystem.serve.internal.ViewCache;
import dev.konflux.ecosystem.serve.internal.ViewHandler;
import dev.konflux.ecosystem.spi.OpenPgpArmor;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a kept {@link ReleasePlan} (made by {@code Translator.plan}, so already through the
 * verification gate) as live ecosystem repositories: every ecosystem of the plan under {@code
 * /<ecosystem>/} at its planned paths ({@code /rpm/x86_64/} is a yum repository), the public
 * signing key under {@code /keys/}, and an index page at {@code /} with the client lines to use it.
 *
 * <p>Nothing is written ahead: a file is produced on its first request through the plan's
 * single-file write (reading only its own layer), checked, and kept in a cache directory; an
 * ecosystem's index files (repodata) are produced on the first request for a path of that ecosystem
 * that is not a planned file, after every file they cover. GET and HEAD, conditional requests
 * ({@code ETag} is the file's SHA-256) and single byte ranges are answered.
 *
 * <p>The HTTP server is the JDK's {@code com.sun.net.httpserver}: it is in every JDK 17, adds no
 * dependency to an embedding application, and a test-environment server streaming files from disk
 * needs nothing it lacks (no TLS termination, no HTTP/2). Requests run on a fixed pool of threads,
 * so memory stays bounded by the pool size times one 64 KiB buffer.
 *
 * <pre>{@code
 * ReleasePlan plan = translator.plan(TranslateRequest.of(snapshot));
 * try (NativeViewServer server = NativeViewServer.builder().plan(plan).publicKey(key).port(8080).start()) {
 *   System.out.println(server.uri());
 *   ...
 * }
 * }</pre>
 */
public final class NativeViewServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NativeViewServer.class);

  private final HttpServer http;
  private final ExecutorService executor;
  private final Path cacheDirectory;
  private final boolean ownsCacheDirectory;
  private final @Nullable OpenPgpSigner publicKey;
  private final URI uri;
  private volatile ViewCache view;

  private NativeViewServer(Builder b) throws IOException {
    ReleasePlan plan = Objects.requireNonNull(b.plan, "NativeViewServer.Builder needs a plan");
    OpenPgpSigner key = b.publicKey;
    this.publicKey = key;
    Path givenCache = b.cacheDirectory;
    this.ownsCacheDirectory = givenCache == null;
    this.cacheDirectory =
        givenCache != null
            ? Files.createDirectories(givenCache)
            : Files.createTempDirectory("konflux-native-serve");
    this.view = new ViewCache(plan, cacheDirectory, !ownsCacheDirectory);
    Map<String, String> keys = new LinkedHashMap<>();
    if (key != null) {
      keys.put(
          key.fingerprint().toUpperCase(Locale.ROOT) + ".asc",
          OpenPgpArmor.armorPublicKey(key.publicKey()));
      keys.put("signing-key.asc", OpenPgpArmor.armorPublicKey(key.publicKey()));
    }
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            b.threads,
            r -> {
              Thread t = new Thread(r, "konflux-native-serve-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    InetAddress address = InetAddress.getByName(b.bindAddress);
    this.http = HttpServer.create(new InetSocketAddress(address, b.port), 128);
    http.createContext("/", new ViewHandler(() -> view, keys, this::indexPage));
    http.setExecutor(executor);
    http.start();
    String host =
        address.getHostAddress().contains(":")
            ? "[" + address.getHostAddress() + "]"
            : address.getHostAddress();
    this.uri = URI.create("http://" + host + ":" + http.getAddress().getPort() + "/");
    LOG.info("serving {} planned files at {}", view.planned().size(), uri);
  }

  /**
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the base URI, {@code http://host:port/}
   */
  public URI uri() {
    return uri;
  }

  /**
   * @return the port listened on (the chosen one when the builder asked for port 0)
   */
  public int port() {
    return http.getAddress().getPort();
  }

  /**
   * @return the ecosystems served, each under {@code /<ecosystem>/}
   */
  public List<String> ecosystems() {
    return view.ecosystems();
  }

  /**
   * @return the URLs of the public signing key (empty without a key)
   */
  public List<URI> keyUrls() {
    OpenPgpSigner key = publicKey;
    if (key == null) {
      return List.of();
    }
    return List.of(uri.resolve("keys/" + key.fingerprint().toUpperCase(Locale.ROOT) + ".asc"));
  }

  /**
   * @return the yum repositories served ({@code rpm/x86_64/}, …) as URLs
   */
  public List<URI> rpmRepositories() {
    TreeSet<String> repos = new TreeSet<>();
    for (ReleasePlan.Entry e : view.planned().values()) {
      if (e.ecosystem().equals("rpm") && e.file().path().contains("/")) {
        repos.add(e.file().path().substring(0, e.file().path().indexOf('/')));
      }
    }
    return repos.stream().map(r -> uri.resolve("rpm/" + r + "/")).toList();
  }

  /**
   * @return command lines a client uses to install from this server, one per served repository (dnf
   *     for {@code rpm}, pip for {@code pypi}, mvn for {@code maven}; a generic URL line for an
   *     ecosystem this server has no hint for)
   */
  public List<String> clientLines() {
    List<String> lines = new ArrayList<>();
    String key = keyUrls().isEmpty() ? null : keyUrls().get(0).toString();
    for (URI repo : rpmRepositories()) {
      String arch = repo.getPath().replaceAll("^/rpm/|/$", "");
      String id = "konflux-" + arch.replaceAll("[^A-Za-z0-9_-]", "_");
      StringBuilder line =
          new StringBuilder("dnf --repofrompath=").append(id).append(',').append(repo);
      if (key != null) {
        line.append(" --setopt=")
            .append(id)
            .append(".gpgcheck=1 --setopt=")
            .append(id)
            .append(".repo_gpgcheck=1 --setopt=")
            .append(id)
            .append(".gpgkey=")
            .append(key);
      }
      line.append(" --repo=").append(id).append(" install PACKAGE");
      lines.add(line.toString());
    }
    for (String eco : ecosystems()) {
      if (eco.equals("pypi")) {
        lines.add("pip install --index-url " + uri.resolve("pypi/simple/") + " PACKAGE");
      } else if (eco.equals("maven")) {
        lines.add(
            "mvn -C dependency:get -DremoteRepositories=konflux::default::"
                + uri.resolve("maven/")
                + " -Dartifact=GROUP:ARTIFACT:VERSION (or a <repository> with that URL)");
      } else if (!eco.equals("rpm")) {
        lines.add(eco + ": " + uri.resolve(eco + "/"));
      }
    }
    return lines;
  }

  /**
   * @return the HTML of the index page at {@code /}
   */
  public String indexPage() {
    StringBuilder html =
        new StringBuilder(
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>konflux-native view"
                    + "</title></head><body>\n<h1>konflux-native pre-release view</h1>\n<p>Input fingerprint ")
            .append(Html.escape(view.plan().inputFingerprint()))
            .append(", ")
            .append(view.planned().size())
            .append(" planned files, produced on request.</p>\n<h2>Repositories</h2><ul>\n");
    for (String eco : ecosystems()) {
      html.append("<li><a href=\"")
          .append(Html.escape(eco))
          .append("/\">/")
          .append(Html.escape(eco))
          .append("/</a></li>\n");
    }
    for (URI repo : rpmRepositories()) {
      html.append("<li><a href=\"")
          .append(Html.escape(repo.getPath()))
          .append("\">")
          .append(Html.escape(repo.toString()))
          .append("</a> (yum)</li>\n");
    }
    html.append("</ul>\n<h2>Keys</h2><ul>\n");
    for (URI k : keyUrls()) {
      html.append("<li><a href=\"")
          .append(Html.escape(k.getPath()))
          .append("\">")
          .append(Html.escape(k.toString()))
          .append("</a></li>\n");
    }
    html.append("</ul>\n<h2>Clients</h2><pre>\n");
    for (String line : clientLines()) {
      html.append(Html.escape(line)).append('\n');
    }
    return html.append("</pre></body></html>\n").toString();
  }

  /**
   * Serves another plan (a new Snapshot, verified by the caller's {@code Translator.plan}) from now
   * on; the previous plan and its cache are closed once the switch is made. Requests already
   * streaming a file of the old view finish (the open file outlives its deletion).
   *
   * @param plan the new plan; owned by the server from now on
   * @throws IOException if its cache directory cannot be made
   */
  public synchronized void replace(ReleasePlan plan) throws IOException {
    // A given cache directory is shared by every view (each under its input fingerprint) and
    // kept; a temporary one gets a fresh directory per view, deleted with it.
    ViewCache next =
        ownsCacheDirectory
            ? new ViewCache(plan, cacheDirectory.resolve("v" + System.nanoTime()), false)
            : new ViewCache(plan, cacheDirectory, true);
    ViewCache old = view;
    view = next;
    closeView(old);
    LOG.info("now serving input fingerprint {}", plan.inputFingerprint());
  }

  /** Stops the server, closes the plan and deletes produced files. */
  @Override
  public synchronized void close() {
    http.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeView(view);
    if (ownsCacheDirectory) {
      // The temporary cache is ours alone: remove it with whatever a view left in it, so that a
      // server without --cache-dir leaves nothing behind in the temporary directory.
      try (java.util.stream.Stream<Path> paths = Files.walk(cacheDirectory)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        LOG.warn("cannot delete the cache directory {}: {}", cacheDirectory, e.toString());
      }
    }
  }

  private static void closeView(ViewCache v) {
    try {
      v.plan().close();
    } finally {
      try {
        v.close();
      } catch (RuntimeException e) {
        LOG.warn("cannot delete a served view's cache: {}", e.toString());
      }
    }
  }

  /** Configures a {@link NativeViewServer}. */
  public static final class Builder {
    private @Nullable ReleasePlan plan;
    private @Nullable OpenPgpSigner publicKey;
    private String bindAddress = "127.0.0.1";
    private int port;
    private @Nullable Path cacheDirectory;
    private int threads = 32;

    private Builder() {}

    /**
     * @param plan the plan to serve (from {@code Translator.plan}); the server closes it
     * @return this
     */
    public Builder plan(ReleasePlan plan) {
      this.plan = Objects.requireNonNull(plan, "plan");
      return this;
    }

    /**
     * @param key the key the plan signs with, whose public part is served under {@code /keys/}
     * @return this
     */
    public Builder publicKey(OpenPgpSigner key) {
      this.publicKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * @param address the address to listen on (default {@code 127.0.0.1}: a pre-release view is not
     *     for the network unless asked)
     * @return this
     */
    public Builder bindAddress(String address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * @param port the port; 0 (the default) picks a free one
     * @return this
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * @param directory where produced files are kept, under each plan's input fingerprint, and kept
     *     after close: a later server over the same inputs (same Snapshot, options, signing key and
     *     release time) reuses them, each checked against its recorded SHA-256 first (a file that
     *     fails is discarded and produced again). Default: a new temporary directory, deleted on
     *     close.
     * @return this
     */
    public Builder cacheDirectory(Path directory) {
      this.cacheDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * @param threads request threads (default 32); bounds concurrency and memory
     * @return this
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Binds and starts serving.
     *
     * @return the running server
     * @throws IOException if the address cannot be bound or the cache directory made
     */
    public NativeViewServer start() throws IOException {
      return new NativeViewServer(this);
    }
  }
}
