package dev.konflux.ecosystem.maven.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** Small Maven repository directories, written as the Maven target lays them out. */
final class TestRepositories {
  private TestRepositories() {}

  static void file(Path root, String rel, byte[] content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
    if (rel.endsWith(".asc") || rel.endsWith(".sigstore.json")) {
      return;
    }
    for (Map.Entry<String, String> a :
        Map.of("md5", "MD5", "sha1", "SHA-1", "sha256", "SHA-256", "sha512", "SHA-512")
            .entrySet()) {
      try {
        String hex =
            HexFormat.of().formatHex(MessageDigest.getInstance(a.getValue()).digest(content));
        Files.writeString(root.resolve(rel + "." + a.getKey()), hex, StandardCharsets.US_ASCII);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** {@code org.example:lib:1.0}: pom, jar, sources jar, signatures, artifact-level metadata. */
  static Path release(Path root) throws IOException {
    String v = "org/example/lib/1.0/";
    file(
        root,
        v + "lib-1.0.pom",
        ("<project><modelVersion>4.0.0</modelVersion><groupId>org.example</groupId>"
                + "<artifactId>lib</artifactId><version>1.0</version></project>")
            .getBytes(StandardCharsets.UTF_8));
    file(root, v + "lib-1.0.jar", "jar bytes".getBytes(StandardCharsets.UTF_8));
    file(root, v + "lib-1.0-sources.jar", "sources bytes".getBytes(StandardCharsets.UTF_8));
    file(
        root,
        v + "lib-1.0.jar.asc",
        "-----BEGIN PGP SIGNATURE-----\n".getBytes(StandardCharsets.UTF_8));
    file(
        root,
        v + "lib-1.0.pom.asc",
        "-----BEGIN PGP SIGNATURE-----\n".getBytes(StandardCharsets.UTF_8));
    file(
        root,
        "org/example/lib/maven-metadata.xml",
        ("<metadata><groupId>org.example</groupId><artifactId>lib</artifactId><versioning>"
                + "<versions><version>1.0</version></versions></versioning></metadata>")
            .getBytes(StandardCharsets.UTF_8));
    return root;
  }
}
