package dev.konflux.ecosystem.pypi;

import static org.junit.jupiter.api.Assertions.*;

import dev.konflux.ecosystem.pypi.internal.dist.DistFileName;
import dev.konflux.ecosystem.pypi.internal.dist.DistLimits;
import dev.konflux.ecosystem.pypi.internal.dist.SdistValidator;
import dev.konflux.ecosystem.pypi.internal.dist.ValidatedDist;
import dev.konflux.ecosystem.pypi.internal.dist.WheelValidator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every validation rule of point 1, one wheel or sdist per fault, plus the good ones. */
class DistValidationTest {
  @TempDir Path dir;

  private ValidatedDist validate(Path file) throws InvalidDistributionException {
    DistFileName name = DistFileName.parse(file.getFileName().toString());
    return name.wheel()
        ? new WheelValidator(DistLimits.DEFAULT, true).validate(file, name)
        : new SdistValidator(DistLimits.DEFAULT).validate(file, name);
  }

  private DistributionRule rule(Path file) {
    InvalidDistributionException e =
        assertThrows(InvalidDistributionException.class, () -> validate(file));
    assertEquals(file.getFileName().toString(), e.fileName());
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    return e.rule();
  }

  @Test
  void goodWheelPassesAndServesItsMetadataBytes() throws Exception {
    TestDists.Wheel w = TestDists.wheel("Demo.Pkg", "1.0").build("1build").sbom();
    ValidatedDist v = validate(w.write(dir));
    assertArrayEquals(w.metadata(), v.coreMetadata());
    assertEquals(">=3.7", v.requiresPython());
    assertEquals("demo-pkg", v.name().project());
    assertEquals("1build", v.name().buildTag());
    assertEquals(List.of("demo_pkg-1.0.dist-info/sboms/demo.spdx.json"), v.sboms());
  }

  @Test
  void metadataVersionSpelledDifferentlyIsTheSameVersion() throws Exception {
    validate(TestDists.wheel("demo", "1.0").metadataVersion("1.0.0").write(dir));
  }

  @Test
  void zipSlipIsRefused() throws Exception {
    assertEquals(
        DistributionRule.PATH,
        rule(
            TestDists.wheel("demo", "1.0")
                .file("../evil.py", "x".getBytes(StandardCharsets.UTF_8))
                .write(dir)));
  }

  @Test
  void absoluteDriveLetterAndBackslashPathsAreRefused() throws Exception {
    for (String bad : List.of("/etc/passwd", "C:/x.py", "demo\\..\\x.py", "demo//x.py")) {
      Path d = Files.createDirectories(dir.resolve("d" + bad.hashCode()));
      assertEquals(
          DistributionRule.PATH,
          rule(TestDists.wheel("demo", "1.0").file(bad, new byte[1]).write(d)),
          bad);
    }
  }

  @Test
  void recordLiesAreRefused() throws Exception {
    Path hash =
        TestDists.wheel("demo", "1.0")
            .record(
                r ->
                    r.replaceFirst(
                        "(demo/__init__.py,sha256=)[^,]+", "$1" + TestDists.b64(new byte[32])))
            .write(dir.resolve("hash"));
    assertEquals(DistributionRule.RECORD, rule(hash));
    Path size =
        TestDists.wheel("demo", "1.0")
            .record(r -> r.replaceFirst("(demo/__init__.py,sha256=[^,]+,)\\d+", "$1999"))
            .write(dir.resolve("size"));
    assertEquals(DistributionRule.RECORD, rule(size));
    Path missing =
        TestDists.wheel("demo", "1.0")
            .unlisted("demo/extra.py", new byte[3])
            .write(dir.resolve("missing"));
    assertEquals(DistributionRule.RECORD, rule(missing));
    Path phantom =
        TestDists.wheel("demo", "1.0")
            .record(r -> r + "demo/ghost.py,sha256=" + TestDists.b64(new byte[32]) + ",1\n")
            .write(dir.resolve("phantom"));
    assertEquals(DistributionRule.RECORD, rule(phantom));
    Path md5 =
        TestDists.wheel("demo", "1.0")
            .record(r -> r.replaceFirst("sha256=[^,]+", "md5=AAAAAAAAAAAAAAAAAAAAAA"))
            .write(dir.resolve("md5"));
    assertEquals(DistributionRule.RECORD, rule(md5));
  }

