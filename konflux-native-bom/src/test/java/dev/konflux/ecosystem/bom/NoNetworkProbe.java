package dev.konflux.ecosystem.bom;

import dev.konflux.ecosystem.api.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs in its own JVM (started by {@link NoNetworkTest}) so that nothing has loaded the SPDX or
 * CycloneDX libraries before the detectors are in place. Two detectors record every attempt to
 * reach the network: the default {@link ProxySelector} (consulted for every URL connection, {@code
 * java.net.http} request and plain socket connect) and a URL stream handler factory for http, https
 * and ftp (catches URL use that bypasses proxies). Exits 0 when nothing was attempted, 3 with the
 * attempts on standard error otherwise.
 *
 * <p>Argument {@code control} also opens spdx.org's licence list itself, to show the detectors
 * fire.
 */
public final class NoNetworkProbe {
  private static final List<String> ATTEMPTS = new CopyOnWriteArrayList<>();

  private NoNetworkProbe() {}

  public static void main(String[] args) throws Exception {
    ProxySelector.setDefault(
        new ProxySelector() {
          @Override
          public List<Proxy> select(URI uri) {
            ATTEMPTS.add("proxy selector asked for " + uri);
            throw new IllegalStateException("network use is forbidden in this test: " + uri);
          }

          @Override
          public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            ATTEMPTS.add("connect failed " + uri);
          }
        });
    URL.setURLStreamHandlerFactory(
        protocol ->
            switch (protocol) {
              case "http", "https", "ftp" ->
                  new URLStreamHandler() {
                    @Override
                    protected URLConnection openConnection(URL u) throws IOException {
                      ATTEMPTS.add("URL opened " + u);
                      throw new IOException("network use is forbidden in this test: " + u);
                    }
                  };
              default -> null;
            });
    if (args.length > 0 && args[0].equals("control")) {
      try (InputStream in = new URL("https://spdx.org/licenses/licenses.json").openStream()) {
        in.read();
      } catch (IOException | RuntimeException e) {
        // Expected: the detectors refuse it.
      }
    }
    SbomReader reader = SbomReader.create();
    SbomConverter converter = new SbomConverter();
    for (String name :
        List.of(
            "konflux-mobster-image.spdx.json",
            "cyclonedx-maven-plugin.cdx.json",
            "cyclonedx-maven-plugin.cdx.xml",
            "cyclonedx-maven-plugin-1.4.cdx.json")) {
      byte[] bytes = TestSboms.bytes(name);
      Sbom sbom =
          reader.read(
              bytes,
              SbomSource.of(
                  Digest.sha256Of(bytes),
                  name.endsWith(".xml") ? SbomEncoding.XML.mediaType() : "application/json"));
      // Writing SPDX parses every licence expression against the listed licences.
      byte[] spdx = converter.toSpdx(sbom);
      reader.read(spdx, SbomSource.of(Digest.sha256Of(spdx), "text/spdx+json"));
      byte[] xml = converter.toCycloneDx(sbom, SbomEncoding.XML);
      reader.read(xml, SbomSource.of(Digest.sha256Of(xml), SbomEncoding.XML.mediaType()));
    }
    if (ATTEMPTS.isEmpty()) {
      System.exit(0);
    }
    ATTEMPTS.forEach(System.err::println);
    System.exit(3);
  }
}
