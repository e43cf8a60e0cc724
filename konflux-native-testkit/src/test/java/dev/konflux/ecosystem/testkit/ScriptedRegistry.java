package dev.konflux.ecosystem.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A tiny HTTP server on loopback that answers as a test tells it to: for protocol behaviour the
 * real docker-registry cannot show (5xx answers, Bearer token exchange, referrers API pagination,
 * lying content, stalled bodies). Records every request line it sees.
 */
final class ScriptedRegistry implements AutoCloseable {

  /** Answers one request. */
  interface Script {
    void answer(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor;
  // Released at close, so handlers that stall on purpose end with the test.
  private final CountDownLatch closing = new CountDownLatch(1);
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final List<String> ranges = new CopyOnWriteArrayList<>();

  ScriptedRegistry(Script script) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // One thread per exchange: a stalling answer must not hold up the next request.
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "scripted-registry");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            String range = exchange.getRequestHeaders().getFirst("Range");
            ranges.add(range == null ? "" : range);
            script.answer(exchange);
          }
        });
    server.start();
  }

  String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * Sends the status and headers promising {@code body.length} bytes, then {@code sent} of them,
   * then nothing until the server closes: a registry that stalls mid-body.
   */
  void stallAfter(HttpExchange exchange, String contentType, byte[] body, int sent)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body, 0, sent);
    exchange.getResponseBody().flush();
    try {
      closing.await(2, TimeUnit.MINUTES);
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
