package dev.konflux.ecosystem.pypi;

import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.pypi.internal.dist.CoreMetadata;
import dev.konflux.ecosystem.pypi.internal.dist.DistFileName;
import dev.konflux.ecosystem.pypi.internal.dist.DistLimits;
import dev.konflux.ecosystem.pypi.internal.dist.Pep440Version;
import dev.konflux.ecosystem.pypi.internal.dist.ProjectName;
import dev.konflux.ecosystem.pypi.internal.dist.RecordFile;
import dev.konflux.ecosystem.pypi.internal.dist.SdistValidator;
import dev.konflux.ecosystem.pypi.internal.dist.WheelValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Untrusted-input parsers fail only with their typed exceptions, and valid input round-trips. */
class ParserPropertiesTest {

  @Property(tries = 2000)
  void fileNamesParseOrFailWithTheFileNameRule(@ForAll("names") String name) {
    try {
      DistFileName d = DistFileName.parse(name);
      assertTrue(name.endsWith(".whl") || name.endsWith(".tar.gz"));
      assertTrue(ProjectName.normalize(d.name()).equals(d.project()));
    } catch (InvalidDistributionException e) {
      assertEquals(DistributionRule.FILE_NAME, e.rule());
    }
  }

  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> part =
        Arbitraries.strings().withChars("abcAB019._-+!~/\\: \u00e9").ofMaxLength(12);
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(300),
        part.list()
            .ofMinSize(1)
            .ofMaxSize(7)
            .map(l -> String.join("-", l))
            .flatMap(s -> Arbitraries.of(".whl", ".tar.gz", ".zip", "").map(s::concat)));
  }

  @Property(tries = 1000)
  void validWheelNamesRoundTrip(
      @ForAll("projects") String project,
      @ForAll @IntRange(min = 0, max = 99) int major,
      @ForAll @IntRange(min = 0, max = 99) int minor,
      @ForAll boolean build)
      throws Exception {
    String escaped = ProjectName.escape(project);
    String file = escaped + "-" + major + "." + minor + (build ? "-1b" : "") + "-py3-none-any.whl";
    DistFileName d = DistFileName.parse(file);
    assertEquals(ProjectName.normalize(project), d.project());
    assertEquals(major + "." + minor, d.version().normalized());
    DistFileName s = DistFileName.parse(escaped + "-" + major + "." + minor + ".tar.gz");
    assertEquals(d.project(), s.project());
  }

  @Provide
  Arbitrary<String> projects() {
    return Arbitraries.strings()
        .withChars("abcXYZ0189._-")
        .ofMinLength(1)
        .ofMaxLength(20)
        .filter(ProjectName::isValid);
  }

  @Property(tries = 2000)
  void versionsNormaliseIdempotently(@ForAll("versions") String text) {
    Pep440Version.parse(text)
        .ifPresent(
            v -> {
              Pep440Version again = Pep440Version.parse(v.normalized()).orElseThrow();
              assertEquals(v.normalized(), again.normalized());
              assertTrue(v.sameAs(again));
            });
  }

  @Provide
  Arbitrary<String> versions() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withChars("0123456789.!+-_abcdeilnoprstv").ofMaxLength(24));
  }

  @Property(tries = 2000)
  void coreMetadataParsesOrFailsTyped(@ForAll @Size(max = 400) byte[] bytes) {
    try {
      CoreMetadata.parse(bytes);
    } catch (CoreMetadata.MalformedMetadataException e) {
      assertNotNull(e.getMessage());
    }
  }

  @Property(tries = 2000)
  void recordParsesOrFailsTyped(@ForAll("records") String text) {
    try {
      RecordFile.parse(text.getBytes(StandardCharsets.UTF_8));
    } catch (RecordFile.MalformedRecordException e) {
      assertNotNull(e.getMessage());
    }
  }

  @Provide
  Arbitrary<String> records() {
    return Arbitraries.strings().withChars("ab/,\"=\n\r0123456789sha256_-").ofMaxLength(200);
  }

  @Property(tries = 300)
  void damagedWheelsFailOnlyWithInvalidDistribution(
      @ForAll @IntRange(min = 0, max = 4000) int offset,
      @ForAll byte value,
      @ForAll @IntRange(min = 0, max = 2) int mode)
      throws Exception {
    Path dir = Files.createTempDirectory("wheel-prop");
    try {
      Path file =
          TestDists.wheel("demo", "1.0")
              .file("demo/data.txt", "hello world ".repeat(50).getBytes(StandardCharsets.UTF_8))
              .write(dir);
      byte[] bytes = Files.readAllBytes(file);
      Assume.that(offset < bytes.length);
      switch (mode) {
        case 0 -> bytes[offset] = value;
        case 1 -> bytes = java.util.Arrays.copyOf(bytes, offset);
        default -> bytes[offset] ^= (byte) (1 << (value & 7));
      }
      Files.write(file, bytes);
      DistFileName name = DistFileName.parse(file.getFileName().toString());
      try {
        new WheelValidator(DistLimits.DEFAULT, true).validate(file, name);
      } catch (InvalidDistributionException e) {
        assertNotNull(e.rule());
      }
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Property(tries = 200)
  void damagedSdistsFailOnlyWithInvalidDistribution(
      @ForAll @IntRange(min = 0, max = 600) int offset,
      @ForAll byte value,
      @ForAll boolean truncate)
      throws Exception {
    Path dir = Files.createTempDirectory("sdist-prop");
    try {
      Path file = TestDists.sdist("demo", "1.0").write(dir);
      byte[] bytes = Files.readAllBytes(file);
      Assume.that(offset < bytes.length);
      if (truncate) {
        bytes = java.util.Arrays.copyOf(bytes, offset);
      } else {
        bytes[offset] = value;
      }
      Files.write(file, bytes);
      DistFileName name = DistFileName.parse(file.getFileName().toString());
      try {
        new SdistValidator(DistLimits.DEFAULT).validate(file, name);
      } catch (InvalidDistributionException e) {
        assertNotNull(e.rule());
      }
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Property(tries = 1000)
  void attestationsParseOrFailTyped(@ForAll("attestations") String json) {
    try {
      Pep740Attestation a = Pep740Attestation.parse(json.getBytes(StandardCharsets.UTF_8));
      assertArrayEquals(a.toJson(), Pep740Attestation.parse(a.toJson()).toJson());
    } catch (InvalidInputException e) {
      assertNotNull(e.getMessage());
    }
  }

  @Provide
  Arbitrary<String> attestations() {
    Arbitrary<String> b64 = Arbitraries.strings().withChars("AZaz09+/=").ofMaxLength(12);
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(100),
        net.jqwik.api.Combinators.combine(b64, b64, b64, Arbitraries.of("1", "2", "\"1\"", "1.0"))
            .as(
                (c, s, g, v) ->
                    "{\"version\":"
                        + v
                        + ",\"verification_material\":{\"certificate\":\""
                        + c
                        + "\",\"transparency_entries\":[]},\"envelope\":{\"statement\":\""
                        + s
                        + "\",\"signature\":\""
                        + g
                        + "\"}}"));
  }

  @Property(tries = 500)
  void committedIndexPagesReadOrFailTyped(@ForAll("pages") String json) throws Exception {
    Path root = Files.createTempDirectory("index-prop");
    try {
      Path page = Files.createDirectories(root.resolve("simple/demo")).resolve("index.json");
      Files.writeString(page, json);
      try {
        new dev.konflux.ecosystem.pypi.internal.index.ExistingIndexReader().read(root);
      } catch (dev.konflux.ecosystem.api.OutputException e) {
        assertNotNull(e.getMessage());
      }
    } finally {
      try (var s = Files.walk(root)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Provide
  Arbitrary<String> pages() {
    Arbitrary<String> text = Arbitraries.strings().withChars("abc019-.:TZ\"{}[],").ofMaxLength(20);
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(80),
        net.jqwik.api.Combinators.combine(text, text, text, text)
            .as(
                (f, h, v, t) ->
                    "{\"files\":[{\"filename\":\""
                        + f
                        + "\",\"hashes\":{\"sha256\":\""
                        + h
                        + "\"},\"upload-time\":\""
                        + t
                        + "\",\"konflux-native\":{\"version\":\""
                        + v
                        + "\"}}]}"));
  }
}