  @Test
  void metadataNameOrVersionDifferentFromTheFileNameIsRefused() throws Exception {
    assertEquals(
        DistributionRule.NAME_MISMATCH,
        rule(TestDists.wheel("demo", "1.0").metadataName("other").write(dir.resolve("n"))));
    assertEquals(
        DistributionRule.VERSION_MISMATCH,
        rule(TestDists.wheel("demo", "1.0").metadataVersion("1.1").write(dir.resolve("v"))));
  }

  @Test
  void duplicateMembersAreRefused() throws Exception {
    assertEquals(
        DistributionRule.DUPLICATE_ENTRY,
        rule(TestDists.wheel("demo", "1.0").unlisted("demo/__init__.py", new byte[2]).write(dir)));
  }

  @Test
  void symlinksAreRefused() throws Exception {
    assertEquals(
        DistributionRule.LINK,
        rule(TestDists.wheel("demo", "1.0").symlink("demo/link").write(dir)));
  }

  @Test
  void aOneGibibyteBombFailsOnItsDeclaredRatioBeforeInflating() throws Exception {
    Path bomb = TestDists.bomb(dir, 1L << 30);
    assertTrue(Files.size(bomb) < 8 << 20, "the bomb is small: " + Files.size(bomb));
    assertEquals(DistributionRule.COMPRESSION_RATIO, rule(bomb));
  }

  @Test
  void aMemberInflatingBeyondItsDeclaredSizeIsStopped() throws Exception {
    Path bomb = TestDists.bomb(dir, 8L << 20);
    // Make the central directory claim 100 bytes for the big member: the ratio check passes and
    // inflation must stop at 100 bytes.
    byte[] bytes = Files.readAllBytes(bomb);
    byte[] name = "bomb/zeros.bin".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    boolean patched = false;
    for (int i = 0; i + 46 < bytes.length; i++) {
      if (buf.getInt(i) == 0x02014b50
          && (buf.getShort(i + 28) & 0xffff) == name.length
          && new String(bytes, i + 46, name.length, StandardCharsets.US_ASCII)
              .equals("bomb/zeros.bin")) {
        buf.putInt(i + 24, 100);
        patched = true;
      }
    }
    assertTrue(patched);
    Files.write(bomb, bytes);
    DistributionRule r = rule(bomb);
    assertTrue(r == DistributionRule.SIZE_LIMIT || r == DistributionRule.RECORD, r.toString());
  }

  @Test
  void tooManyMembersAreRefusedFromTheEndRecord() throws Exception {
    TestDists.Wheel w = TestDists.wheel("demo", "1.0");
    for (int i = 0; i < 60; i++) {
      w.file("demo/m" + i + ".py", new byte[] {(byte) i});
    }
    Path file = w.write(dir);
    DistFileName name = DistFileName.parse(file.getFileName().toString());
    DistLimits small = new DistLimits(50, 1 << 20, 1 << 20, 200, 1 << 20, 1 << 20);
    InvalidDistributionException e =
        assertThrows(
            InvalidDistributionException.class,
            () -> new WheelValidator(small, true).validate(file, name));
    assertEquals(DistributionRule.ENTRY_LIMIT, e.rule());
  }

  @Test
  void notAZipIsAnArchiveFailure() throws Exception {
    Path file = dir.resolve("demo-1.0-py3-none-any.whl");
    Files.writeString(file, "not a zip");
    assertEquals(DistributionRule.ARCHIVE, rule(file));
  }

  @Test
  void missingMetadataOrWheelInfo() throws Exception {
    Path noRecordRow = TestDists.wheel("demo", "1.0").record(r -> "").write(dir.resolve("r"));
    assertEquals(DistributionRule.RECORD, rule(noRecordRow));
  }

