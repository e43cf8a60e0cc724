package dev.konflux.ecosystem.rpm.internal.repodata;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.rpm.Fixtures;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackage;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackageReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Repositories made of the rpm test-suite fixture packages, for the repodata tests. */
final class RepoFixtures {
  /** The fixture packages a repository can hold (the corrupted one is left out). */
  static final List<String> PACKAGES =
      List.of(
          "foo-1.0-1.noarch.rpm",
          "hello-2.0-1.i686.rpm",
          "hello-2.0-1.x86_64.rpm",
          "hello-2.0-1.x86_64-signed.rpm");

  private RepoFixtures() {}

  /** Copies the fixture packages into {@code dir}, all with the modification time given. */
  static void copyPackages(Path dir, List<String> names, Instant mtime) throws IOException {
    Files.createDirectories(dir);
    for (String name : names) {
      Path target = dir.resolve(name);
      Files.copy(Fixtures.rpm(name), target);
      Files.setLastModifiedTime(target, FileTime.from(mtime));
    }
  }

  /** Reads every {@code *.rpm} under {@code repo} into entries, as RpmTarget would list them. */
  static List<PackageEntry> entries(Path repo) throws IOException, InvalidInputException {
    List<PackageEntry> out = new ArrayList<>();
    RpmPackageReader reader = new RpmPackageReader();
    try (var files = Files.walk(repo)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".rpm")).sorted().toList()) {
        RpmPackage pkg = reader.read(f);
        String href = repo.relativize(f).toString().replace('\\', '/');
        long mtime = Files.getLastModifiedTime(f).toInstant().getEpochSecond();
        out.add(PackageEntries.fromPackage(pkg, href, mtime));
      }
    }
    return out;
  }

  /**
   * @return the location of a data type in {@code repo/repodata/repomd.xml}
   */
  static String location(Path repo, String type) throws IOException {
    String repomd = Files.readString(repo.resolve("repodata/repomd.xml"), StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile(
                "<data type=\"" + Pattern.quote(type) + "\">.*?<location href=\"([^\"]+)\"",
                Pattern.DOTALL)
            .matcher(repomd);
    if (!m.find()) {
      throw new AssertionError("no " + type + " in repomd.xml of " + repo + ":\n" + repomd);
    }
    return m.group(1);
  }

  /**
   * @return the uncompressed text of a metadata file of {@code repo}
   */
  static String openText(Path repo, String type) throws IOException {
    Path file = repo.resolve(location(repo, type));
    try (InputStream in =
        MetadataCompression.decompress(new BufferedInputStream(Files.newInputStream(file)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
