package dev.konflux.ecosystem.rpm.internal.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.rpm.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RpmPackageReaderTest {

  private final RpmPackageReader reader = new RpmPackageReader();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "foo-1.0-1.noarch.rpm",
        "hello-2.0-1.i686.rpm",
        "hello-2.0-1.x86_64.rpm",
        "hello-2.0-1.x86_64-signed.rpm"
      })
  void readsEveryGoodFixtureAndItsHeaderDigestMatches(String name) throws Exception {
    Path file = Fixtures.rpm(name);
    RpmPackage pkg = reader.read(file);
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(bytes.length, pkg.fileSize());
    assertEquals(Digest.sha256Of(bytes), pkg.sha256());
    // The header range points at the main header's magic and ends where the payload starts.
    byte[] header = Arrays.copyOfRange(bytes, (int) pkg.headerStart(), (int) pkg.headerEnd());
    assertTrue(Arrays.equals(header, pkg.header().rawBytes()));
    assertEquals("8eade801", HexFormat.of().formatHex(header, 0, 4));
    // SHA256HEADER in the signature header is the digest of exactly these bytes.
    assertEquals(
        pkg.signature().string(RpmTags.SIG_SHA256).orElseThrow(), pkg.header().sha256Hex());
    assertEquals(pkg.signature().string(RpmTags.SIG_SHA1).orElseThrow(), pkg.header().sha1Hex());
    assertFalse(pkg.isSource());
  }

  @Test
  void typedGettersReadTheHelloPackage() throws Exception {
    RpmPackage pkg = reader.read(Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    RpmHeader h = pkg.header();
    assertEquals("hello", h.name());
    assertEquals("2.0", h.version());
    assertEquals("1", h.release());
    assertEquals("x86_64", h.arch());
    assertEquals("hello-2.0-1.src.rpm", h.sourceRpm().orElseThrow());
    assertEquals("gzip", h.payloadCompressor().orElseThrow());
    assertEquals(8, h.payloadDigestAlgorithm().getAsLong());
    assertEquals(
        List.of("84a7338287bf19715c4eed0243f5cdb447eeb0ade37b2af718d4060aefca2f7c"),
        h.payloadDigests());
    assertEquals("hello-2.0-1.x86_64", h.nevra());
    assertTrue(h.filePaths().contains("/usr/bin/hello"), h.filePaths().toString());
    assertEquals(h.filePaths().size(), h.numbers(RpmTags.FILESIZES).length);
    assertEquals(h.filePaths().size(), h.int16Array(RpmTags.FILEMODES).length);
    assertTrue(h.i18nString(RpmTags.SUMMARY).isPresent());
    assertThrows(IllegalArgumentException.class, () -> h.int32Array(RpmTags.NAME));
  }

  @Test
  void signedFixtureCarriesAnRsaHeaderSignature() throws Exception {
    RpmPackage pkg = reader.read(Fixtures.rpm("hello-2.0-1.x86_64-signed.rpm"));
    assertTrue(pkg.signature().has(RpmTags.SIG_RSA));
    assertTrue(pkg.signature().bin(RpmTags.SIG_RSA).orElseThrow().length > 100);
    assertEquals(RpmTags.HEADER_SIGNATURES, pkg.signature().regionTag());
    assertEquals(RpmTags.HEADER_IMMUTABLE, pkg.header().regionTag());
  }

  @Test
  void noarchPackage() throws Exception {
    RpmPackage pkg = reader.read(Fixtures.rpm("foo-1.0-1.noarch.rpm"));
    assertEquals("noarch", pkg.header().arch());
    assertEquals("zstd", pkg.header().payloadCompressor().orElseThrow());
  }

  @Test
  void corruptedFixtureHasSoundHeadersButNoPayload() throws Exception {
    // rpm's own "corrupted" package: an unsorted signature index (which rpm accepts) and the
    // payload cut off. The headers parse; the signer's payload check rejects it (see
    // RpmHeaderSignerTest), as rpm -K does.
    RpmPackage pkg = reader.read(Fixtures.rpm("hello-2.0-1.x86_64-corrupted.rpm"));
    assertEquals(pkg.headerEnd(), pkg.fileSize());
    assertEquals(
        pkg.signature().string(RpmTags.SIG_SHA256).orElseThrow(), pkg.header().sha256Hex());
  }

  @Test
  void duplicatedTagsAreRejected() throws Exception {
    byte[] bytes = Files.readAllBytes(Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    // Second signature index entry gets the tag of the third.
    int entry1 = 96 + 16 + 16;
    System.arraycopy(bytes, entry1 + 16, bytes, entry1, 4);
    MalformedRpmException e =
        assertThrows(
            MalformedRpmException.class,
            () -> reader.readHeaders(new ByteArrayInputStream(bytes), "dup"));
    assertTrue(e.reason().contains("duplicated"), e.reason());
    assertEquals("dup", e.file());
  }

  @Test
  void truncatedPackagesAreTypedErrors() throws Exception {
    byte[] bytes = Files.readAllBytes(Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    RpmPackageHeaders h = reader.readHeaders(new ByteArrayInputStream(bytes), "x");
    for (int cut :
        new int[] {
          0,
          10,
          95,
          96,
          100,
          (int) h.headerStart() - 1,
          (int) h.headerStart() + 20,
          (int) h.headerEnd() - 1
        }) {
      byte[] part = Arrays.copyOf(bytes, cut);
      assertThrows(
          MalformedRpmException.class,
          () -> reader.readHeaders(new ByteArrayInputStream(part), "cut"),
          "cut at " + cut);
    }
  }

  @Test
  void limitsAreEnforcedBeforeAllocation() throws Exception {
    byte[] bytes = Files.readAllBytes(Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    RpmPackageReader tight = new RpmPackageReader(new RpmHeaderLimits(32, 1 << 20, 10, 1 << 20));
    MalformedRpmException e =
        assertThrows(
            MalformedRpmException.class,
            () -> tight.readHeaders(new ByteArrayInputStream(bytes), "hello"));
    assertTrue(e.reason().contains("index count"), e.reason());
  }

  @Test
  void headerSizesThatOverflowAnIntAreMalformedEvenWithGenerousLimits() {
    // 16 * 0x08000000 entries wraps to Integer.MIN_VALUE: the size must be computed without
    // wrapping.
    RpmHeaderParser parser =
        new RpmHeaderParser(new RpmHeaderLimits(32, 1 << 20, Integer.MAX_VALUE, Integer.MAX_VALUE));
    byte[] preamble = {
      (byte) 0x8e, (byte) 0xad, (byte) 0xe8, 0x01, 0, 0, 0, 0, 0x08, 0, 0, 0, 0, 0, 0, 16
    };
    MalformedRpmException e =
        assertThrows(
            MalformedRpmException.class,
            () ->
                parser.readHeader(
                    new ByteArrayInputStream(preamble), RpmHeaderParser.Kind.MAIN, "huge"));
    assertTrue(e.reason().contains("too large"), e.reason());
  }
}
