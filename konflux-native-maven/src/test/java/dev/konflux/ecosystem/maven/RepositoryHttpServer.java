package dev.konflux.ecosystem.maven;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback HTTP server for the acceptance tests: {@code /repo/…} serves a produced Maven
 * repository as is; paths whose artifact the produced repository does not hold (Maven's own
 * plugins) are served from the local Maven repository with checksums computed here, so Maven runs
 * with strict checksums and no network. {@code /pks/lookup} is a static HKP key server answering
 * every lookup with one armored public key.
 */
final class RepositoryHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final Path repository;
  private final Path fallback;
  private final String publicKey;
  private final Set<String> servedFromRepository = ConcurrentHashMap.newKeySet();

  RepositoryHttpServer(Path repository, Path fallback, String publicKeyArmored) throws IOException {
    this.repository = repository;
    this.fallback = fallback;
    this.publicKey = publicKeyArmored;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/repo/", this::repo);
    server.createContext("/pks/lookup", this::hkp);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/repo";
  }

  String keyServer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  Set<String> servedFromRepository() {
    return servedFromRepository;
  }

  private void repo(HttpExchange ex) throws IOException {
    try (ex) {
      String path =
          URLDecoder.decode(
              ex.getRequestURI().getRawPath().substring("/repo/".length()), StandardCharsets.UTF_8);
      if (path.contains("..") || path.startsWith("/")) {
        send(ex, 400, new byte[0]);
        return;
      }
      Path own = repository.resolve(path);
      if (Files.isRegularFile(own)) {
        servedFromRepository.add(path);
        send(ex, 200, Files.readAllBytes(own));
        return;
      }
      if (ownsArtifact(path)) {
        send(ex, 404, new byte[0]);
        return;
      }
      byte[] body = fromFallback(path);
      send(ex, body == null ? 404 : 200, body == null ? new byte[0] : body);
    }
  }

  /**
   * Whether the path belongs to the produced repository: a file of one of its version directories,
   * or the metadata of one of its artifacts. Never served from elsewhere.
   */
  private boolean ownsArtifact(String path) {
    Path parent = repository.resolve(path).getParent();
    return parent != null
        && !parent.equals(repository)
        && Files.isDirectory(parent)
        && (parent.getNameCount() - repository.getNameCount() >= 3
            || path.contains("maven-metadata"));
  }

  private byte[] fromFallback(String path) throws IOException {
    for (String[] k : new String[][] {{".sha1", "SHA-1"}, {".md5", "MD5"}}) {
      if (path.endsWith(k[0])) {
        byte[] content = fromFallback(path.substring(0, path.length() - k[0].length()));
        if (content == null) {
          return null;
        }
        try {
          return HexFormat.of()
              .formatHex(MessageDigest.getInstance(k[1]).digest(content))
              .getBytes(StandardCharsets.US_ASCII);
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IOException(e);
        }
      }
    }
    Path f = fallback.resolve(path);
    if (!Files.isRegularFile(f) && path.endsWith("/maven-metadata.xml")) {
      f = f.resolveSibling("maven-metadata-central.xml");
    }
    return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
  }

  private void hkp(HttpExchange ex) throws IOException {
    try (ex) {
      String query = String.valueOf(ex.getRequestURI().getQuery());
      if (!query.contains("op=get")) {
        send(ex, 501, new byte[0]);
        return;
      }
      ex.getResponseHeaders().set("Content-Type", "application/pgp-keys");
      send(ex, 200, publicKey.getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
