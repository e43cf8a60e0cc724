package dev.konflux.ecosystem.serve.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request: {@code /} the index page, {@code /keys/…} the public keys, a path ending
 * in {@code /} a listing, anything else a file of the current {@link ViewCache}. Files are streamed
 * from disk in 64 KiB pieces, never loaded whole. GET and HEAD only.
 */
public final class ViewHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ViewHandler.class);
  private static final int BUFFER = 64 * 1024;

  private final Supplier<ViewCache> cache;
  private final Map<String, String> keys;
  private final Supplier<String> indexPage;

  /**
   * @param cache the view currently served (replaced when a new plan is verified)
   * @param keys armored public keys by file name under {@code /keys/}
   * @param indexPage the HTML of {@code /}
   */
  public ViewHandler(
      Supplier<ViewCache> cache, Map<String, String> keys, Supplier<String> indexPage) {
    this.cache = cache;
    this.keys = Map.copyOf(keys);
    this.indexPage = indexPage;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = "HEAD".equals(method);
      if (!head && !"GET".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        text(exchange, 405, "method not allowed\n", false);
        return;
      }
      Optional<String> parsed = RequestPath.parse(exchange.getRequestURI().getRawPath());
      if (parsed.isEmpty()) {
        text(exchange, 400, "bad request path\n", head);
        return;
      }
      String path = parsed.get();
      if (path.isEmpty() || path.equals("index.html")) {
        send(exchange, 200, "text/html; charset=utf-8", indexPage.get(), head);
        return;
      }
      if (path.startsWith("keys/")) {
        String key = keys.get(path.substring("keys/".length()));
        if (key == null) {
          text(exchange, 404, "not found\n", head);
        } else {
          send(exchange, 200, "application/pgp-keys", key, head);
        }
        return;
      }
      ViewCache view = cache.get();
      Optional<ViewCache.CachedFile> file;
      String type = contentType(path);
      String wanted = path.endsWith("/") ? path + "index.html" : path;
      if (path.startsWith("pypi/simple/") && path.endsWith("/")) {
        // PEP 691: the simple index in the form the client's Accept header asks for.
        exchange.getResponseHeaders().set("Vary", "Accept, User-Agent");
        Optional<SimpleNegotiation.Form> form =
            SimpleNegotiation.choose(
                exchange.getRequestHeaders().getFirst("Accept"),
                exchange.getRequestHeaders().getFirst("User-Agent"));
        if (form.isEmpty()) {
          text(
              exchange,
              406,
              "acceptable: application/vnd.pypi.simple.v1+json, "
                  + "application/vnd.pypi.simple.v1+html, text/html\n",
              head);
          return;
        }
        wanted = path + form.get().file();
        type =
            form.get().mediaType()
                + (form.get() == SimpleNegotiation.Form.JSON ? "" : "; charset=utf-8");
      }
      try {
        // A directory is its index.html when the ecosystem's index makes one (a PEP 503 project
        // page), else a listing of what is planned there.
        file = view.get(wanted);
        if (file.isEmpty() && path.endsWith("/")) {
          listing(exchange, view, path, head);
          return;
        }
      } catch (ViewCache.ProductionException e) {
        LOG.warn("{}", e.getMessage(), e);
        text(exchange, 500, "cannot produce this file; see the server log\n", head);
        return;
      }
      if (file.isEmpty()) {
        text(exchange, 404, "not found\n", head);
        return;
      }
      serveFile(exchange, file.get(), type, head);
    } catch (IOException e) {
      // The client went away mid-response: nothing to clean up, the cache entry was complete
      // before.
      LOG.debug("response to {} aborted: {}", exchange.getRemoteAddress(), e.toString());
    }
  }

  private static void serveFile(
      HttpExchange exchange, ViewCache.CachedFile file, String type, boolean head)
      throws IOException {
    Headers h = exchange.getResponseHeaders();
    String etag = "\"" + file.sha256() + "\"";
    h.set("ETag", etag);
    h.set("Accept-Ranges", "bytes");
    // Index files change when a new Snapshot is served: clients revalidate (cheaply, by ETag).
    h.set("Cache-Control", "no-cache");
    h.set("Content-Type", type);
    if (matches(exchange.getRequestHeaders().getFirst("If-None-Match"), etag)) {
      exchange.sendResponseHeaders(304, -1);
      return;
    }
    String rangeHeader = exchange.getRequestHeaders().getFirst("Range");
    String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
    if (ifRange != null && !ifRange.trim().equals(etag)) {
      rangeHeader = null; // the client's partial copy is of another file: send it whole
    }
    ByteRange.Request range = ByteRange.parse(rangeHeader, file.size());
    long first = 0;
    long length = file.size();
    int status = 200;
    if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
      h.set("Content-Range", "bytes */" + file.size());
      text(exchange, 416, "range not satisfiable\n", head);
      return;
    }
    if (range.kind() == ByteRange.Kind.PARTIAL) {
      ByteRange r = range.range().orElseThrow();
      first = r.first();
      length = r.length();
      status = 206;
      h.set("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + file.size());
    }
    if (head) {
      h.set("Content-Length", Long.toString(length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    try (FileChannel ch = FileChannel.open(file.file(), StandardOpenOption.READ)) {
      // Length 0 means "chunked" to the JDK server; an empty body is sent with -1.
      exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
      ch.position(first);
      InputStream in = Channels.newInputStream(ch);
      OutputStream out = exchange.getResponseBody();
      byte[] buf = new byte[BUFFER];
      long left = length;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new IOException("cached file " + file.file() + " is shorter than recorded");
        }
        out.write(buf, 0, n);
        left -= n;
      }
      out.flush();
    }
  }

  private static boolean matches(@Nullable String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",", -1)) {
      String t = tag.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("*") || t.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static void listing(HttpExchange exchange, ViewCache view, String dir, boolean head)
      throws IOException {
    TreeSet<String> names = new TreeSet<>();
    List<String> paths = new java.util.ArrayList<>(view.planned().keySet());
    for (String eco : view.ecosystems()) {
      paths.addAll(view.producedIndexPaths(eco));
    }
    for (String p : paths) {
      if (p.startsWith(dir)) {
        String rest = p.substring(dir.length());
        int slash = rest.indexOf('/');
        names.add(slash < 0 ? rest : rest.substring(0, slash + 1));
      }
    }
    if (names.isEmpty()) {
      text(exchange, 404, "not found\n", head);
      return;
    }
    StringBuilder html =
        new StringBuilder("<!DOCTYPE html>\n<html><head><title>")
            .append(Html.escape(dir))
            .append("</title></head><body><h1>/")
            .append(Html.escape(dir))
            .append("</h1><ul>\n");
    for (String n : names) {
      html.append("<li><a href=\"")
          .append(Html.escape(n))
          .append("\">")
          .append(Html.escape(n))
          .append("</a></li>\n");
    }
    html.append("</ul></body></html>\n");
    send(exchange, 200, "text/html; charset=utf-8", html.toString(), head);
  }

  private static String contentType(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.endsWith(".rpm")) {
      return "application/x-rpm";
    } else if (p.endsWith(".xml")) {
      return "application/xml";
    } else if (p.endsWith(".gz")) {
      return "application/gzip";
    } else if (p.endsWith(".zst")) {
      return "application/zstd";
    } else if (p.endsWith(".asc") || p.contains("rpm-gpg-key")) {
      return "application/pgp-keys";
    } else if (p.endsWith(".pom")) {
      return "application/xml";
    } else if (p.endsWith(".jar")) {
      return "application/java-archive";
    } else if (p.endsWith(".md5")
        || p.endsWith(".sha1")
        || p.endsWith(".sha256")
        || p.endsWith(".sha512")) {
      return "text/plain; charset=us-ascii";
    } else if (p.endsWith(".json") || p.endsWith(".attestation") || p.endsWith("/provenance")) {
      return "application/json";
    } else if (p.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    return "application/octet-stream";
  }

  private static void text(HttpExchange exchange, int status, String body, boolean head)
      throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", body, head);
  }

  private static void send(
      HttpExchange exchange, int status, String type, String body, boolean head)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    if (head) {
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
