package dev.konflux.ecosystem.rpm.internal.header;

import dev.konflux.ecosystem.rpm.Fixtures;
import dev.konflux.ecosystem.rpm.internal.sign.RpmHeaderSigner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Broken input of every kind gives our typed exception or a valid result, never anything else. */
class RpmHeaderParserPropertiesTest {

  private static final List<String> FIXTURES =
      List.of("foo-1.0-1.noarch.rpm", "hello-2.0-1.i686.rpm", "hello-2.0-1.x86_64-signed.rpm");

  /** One mutation of a real package: where, and the new bytes. */
  record Mutation(int fixture, int position, int kind, int value) {}

  @Property(tries = 300)
  void arbitraryBytesGiveOnlyMalformedRpm(@ForAll @Size(max = 4096) byte[] bytes)
      throws IOException {
    parseAll(bytes);
  }

  @Property(tries = 300)
  void arbitraryBytesAfterAValidLeadGiveOnlyMalformedRpm(@ForAll @Size(max = 4096) byte[] rest)
      throws Exception {
    byte[] lead = Files.readAllBytes(Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    byte[] bytes = new byte[96 + rest.length];
    System.arraycopy(lead, 0, bytes, 0, 96);
    System.arraycopy(rest, 0, bytes, 96, rest.length);
    parseAll(bytes);
  }

  @Property(tries = 1500)
  void mutatedRealHeadersGiveOnlyMalformedRpmOrAUsableHeader(
      @ForAll("mutations") List<Mutation> mutations) throws Exception {
    byte[] bytes = Files.readAllBytes(Fixtures.rpm(FIXTURES.get(mutations.get(0).fixture())));
    RpmPackageHeaders h = new RpmPackageReader().readHeaders(new ByteArrayInputStream(bytes), "x");
    int headersEnd = (int) h.headerEnd();
    for (Mutation m : mutations) {
      int at = (int) ((long) m.position() * headersEnd / 1_000_000);
      switch (m.kind()) {
        case 0 -> bytes[at] = (byte) m.value();
        case 1 -> bytes[at] ^= (byte) (1 << (m.value() & 7));
        default -> {
          // Overwrite a big-endian int, as index counts, offsets and counts are.
          int p = Math.min(at & ~3, bytes.length - 4);
          bytes[p] = (byte) (m.value() >>> 24);
          bytes[p + 1] = (byte) (m.value() >>> 16);
          bytes[p + 2] = (byte) (m.value() >>> 8);
          bytes[p + 3] = (byte) m.value();
        }
      }
    }
    parseAll(bytes);
    // The signer reads the same way and must also fail only with our type.
    try {
      new RpmHeaderSigner(null, Instant.EPOCH)
          .sign(new ByteArrayInputStream(bytes), new ByteArrayOutputStream(), "mutated");
    } catch (MalformedRpmException expected) {
      // fine
    }
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Integer> fixture = Arbitraries.integers().between(0, FIXTURES.size() - 1);
    Arbitrary<Mutation> one =
        Combinators.combine(
                fixture,
                Arbitraries.integers().between(0, 999_999),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers()
                    .edgeCases(c -> c.add(-1, 0, 0x7fffffff, 0x80000000, 16, -16, 0xffff, 0x10000)))
            .as(Mutation::new);
    return one.list().ofMinSize(1).ofMaxSize(4);
  }

  /** Parses; on success every typed getter must work. */
  private static void parseAll(byte[] bytes) throws IOException {
    RpmPackageHeaders h;
    try {
      h = new RpmPackageReader().readHeaders(new ByteArrayInputStream(bytes), "fuzz");
    } catch (MalformedRpmException expected) {
      return;
    }
    RpmHeader m = h.header();
    m.nevra();
    m.summary();
    m.description();
    m.sourceRpm();
    m.filePaths();
    m.payloadDigests();
    m.payloadDigestAlgorithm();
    m.numbers(RpmTags.FILESIZES);
    m.int16Array(RpmTags.FILEMODES);
    m.stringArray(RpmTags.REQUIRENAME);
    m.numbers(RpmTags.REQUIREFLAGS);
    m.stringArray(RpmTags.CHANGELOGTEXT);
    for (int tag : m.tags()) {
      var unused = m.entryData(tag).orElseThrow();
    }
    RpmHeader s = h.signature();
    s.string(RpmTags.SIG_SHA256);
    s.number(RpmTags.SIG_SIZE);
    s.bin(RpmTags.SIG_RSA);
    try {
      m.sha256Hex();
    } catch (RuntimeException e) {
      throw new UncheckedIOException(new IOException("digest failed", e));
    }
  }
}
