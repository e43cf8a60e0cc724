package dev.konflux.ecosystem.maven.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small Maven repository over HTTP on loopback that keeps files in memory and can misbehave on
 * purpose: answer the first PUTs with a 5xx status, or refuse every PUT with a 4xx status. For the
 * failure paths a real server does not produce on demand; the happy path is tested against nginx.
 */
final class LoopbackRepository implements AutoCloseable {
  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger failNextPuts = new AtomicInteger();
  volatile int failStatus = 503;
  volatile int refusePutsWith = 0;
  private final HttpServer server;

  LoopbackRepository() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/repo/";
  }

  long count(String method) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.startsWith(method + " ")).count();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    requests.add(method + " " + path);
    try (ex) {
      if (!path.startsWith("/repo/")) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      String key = path.substring("/repo/".length());
      switch (method) {
        case "PUT" -> {
          byte[] body;
          try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
          }
          if (refusePutsWith != 0) {
            ex.sendResponseHeaders(refusePutsWith, -1);
          } else if (failNextPuts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ex.sendResponseHeaders(failStatus, -1);
          } else {
            files.put(key, body);
            ex.sendResponseHeaders(201, -1);
          }
        }
        case "GET", "HEAD" -> {
          byte[] body = files.get(key);
          if (body == null) {
            ex.sendResponseHeaders(404, -1);
          } else if (method.equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(200, -1);
          } else {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
          }
        }
        default -> ex.sendResponseHeaders(405, -1);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
