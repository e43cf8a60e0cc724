package dev.konflux.ecosystem.examples.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of a real docker-registry that misbehaves as a test tells it to:
 * answers 503, or sends the headers and half of a body and then nothing. The real registry cannot
 * do either; the proxy lets a whole release run against a registry that does.
 */
final class MisbehavingRegistryProxy implements AutoCloseable {

  /** What the proxy does with one request. */
  enum Fault {
    /** Forward faithfully. */
    NONE,
    /** Answer 503 Service Unavailable. */
    UNAVAILABLE,
    /** Send the status, headers and half of the body, then stall until the proxy closes. */
    STALL
  }

  /** Decides the fault for a request. */
  interface Script {
    /**
     * @param path the request path
     * @param count how many requests for this path came before, plus one
     * @return what to do
     */
    Fault decide(String path, int count);
  }

  private static final List<String> FORWARDED_HEADERS =
      List.of(
          "Content-Type",
          "Docker-Content-Digest",
          "Link",
          "Content-Range",
          "Docker-Distribution-Api-Version",
          "Location");

  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient upstream =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  final List<String> faults = new CopyOnWriteArrayList<>();

  MisbehavingRegistryProxy(String upstreamHostAndPort, Script script) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "misbehaving-registry");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Fault fault =
                script.decide(
                    path, counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet());
            if (fault != Fault.NONE) {
              faults.add(fault + " " + path);
            }
            if (fault == Fault.UNAVAILABLE) {
              exchange.sendResponseHeaders(503, -1);
              return;
            }
            forward(exchange, upstreamHostAndPort, fault == Fault.STALL);
          }
        });
    server.start();
  }

  String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private void forward(HttpExchange exchange, String upstreamHost, boolean stall)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + upstreamHost + exchange.getRequestURI()))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
    for (String h : List.of("Accept", "Range")) {
      String v = exchange.getRequestHeaders().getFirst(h);
      if (v != null) {
        request.header(h, v);
      }
    }
    HttpResponse<InputStream> response;
    try {
      response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    // Test blobs are small: buffering one keeps the proxy simple.
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readAllBytes();
    }
    for (String h : FORWARDED_HEADERS) {
      response.headers().firstValue(h).ifPresent(v -> exchange.getResponseHeaders().set(h, v));
    }
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(
        response.statusCode(), head || body.length == 0 ? -1 : body.length);
    if (head || body.length == 0) {
      return;
    }
    OutputStream out = exchange.getResponseBody();
    if (!stall) {
      out.write(body);
      out.close();
      return;
    }
    out.write(body, 0, body.length / 2);
    out.flush();
    try {
      closing.await(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IOException("stalled on purpose");
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
