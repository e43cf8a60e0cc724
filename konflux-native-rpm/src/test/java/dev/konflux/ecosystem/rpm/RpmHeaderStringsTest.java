package dev.konflux.ecosystem.rpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.rpm.internal.header.RpmTags;
import dev.konflux.ecosystem.rpm.internal.sign.EditedHeaderPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Header strings are checked like rpmbuild checks a spec, on packages whose header was edited after
 * the build and whose digests were all recomputed (rpm -K calls them intact): the signer's digest
 * checks pass, and still nothing is published.
 */
class RpmHeaderStringsTest {
  @TempDir Path dir;

  /**
   * A package edited from foo-1.0-1.noarch, the title it is published under, what the error must
   * say.
   */
  private record Case(Map<Integer, String> edits, String title, String says) {}

  private Path edited(String name, Map<Integer, String> edits) throws Exception {
    Path p =
        EditedHeaderPackages.edit(Fixtures.rpm("foo-1.0-1.noarch.rpm"), dir.resolve(name), edits);
    RpmTool.Result k =
        new RpmTool(Files.createDirectories(dir.resolve("rpmdb"))).checkDigests(List.of(p));
    assertEquals(0, k.exitCode(), k.output());
    assertTrue(
        k.output().contains("Header SHA256 digest: OK") && k.output().contains("MD5 digest: OK"),
        k.output());
    return p;
  }

  @Test
  void impossibleHeaderStringsAreRefusedAndNothingIsPublished() throws Exception {
    List<Case> cases =
        List.of(
            new Case(Map.of(RpmTags.NAME, "f/o"), "foo-1.0-1.noarch.rpm", "name 'f/o'"),
            new Case(Map.of(RpmTags.NAME, "f o"), "f o-1.0-1.noarch.rpm", "U+0020"),
            new Case(Map.of(RpmTags.NAME, "f\no"), "foo-1.0-1.noarch.rpm", "U+000A"),
            new Case(Map.of(RpmTags.NAME, "-fo"), "-fo-1.0-1.noarch.rpm", "does not start"),
            new Case(Map.of(RpmTags.NAME, "f%o"), "f%o-1.0-1.noarch.rpm", "U+0025"),
            new Case(Map.of(RpmTags.NAME, "o\u00e9"), "o\u00e9-1.0-1.noarch.rpm", "U+00E9"),
            new Case(Map.of(RpmTags.VERSION, "1-0"), "foo-1-0-1.noarch.rpm", "version '1-0'"),
            new Case(Map.of(RpmTags.VERSION, "1.."), "foo-1..-1.noarch.rpm", "\"..\""),
            new Case(Map.of(RpmTags.RELEASE, "-"), "foo-1.0--.noarch.rpm", "release '-'"),
            new Case(
                Map.of(RpmTags.ARCH, "vaxarc"), "foo-1.0-1.vaxarc.rpm", "rpm.extraArchitectures"),
            // A consistent, possible header published under another package's name.
            new Case(
                Map.of(RpmTags.NAME, "bar"),
                "foo-1.0-1.noarch.rpm",
                "header says 'bar-1.0-1.noarch.rpm'"),
            new Case(Map.of(), "foo-1.0-2.noarch.rpm", "header says 'foo-1.0-1.noarch.rpm'"),
            new Case(
                Map.of(RpmTags.ARCH, "x86_64"), "foo-1.0-1.noarch.rpm", "foo-1.0-1.x86_64.rpm"));
    int n = 0;
    for (Case c : cases) {
      Path pkg = edited("edited-" + (n++) + ".rpm", c.edits());
      Path staging = Files.createDirectories(dir.resolve("staging-" + n));
      TestSession session =
          TestSession.open(
              new TestTargetContext(staging, RpmTargetTest.key("rpm.org-rsa-2048-test"), Map.of()));
      TestArtifacts a = new TestArtifacts().rpm("noarch/" + c.title(), pkg);
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> session.add(a.artifact("foo", MediaTypes.ARTIFACT_RPM_BUILD), a),
              c.toString());
      assertTrue(e.getMessage().contains(c.says()), c + ": " + e.getMessage());
      assertTrue(
          e.getMessage().contains("package noarch/"), "names the package: " + e.getMessage());
      assertEquals(Set.of(), RpmTargetTest.packages(staging), c.toString());
    }
  }

  @Test
  void anEditedButPossibleHeaderUnderItsOwnNameIsPublishedAndPassesRpmK() throws Exception {
    Path pkg = edited("bar.rpm", Map.of(RpmTags.NAME, "bar", RpmTags.VERSION, "2.0"));
    Path staging = Files.createDirectories(dir.resolve("staging"));
    TestTargetContext ctx =
        new TestTargetContext(
            staging,
            RpmTargetTest.key("rpm.org-rsa-2048-test"),
            Map.of(RpmTarget.OPTION_ARCHITECTURES, "x86_64"));
    TestSession session = TestSession.open(ctx);
    TestArtifacts a = new TestArtifacts().rpm("noarch/bar-2.0-1.noarch.rpm", pkg);
    session.add(a.artifact("bar", MediaTypes.ARTIFACT_RPM_BUILD), a);
    session.finish();
    Path out = staging.resolve("x86_64/Packages/bar-2.0-1.noarch.rpm");
    RpmTool rpm = new RpmTool(Files.createDirectories(dir.resolve("rpmdb-signed")));
    RpmTool.Result imported = rpm.importKey(staging.resolve("x86_64/RPM-GPG-KEY-konflux"));
    assertEquals(0, imported.exitCode(), imported.output());
    RpmTool.Result k = rpm.checkSignatures(List.of(out));
    assertEquals(0, k.exitCode(), k.output());
    assertTrue(k.output().contains("Signature, key ID") && k.output().contains(": OK"), k.output());
  }

  @Test
  void anExtraArchitectureIsAcceptedInTheHeaderButStillNeedsARepository() throws Exception {
    Path pkg = edited("vax.rpm", Map.of(RpmTags.ARCH, "vaxarc"));
    TestSession session =
        TestSession.open(
            new TestTargetContext(
                dir,
                RpmTargetTest.key("rpm.org-rsa-2048-test"),
                Map.of(RpmTarget.OPTION_EXTRA_ARCHITECTURES, "vaxarc")));
    TestArtifacts a = new TestArtifacts().rpm("foo-1.0-1.vaxarc.rpm", pkg);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> session.add(a.artifact("foo", MediaTypes.ARTIFACT_RPM_BUILD), a));
    assertTrue(e.getMessage().contains("not among the configured repositories"), e.getMessage());
    assertThrows(
        InvalidInputException.class,
        () ->
            new RpmTarget()
                .open(
                    new TestTargetContext(
                        dir,
                        RpmTargetTest.key("rpm.org-rsa-2048-test"),
                        Map.of(RpmTarget.OPTION_EXTRA_ARCHITECTURES, "a/b"))));
  }
}
