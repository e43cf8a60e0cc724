package dev.konflux.ecosystem.pypi.internal.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.OutputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the files a committed index lists, from the PEP 691 JSON pages this module wrote, so a
 * release into an existing output keeps older versions and files (with their upload times).
 */
public final class ExistingIndexReader {
  private static final long MAX_PAGE_BYTES = 64L << 20;
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern PROJECT = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");

  private final ObjectMapper mapper =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(32)
                      .maxStringLength(1 << 20)
                      .build())
              .build());

  /**
   * @param root a committed {@code OUT/pypi}
   * @return every file its project pages list
   * @throws OutputException if a page is unreadable or inconsistent (the committed output was
   *     changed by hand or damaged; publishing over it could lose files)
   */
  public List<IndexedFile> read(Path root) throws OutputException {
    Path simple = root.resolve("simple");
    List<IndexedFile> files = new ArrayList<>();
    if (!Files.isDirectory(simple)) {
      return files;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(simple, Files::isDirectory)) {
      for (Path dir : dirs) {
        Path page = dir.resolve("index.json");
        if (Files.isRegularFile(page)) {
          readPage(page, dir.getFileName().toString(), files);
        }
      }
    } catch (IOException e) {
      throw new OutputException(
          "reading the committed index " + simple + " failed: " + e.getMessage(), e);
    }
    return files;
  }

  private void readPage(Path page, String project, List<IndexedFile> out)
      throws IOException, OutputException {
    if (Files.size(page) > MAX_PAGE_BYTES || !PROJECT.matcher(project).matches()) {
      throw new OutputException(
          "committed index page " + page + " is not one this library wrote", null);
    }
    JsonNode root;
    try (InputStream in = Files.newInputStream(page)) {
      root = mapper.readTree(in);
    }
    for (JsonNode f : root.path("files")) {
      String fileName = f.path("filename").asText("");
      String sha256 = f.path("hashes").path("sha256").asText("");
      String version = f.path("konflux-native").path("version").asText("");
      JsonNode core = f.path("core-metadata");
      String coreSha = core.isObject() ? core.path("sha256").asText(null) : null;
      Instant uploaded;
      try {
        uploaded = Instant.parse(f.path("upload-time").asText(""));
      } catch (DateTimeParseException e) {
        throw new OutputException("committed index page " + page + " has a bad upload-time", null);
      }
      if (fileName.isEmpty()
          || fileName.contains("/")
          || !HEX64.matcher(sha256).matches()
          || version.isEmpty()
          || (coreSha != null && !HEX64.matcher(coreSha).matches())) {
        throw new OutputException(
            "committed index page " + page + " has an entry this library did not write", null);
      }
      out.add(
          new IndexedFile(
              project,
              version,
              fileName,
              sha256,
              f.path("size").asLong(-1),
              f.hasNonNull("requires-python") ? f.get("requires-python").asText() : null,
              coreSha,
              f.path("provenance").isTextual(),
              uploaded,
              f.path("konflux-native").path("metadata-name-normalized").asBoolean(false)));
    }
  }
}
