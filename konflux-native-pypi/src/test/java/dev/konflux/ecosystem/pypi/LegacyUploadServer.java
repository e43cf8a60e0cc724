package dev.konflux.ecosystem.pypi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback index for upload tests, shared with other modules through this module's test jar (the
 * CLI's {@code publish pypi} tests use it): the legacy upload API at {@link #uploadUrl()} records
 * every {@code multipart/form-data} request it accepts, and a PEP 503 simple API at {@link
 * #indexUrl()} lists what was accepted, with {@code #sha256=} fragments, as an index would. It can
 * answer 503 to the next uploads, or refuse every upload with a status and message. Started on
 * 127.0.0.1 on a free port; {@link #close()} stops it.
 */
public final class LegacyUploadServer implements AutoCloseable {
  /**
   * One accepted upload.
   *
   * @param authorization the {@code Authorization} header, or {@code null}
   * @param fields the form fields; the file part ({@code content}) is recorded as {@code
   *     sha256:<hex>}
   * @param fileName the file part's {@code filename}
   */
  public record Upload(String authorization, Map<String, List<String>> fields, String fileName) {}

  private final HttpServer server;
  private final List<Upload> uploads = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger failNext = new AtomicInteger();
  private volatile int refuseStatus;
  private volatile String refuseMessage = "";
  private final AtomicInteger requests = new AtomicInteger();

  private LegacyUploadServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/legacy/", this::upload);
    server.createContext("/simple/", this::simple);
    server.start();
  }

  /**
   * @return a started server
   * @throws IOException if no port can be bound
   */
  public static LegacyUploadServer start() throws IOException {
    return new LegacyUploadServer();
  }

  /**
   * @return the legacy upload endpoint, {@code http://127.0.0.1:PORT/legacy/}
   */
  public URI uploadUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/legacy/");
  }

  /**
   * @return the simple API root, {@code http://127.0.0.1:PORT/simple/}
   */
  public URI indexUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/simple/");
  }

  /**
   * @return the uploads accepted so far, in order
   */
  public List<Upload> uploads() {
    synchronized (uploads) {
      return List.copyOf(uploads);
    }
  }

  /** Forgets the accepted uploads (the index lists nothing again). */
  public void clear() {
    uploads.clear();
  }

  /**
   * @return how many upload requests arrived, answered or refused
   */
  public int uploadRequests() {
    return requests.get();
  }

  /**
   * @param n how many of the next upload requests are answered {@code 503 busy}
   */
  public void failNext(int n) {
    failNext.set(n);
  }

  /**
   * @param status the status every later upload is refused with ({@code 0}: accept again)
   * @param message the body of that answer
   */
  public void refuse(int status, String message) {
    this.refuseMessage = message;
    this.refuseStatus = status;
  }

  private void upload(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    byte[] body = ex.getRequestBody().readAllBytes();
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (failNext.getAndDecrement() > 0) {
      answer(ex, 503, "busy");
      return;
    }
    if (refuseStatus != 0) {
      answer(ex, refuseStatus, refuseMessage);
      return;
    }
    String[] fileName = new String[1];
    Map<String, List<String>> fields = parse(body, type, fileName);
    uploads.add(new Upload(ex.getRequestHeaders().getFirst("Authorization"), fields, fileName[0]));
    answer(ex, 200, "OK");
  }

  private void simple(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath().substring("/simple/".length());
    String project = normalize(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    StringBuilder html =
        new StringBuilder("<!DOCTYPE html>\n<html><body><h1>Links for ")
            .append(project)
            .append("</h1>\n");
    int links = 0;
    for (Upload u : uploads()) {
      List<String> name = u.fields().getOrDefault("name", List.of(""));
      if (!normalize(name.get(0)).equals(project)) {
        continue;
      }
      String sha256 = u.fields().get("content").get(0).substring("sha256:".length());
      html.append("<a href=\"../../files/")
          .append(u.fileName())
          .append("#sha256=")
          .append(sha256)
          .append("\">")
          .append(u.fileName())
          .append("</a><br/>\n");
      links++;
    }
    if (links == 0) {
      answer(ex, 404, "Not Found");
      return;
    }
    html.append("</body></html>\n");
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    answer(ex, 200, html.toString());
  }

  private static String normalize(String name) {
    return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
  }

  private static void answer(HttpExchange ex, int code, String text) throws IOException {
    byte[] answer = text.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(code, answer.length);
    ex.getResponseBody().write(answer);
    ex.close();
  }

  /**
   * A minimal {@code multipart/form-data} reader.
   *
   * @param body the request body
   * @param contentType its {@code Content-Type}, with the boundary
   * @return the fields; file parts are recorded as {@code sha256:<hex>}
   */
  public static Map<String, List<String>> parse(byte[] body, String contentType) {
    return parse(body, contentType, new String[1]);
  }

  private static Map<String, List<String>> parse(
      byte[] body, String contentType, String[] fileName) {
    String boundary =
        "--" + contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "");
    String text = new String(body, StandardCharsets.ISO_8859_1);
    Map<String, List<String>> fields = new TreeMap<>();
    for (String part : text.split(Pattern.quote(boundary))) {
      if (part.startsWith("--") || part.isBlank()) {
        continue;
      }
      int split = part.indexOf("\r\n\r\n");
      String headers = part.substring(0, split);
      String value = part.substring(split + 4, part.length() - 2);
      Matcher m = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
      if (!m.find()) {
        throw new IllegalArgumentException("a form part without a name: " + headers);
      }
      Matcher file = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
      String v;
      if (file.find()) {
        fileName[0] = file.group(1);
        v = "sha256:" + sha256(value.getBytes(StandardCharsets.ISO_8859_1));
      } else {
        v = new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
      }
      fields.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(v);
    }
    return fields;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
