package dev.konflux.ecosystem.rpm.internal.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.rpm.Fixtures;
import dev.konflux.ecosystem.rpm.internal.header.MalformedRpmException;
import dev.konflux.ecosystem.rpm.internal.header.RpmHeaderLimits;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackage;
import dev.konflux.ecosystem.rpm.internal.header.RpmPackageReader;
import dev.konflux.ecosystem.rpm.internal.header.RpmTags;
import dev.konflux.ecosystem.signing.OpenPgpKeyFile;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.bcpg.BCPGInputStream;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RpmHeaderSignerTest {
  static final Instant TIME = Instant.parse("2026-11-22T00:00:00Z");
  static final List<String> GOOD =
      List.of(
          "foo-1.0-1.noarch.rpm",
          "hello-2.0-1.i686.rpm",
          "hello-2.0-1.x86_64.rpm",
          "hello-2.0-1.x86_64-signed.rpm");

  @TempDir Path tmp;

  static OpenPgpSigner key(String name) throws Exception {
    return OpenPgpKeyFile.load(Fixtures.key(name + ".secret"), null, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rpm.org-rsa-2048-test", "rpm.org-ed25519-test"})
  void signsEveryFixtureKeepingHeaderAndPayloadBytes(String keyName) throws Exception {
    OpenPgpSigner key = key(keyName);
    RpmHeaderSigner signer = new RpmHeaderSigner(key, TIME);
    int expectedTag = keyName.contains("rsa") ? RpmTags.SIG_RSA : RpmTags.SIG_DSA;
    int otherTag = keyName.contains("rsa") ? RpmTags.SIG_DSA : RpmTags.SIG_RSA;
    assertEquals(expectedTag, signer.signatureTag());
    for (String name : GOOD) {
      Path in = Fixtures.rpm(name);
      RpmPackage before = new RpmPackageReader().read(in);
      Path out = tmp.resolve(keyName + "-" + name);
      RpmPackage signed;
      try (InputStream s = Files.newInputStream(in)) {
        signed = signer.signToFile(s, out, name);
      }
      RpmPackage after = new RpmPackageReader().read(out);
      // The main header is byte-identical: same sha256 before and after.
      assertEquals(before.header().sha256Hex(), after.header().sha256Hex(), name);
      assertEquals(
          after.signature().string(RpmTags.SIG_SHA256).orElseThrow(), after.header().sha256Hex());
      // Header and payload bytes are the input's from the header start on.
      byte[] inBytes = Files.readAllBytes(in);
      byte[] outBytes = Files.readAllBytes(out);
      assertArrayEquals(
          Arrays.copyOfRange(inBytes, (int) before.headerStart(), inBytes.length),
          Arrays.copyOfRange(outBytes, (int) after.headerStart(), outBytes.length),
          name);
      assertArrayEquals(Arrays.copyOf(inBytes, 96), Arrays.copyOf(outBytes, 96), "lead kept");
      // What the signer reports is what it wrote.
      assertEquals(Digest.sha256Of(outBytes), signed.sha256());
      assertEquals(outBytes.length, signed.fileSize());
      assertEquals(after.headerStart(), signed.headerStart());
      assertEquals(after.headerEnd(), signed.headerEnd());
      // Exactly our signature: old ones dropped, sizes kept.
      assertTrue(after.signature().has(expectedTag), name);
      assertFalse(after.signature().has(otherTag), name);
      assertFalse(after.signature().has(RpmTags.SIG_PGP), name);
      assertFalse(after.signature().has(RpmTags.SIG_GPG), name);
      assertEquals(
          before.signature().number(RpmTags.SIG_SIZE), after.signature().number(RpmTags.SIG_SIZE));
      assertEquals(
          before.signature().number(RpmTags.SIG_PAYLOADSIZE),
          after.signature().number(RpmTags.SIG_PAYLOADSIZE));
      // The signature verifies over the header bytes with the public key (Bouncy Castle here;
      // rpm itself in RpmSignatureIT).
      assertTrue(
          verifies(
              after.signature().bin(expectedTag).orElseThrow(),
              after.header().rawBytes(),
              keyName));
      assertFalse(Files.list(tmp).anyMatch(p -> p.getFileName().toString().endsWith(".part")));
    }
  }

  @Test
  void hashingOnTwoThreadsGivesTheSameOutputAndStillCatchesTampering() throws Exception {
    OpenPgpSigner key = key("rpm.org-ed25519-test");
    RpmHeaderSigner serial = new RpmHeaderSigner(key, TIME);
    RpmHeaderSigner parallel = new RpmHeaderSigner(key, TIME, RpmHeaderLimits.DEFAULT, 0);
    for (String name : GOOD) {
      byte[] in = Files.readAllBytes(Fixtures.rpm(name));
      ByteArrayOutputStream a = new ByteArrayOutputStream();
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      RpmPackage pa = serial.sign(new ByteArrayInputStream(in), a, name);
      // Reads of one byte at a time make many small chunks go through the buffer rotation.
      RpmPackage pb =
          parallel.sign(
              new java.io.BufferedInputStream(new ByteArrayInputStream(in), 1) {
                @Override
                public synchronized int read(byte[] buf, int off, int len)
                    throws java.io.IOException {
                  return super.read(buf, off, Math.min(len, 7));
                }
              },
              b,
              name);
      assertArrayEquals(a.toByteArray(), b.toByteArray(), name);
      assertEquals(pa.sha256(), pb.sha256());
      in[in.length - 10] ^= 4;
      assertThrows(
          MalformedRpmException.class,
          () -> parallel.sign(new ByteArrayInputStream(in), new ByteArrayOutputStream(), name));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {RpmHeaderSigner.PARALLEL_HASH_THRESHOLD, 0})
  void signingFileToFileWritesWhatSigningAStreamWrites(long parallelThreshold) throws Exception {
    OpenPgpSigner key = key("rpm.org-ed25519-test");
    RpmHeaderSigner signer =
        new RpmHeaderSigner(key, TIME, RpmHeaderLimits.DEFAULT, parallelThreshold);
    // Twice over the fixtures: the second round takes the pooled direct buffers of the first.
    for (int round = 0; round < 2; round++) {
      for (String name : GOOD) {
        Path in = Fixtures.rpm(name);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        RpmPackage fromStream =
            signer.sign(new ByteArrayInputStream(Files.readAllBytes(in)), expected, name);
        Path out = tmp.resolve(round + "-" + name);
        RpmPackage fromFile = signer.signFile(in, out, name);
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(out), name);
        assertEquals(fromStream.sha256(), fromFile.sha256());
        assertEquals(fromStream.fileSize(), fromFile.fileSize());
        assertEquals(fromStream.headerEnd(), fromFile.headerEnd());
      }
    }
  }

  @Test
  void signingFileToFileInManySmallChunksOnTwoThreadsWritesEveryByteInPlace() throws Exception {
    // 100-byte buffers: the payload goes in many chunks, written alternately by both threads.
    RpmHeaderSigner signer =
        new RpmHeaderSigner(key("rpm.org-rsa-2048-test"), TIME, RpmHeaderLimits.DEFAULT, 0, 100);
    RpmHeaderSigner reference = new RpmHeaderSigner(key("rpm.org-rsa-2048-test"), TIME);
    for (String name : GOOD) {
      Path in = Fixtures.rpm(name);
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      RpmPackage want =
          reference.sign(new ByteArrayInputStream(Files.readAllBytes(in)), expected, name);
      RpmPackage got = signer.signFile(in, tmp.resolve("chunks-" + name), name);
      assertArrayEquals(
          expected.toByteArray(), Files.readAllBytes(tmp.resolve("chunks-" + name)), name);
      assertEquals(want.sha256(), got.sha256());
    }
    byte[] bytes = Files.readAllBytes(Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    bytes[bytes.length - 300] ^= 2;
    Path bad = tmp.resolve("in/chunks-tampered.rpm");
    Files.createDirectories(bad.getParent());
    Files.write(bad, bytes);
    assertThrows(
        MalformedRpmException.class, () -> signer.signFile(bad, tmp.resolve("out2/x.rpm"), "x"));
    try (var left = Files.list(tmp.resolve("out2"))) {
      assertEquals(0, left.count());
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {RpmHeaderSigner.PARALLEL_HASH_THRESHOLD, 0})
  void signingFileToFileStillRejectsATamperedPayloadAndLeavesNothing(long parallelThreshold)
      throws Exception {
    byte[] bytes = Files.readAllBytes(Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    bytes[bytes.length - 100] ^= 1;
    Path in = tmp.resolve("in/tampered.rpm");
    Files.createDirectories(in.getParent());
    Files.write(in, bytes);
    Path out = tmp.resolve("out/tampered.rpm");
    RpmHeaderSigner signer =
        new RpmHeaderSigner(
            key("rpm.org-ed25519-test"), TIME, RpmHeaderLimits.DEFAULT, parallelThreshold);
    MalformedRpmException e =
        assertThrows(MalformedRpmException.class, () -> signer.signFile(in, out, "tampered"));
    assertTrue(e.reason().contains("payload digest"), e.reason());
    try (var left = Files.list(out.getParent())) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void resigningASignedPackageReplacesItsSignature() throws Exception {
    Path in = Fixtures.rpm("hello-2.0-1.x86_64-signed.rpm");
    RpmPackage before = new RpmPackageReader().read(in);
    byte[] oldSig = before.signature().bin(RpmTags.SIG_RSA).orElseThrow();
    Path out = tmp.resolve("resigned.rpm");
    try (InputStream s = Files.newInputStream(in)) {
      new RpmHeaderSigner(key("rpm.org-rsa-2048-test"), TIME).signToFile(s, out, "signed");
    }
    RpmPackage after = new RpmPackageReader().read(out);
    byte[] newSig = after.signature().bin(RpmTags.SIG_RSA).orElseThrow();
    assertFalse(Arrays.equals(oldSig, newSig));
    assertTrue(before.signature().has(RpmTags.SIG_PGP), "fixture had a v3 signature too");
    // Replaced, not added to: none of the old signatures survives next to ours.
    for (int tag :
        new int[] {RpmTags.SIG_PGP, RpmTags.SIG_GPG, RpmTags.SIG_DSA, RpmTags.SIG_OPENPGP}) {
      assertFalse(after.signature().has(tag), "old signature tag " + tag + " kept");
    }
    assertEquals(before.header().sha256Hex(), after.header().sha256Hex());
  }

  @Test
  void withoutKeyThePackageIsVerifiedAndCopiedUnchanged() throws Exception {
    Path in = Fixtures.rpm("hello-2.0-1.x86_64-signed.rpm");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream s = Files.newInputStream(in)) {
      new RpmHeaderSigner(null, TIME).sign(s, out, "signed");
    }
    assertArrayEquals(Files.readAllBytes(in), out.toByteArray());
  }

  @Test
  void corruptedFixtureIsRejected() throws Exception {
    Path in = Fixtures.rpm("hello-2.0-1.x86_64-corrupted.rpm");
    Path out = tmp.resolve("c.rpm");
    try (InputStream s = Files.newInputStream(in)) {
      MalformedRpmException e =
          assertThrows(
              MalformedRpmException.class,
              () ->
                  new RpmHeaderSigner(key("rpm.org-rsa-2048-test"), TIME)
                      .signToFile(s, out, "corrupted"));
      assertTrue(e.reason().contains("payload digest"), e.reason());
      assertEquals("corrupted", e.file());
    }
    assertFalse(Files.exists(out));
    try (var files = Files.list(tmp)) {
      assertEquals(0, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void aFlippedPayloadByteFailsThePayloadDigest() throws Exception {
    byte[] bytes = Files.readAllBytes(Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    bytes[bytes.length - 100] ^= 1;
    MalformedRpmException e =
        assertThrows(
            MalformedRpmException.class,
            () ->
                new RpmHeaderSigner(key("rpm.org-ed25519-test"), TIME)
                    .sign(new ByteArrayInputStream(bytes), new ByteArrayOutputStream(), "x"));
    assertTrue(e.reason().contains("payload digest"), e.reason());
  }

  @Test
  void aFlippedHeaderByteFailsTheHeaderDigest() throws Exception {
    byte[] bytes = Files.readAllBytes(Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    RpmPackage pkg = new RpmPackageReader().read(Fixtures.rpm("hello-2.0-1.x86_64.rpm"));
    // Flip a byte inside the data of the description text (last quarter of the header data).
    int at = (int) pkg.headerEnd() - 200;
    bytes[at] ^= 0x01;
    MalformedRpmException e =
        assertThrows(
            MalformedRpmException.class,
            () ->
                new RpmHeaderSigner(key("rpm.org-ed25519-test"), TIME)
                    .sign(new ByteArrayInputStream(bytes), new ByteArrayOutputStream(), "x"));
    assertTrue(e.reason().contains("SHA256HEADER") || e.reason().contains("header"), e.reason());
  }

  @Test
  void aTruncatedPayloadFailsTheSizeOrDigestCheck() throws Exception {
    byte[] bytes = Files.readAllBytes(Fixtures.rpm("foo-1.0-1.noarch.rpm"));
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);
    assertThrows(
        MalformedRpmException.class,
        () ->
            new RpmHeaderSigner(key("rpm.org-rsa-2048-test"), TIME)
                .sign(new ByteArrayInputStream(cut), new ByteArrayOutputStream(), "x"));
  }

  static boolean verifies(byte[] sigPacket, byte[] data, String keyName) throws Exception {
    PGPPublicKeyRing ring;
    try (InputStream in =
        PGPUtil.getDecoderStream(Files.newInputStream(Fixtures.key(keyName + ".pub")))) {
      ring = new PGPPublicKeyRing(in, new BcKeyFingerprintCalculator());
    }
    PGPSignature sig = new PGPSignature(new BCPGInputStream(new ByteArrayInputStream(sigPacket)));
    assertEquals(4, sig.getVersion());
    assertEquals(PGPSignature.BINARY_DOCUMENT, sig.getSignatureType());
    var pub = ring.getPublicKey(sig.getKeyID());
    sig.init(new BcPGPContentVerifierBuilderProvider(), pub);
    sig.update(data);
    return sig.verify();
  }
}