  @Test
  void recordWithoutHashCheckingStillChecksListingAndSizes() throws Exception {
    Path hash =
        TestDists.wheel("demo", "1.0")
            .record(
                r ->
                    r.replaceFirst(
                        "(demo/__init__.py,sha256=)[^,]+", "$1" + TestDists.b64(new byte[32])))
            .write(dir.resolve("hash"));
    DistFileName name = DistFileName.parse(hash.getFileName().toString());
    new WheelValidator(DistLimits.DEFAULT, false).validate(hash, name);
    Path missing =
        TestDists.wheel("demo", "1.0")
            .unlisted("demo/extra.py", new byte[3])
            .write(dir.resolve("missing"));
    InvalidDistributionException e =
        assertThrows(
            InvalidDistributionException.class,
            () -> new WheelValidator(DistLimits.DEFAULT, false).validate(missing, name));
    assertEquals(DistributionRule.RECORD, e.rule());
  }

  @Test
  void goodSdistServesPkgInfoFromMetadataVersion22() throws Exception {
    TestDists.Sdist s = TestDists.sdist("demo_pkg", "1.0");
    ValidatedDist v = validate(s.write(dir.resolve("a")));
    assertArrayEquals(s.pkgInfoBytes(), v.coreMetadata());
    TestDists.Sdist old = TestDists.sdist("demo_pkg", "1.0");
    old.metadataVersion = "2.1";
    assertNull(validate(old.write(dir.resolve("b"))).coreMetadata());
  }

  @Test
  void sdistFaults() throws Exception {
    assertEquals(
        DistributionRule.LINK,
        rule(
            TestDists.sdist("demo", "1.0")
                .symlink("demo-1.0/link", "/etc/passwd")
                .write(dir.resolve("l"))));
    assertEquals(
        DistributionRule.PATH,
        rule(
            TestDists.sdist("demo", "1.0")
                .member("other/x.py", new byte[1])
                .write(dir.resolve("o"))));
    assertEquals(
        DistributionRule.PATH,
        rule(
            TestDists.sdist("demo", "1.0")
                .member("demo-1.0/../x.py", new byte[1])
                .write(dir.resolve("s"))));
    assertEquals(
        DistributionRule.DUPLICATE_ENTRY,
        rule(
            TestDists.sdist("demo", "1.0")
                .member("demo-1.0/setup.py", new byte[1])
                .write(dir.resolve("d"))));
    TestDists.Sdist noInfo = TestDists.sdist("demo", "1.0");
    noInfo.pkgInfo = false;
    assertEquals(DistributionRule.METADATA, rule(noInfo.write(dir.resolve("m"))));
    TestDists.Sdist other = TestDists.sdist("demo", "1.0");
    other.metadataName = "other";
    assertEquals(DistributionRule.NAME_MISMATCH, rule(other.write(dir.resolve("n"))));
  }

  @Test
  void sdistBombFailsOnTheRatioWhileInflating() throws Exception {
    // A valid sdist with a 256 MiB member of zeros (about 256 KiB compressed): the guard stops
    // inflation at 200 times the archive's size.
    TestDists.Sdist s = TestDists.sdist("demo", "1.0");
    s.bigZeroMember = 256L << 20;
    Path file = s.write(dir);
    assertTrue(Files.size(file) < 2 << 20, "small archive: " + Files.size(file));
    assertEquals(DistributionRule.COMPRESSION_RATIO, rule(file));
  }

  @Test
  void fileNameRules() {
    for (String bad :
        List.of(
            "demo.whl",
            "demo-1.0.whl",
            "demo-1.0-x-py3-none-any.whl",
            "demo-notaversion-py3-none-any.whl",
            "Demo-1.0.tar.gz",
            "demo-pkg-1.0.tar.gz",
            "demo-1.0.0-.tar.gz",
            "demo-01.0.tar.gz",
            "demo-1.0.zip",
            "demo-1.0-py3-none-any.egg",
            "de mo-1.0-py3-none-any.whl")) {
      InvalidDistributionException e =
          assertThrows(InvalidDistributionException.class, () -> DistFileName.parse(bad), bad);
      assertEquals(DistributionRule.FILE_NAME, e.rule(), bad);
    }
    for (String good :
        List.of(
            "demo-1.0-py3-none-any.whl",
            "Demo.Pkg-1.0rc1-7-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "demo_pkg-1.0.post1.tar.gz",
            "demo-1!2.0+local.1-py2.py3-none-any.whl")) {
      assertDoesNotThrow(() -> DistFileName.parse(good), good);
    }
  }
}
