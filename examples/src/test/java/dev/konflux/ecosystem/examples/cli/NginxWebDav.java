package dev.konflux.ecosystem.examples.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx (package {@code nginx-light}, installed by {@code scripts/test-all}) on 127.0.0.1
 * as a WebDAV Maven repository: GET and HEAD for everyone, PUT (with {@code create_full_put_path})
 * only with basic authentication. Started by the test, stopped by its pid. A missing nginx fails
 * the test.
 */
final class NginxWebDav implements AutoCloseable {
  static final String USER = "deployer";
  static final String PASSWORD = "s3cret-deploy";

  private final Path prefix;
  private final Process process;
  private final int port;

  NginxWebDav(Path prefix) throws IOException, InterruptedException {
    this.prefix = prefix;
    Files.createDirectories(prefix.resolve("repo"));
    Files.createDirectories(prefix.resolve("tmp"));
    this.port = freePort();
    // {PLAIN}: nginx's own scheme for a clear-text password in the user file (test only).
    Files.writeString(
        prefix.resolve("htpasswd"), USER + ":{PLAIN}" + PASSWORD + "\n", StandardCharsets.UTF_8);
    boolean root = "root".equals(System.getProperty("user.name"));
    String conf =
        """
        %s
        worker_processes 1;
        pid %s/nginx.pid;
        error_log %s/error.log warn;
        events { worker_connections 64; }
        http {
          access_log %s/access.log;
          client_body_temp_path %s/tmp/body;
          proxy_temp_path %s/tmp/proxy;
          server {
            listen 127.0.0.1:%d;
            root %s/repo;
            location / {
              dav_methods PUT;
              create_full_put_path on;
              dav_access user:rw group:r all:r;
              client_max_body_size 0;
              limit_except GET HEAD {
                auth_basic "deploy";
                auth_basic_user_file %s/htpasswd;
              }
            }
          }
        }
        """
            .formatted(
                root ? "user root;" : "",
                prefix,
                prefix,
                prefix,
                prefix,
                prefix,
                port,
                prefix,
                prefix);
    Path confFile = Files.writeString(prefix.resolve("nginx.conf"), conf, StandardCharsets.UTF_8);
    this.process =
        new ProcessBuilder(
                nginx(), "-p", prefix.toString(), "-c", confFile.toString(), "-g", "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("nginx.out").toFile())
            .start();
    for (int i = 0; i < 200; i++) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "nginx exited at start: " + Files.readString(prefix.resolve("nginx.out")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
    close();
    throw new IllegalStateException("nginx did not listen on 127.0.0.1:" + port);
  }

  private static String nginx() {
    for (String p : List.of("/usr/sbin/nginx", "/usr/bin/nginx")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "nginx is not installed (apt-get install nginx-light; scripts/test-all installs it)");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  Path repository() {
    return prefix.resolve("repo");
  }

  /** Every request line of the access log, e.g. {@code "PUT /a/b.jar HTTP/1.1" 201}. */
  List<String> accessLog() throws IOException {
    Path log = prefix.resolve("access.log");
    return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
  }

  long count(String method, int status) throws IOException {
    return accessLog().stream()
        .filter(l -> l.contains("\"" + method + " ") && l.contains("\" " + status + " "))
        .count();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
