package dev.konflux.ecosystem.rpm.internal.repodata;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per way existing metadata can be wrong; each must be refused with a clear message. */
class ExistingRepodataReaderTest {
  @TempDir Path tmp;
  private Path repomd;

  @BeforeEach
  void repository() throws Exception {
    RepodataWriter.builder()
        .build()
        .write(
            tmp,
            List.of(SamplePackages.tricky(), SamplePackages.plain("p", "p.rpm")),
            List.of(),
            Instant.ofEpochSecond(1_700_000_000L));
    repomd = tmp.resolve("repodata/repomd.xml");
  }

  private InvalidInputException refused() {
    return assertThrows(InvalidInputException.class, () -> new ExistingRepodataReader().read(tmp));
  }

  @Test
  void missingRepomd() throws Exception {
    Files.delete(repomd);
    assertTrue(refused().getMessage().contains("no repodata/repomd.xml"));
  }

  @Test
  void changedMetadataFile() throws Exception {
    Path primary = tmp.resolve(RepoFixtures.location(tmp, "primary"));
    byte[] bytes = Files.readAllBytes(primary);
    bytes[bytes.length - 5] ^= 1;
    Files.write(primary, bytes);
    String message = refused().getMessage();
    assertTrue(message.contains("primary"), message);
  }

  @Test
  void missingMetadataFile() throws Exception {
    Files.delete(tmp.resolve(RepoFixtures.location(tmp, "other")));
    assertTrue(refused().getMessage().contains("does not exist"));
  }

  @Test
  void locationOutsideTheRepository() throws Exception {
    String text = Files.readString(repomd);
    Files.writeString(repomd, text.replace(RepoFixtures.location(tmp, "other"), "../../etc/x"));
    assertTrue(refused().getMessage().contains("unsafe location"));
  }

  @Test
  void sha1Checksums() throws Exception {
    Files.writeString(
        repomd,
        Files.readString(repomd)
            .replaceFirst("<checksum type=\"sha256\">", "<checksum type=\"sha1\">"));
    assertTrue(refused().getMessage().contains("only sha256"));
  }

  @Test
  void repomdWithoutFilelists() throws Exception {
    Files.writeString(
        repomd, Files.readString(repomd).replace("type=\"filelists\"", "type=\"filelists-old\""));
    assertTrue(refused().getMessage().contains("no filelists"));
  }

  @Test
  void externalEntitiesAreNotResolved() throws Exception {
    Path secret = tmp.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET");
    String xml =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY e SYSTEM \""
            + secret.toUri()
            + "\">]>\n<repomd xmlns=\"http://linux.duke.edu/metadata/repo\">"
            + "<revision>&e;</revision></repomd>";
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                ExistingRepodataReader.parseRepomd(
                    new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "repomd.xml"));
    assertTrue(!e.getMessage().contains("TOP-SECRET"), e.getMessage());
  }

  @Test
  void packageMissingFromFilelists() throws Exception {
    String primary = RepoFixtures.openText(tmp, "primary");
    String filelists =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<filelists"
            + " xmlns=\"http://linux.duke.edu/metadata/filelists\" packages=\"0\">\n</filelists>";
    rewrite("filelists", filelists);
    rewrite("primary", primary);
    assertTrue(refused().getMessage().contains("is missing from"));
  }

  @Test
  void decompressionBomb() throws Exception {
    StringBuilder big = new StringBuilder(RepoFixtures.openText(tmp, "other"));
    big.insert(big.indexOf("<package"), " ".repeat(5_000_000));
    rewrite("other", big.toString());
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> new ExistingRepodataReader(1 << 20, 1 << 20).read(tmp));
    assertTrue(e.getMessage().contains("more than"), e.getMessage());
  }

  /** Replaces one metadata file with new content and records it consistently in repomd.xml. */
  private void rewrite(String type, String xml) throws Exception {
    String href = RepoFixtures.location(tmp, type);
    byte[] open = xml.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(open);
    }
    byte[] stored = out.toByteArray();
    Files.write(tmp.resolve(href), stored);
    String text = Files.readString(repomd);
    int data = text.indexOf("<data type=\"" + type + "\">");
    int end = text.indexOf("</data>", data);
    String record =
        text.substring(data, end)
            .replaceFirst(
                "<checksum type=\"sha256\">[0-9a-f]+<",
                "<checksum type=\"sha256\">" + RepodataWriter.sha256(stored).hex() + "<")
            .replaceFirst("<size>[0-9]+<", "<size>" + stored.length + "<");
    Files.writeString(repomd, text.substring(0, data) + record + text.substring(end));
  }
}
