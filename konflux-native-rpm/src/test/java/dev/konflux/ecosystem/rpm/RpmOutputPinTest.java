package dev.konflux.ecosystem.rpm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.signing.OpenPgpKeyFile;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the RPM target's output byte for byte: fixed packages (module test resources), fixed keys,
 * fixed release time (that of {@link TestTargetContext}) give exactly the recorded SHA-256 of every
 * file, packages, SBOM sidecars, public keys, repodata and {@code repomd.xml.asc}, for a first
 * release and for a second one that adds to it. The digests were recorded from the code before the
 * file-at-a-time SPI; a change here means the output changed.
 */
class RpmOutputPinTest {
  @TempDir Path tmp;

  static Path pinned(String name) {
    try {
      return Path.of(RpmOutputPinTest.class.getResource("/pinned/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static OpenPgpSigner key(String name) throws Exception {
    return OpenPgpKeyFile.load(pinned(name + ".secret"), null, null);
  }

  @Test
  void rsaOutputsAreByteIdentical() throws Exception {
    assertEquals(RSA, release("rpm.org-rsa-2048-test"));
  }

  @Test
  void ed25519OutputsAreByteIdentical() throws Exception {
    assertEquals(ED25519, release("rpm.org-ed25519-test"));
  }

  private Map<String, String> release(String keyName) throws Exception {
    OpenPgpSigner key = key(keyName);
    Map<String, String> options = Map.of(RpmTarget.OPTION_ARCHITECTURES, "x86_64,aarch64");
    Path first = Files.createDirectories(tmp.resolve("first"));
    TestArtifacts a =
        new TestArtifacts()
            .rpm("x86_64/hello-2.0-1.x86_64.rpm", pinned("hello-2.0-1.x86_64.rpm"))
            .rpm("i686/hello-2.0-1.i686.rpm", pinned("hello-2.0-1.i686.rpm"))
            .blob("text/plain", "x86_64/build.log", "log".getBytes(StandardCharsets.UTF_8))
            .sbom(
                Referrer.Kind.SBOM,
                MediaTypes.SPDX_JSON,
                "{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"hello\"}"
                    .getBytes(StandardCharsets.UTF_8));
    SessionDriver.release(
        TestSession.open(new TestTargetContext(first, key, options)),
        new SessionDriver.Input(a.artifact("hello", MediaTypes.ARTIFACT_RPM_BUILD), a));

    Path second = Files.createDirectories(tmp.resolve("second"));
    TestArtifacts b =
        new TestArtifacts()
            .rpm("noarch/foo-1.0-1.noarch.rpm", pinned("foo-1.0-1.noarch.rpm"))
            .sbom(
                Referrer.Kind.COSIGN_SBOM,
                MediaTypes.CYCLONEDX_JSON,
                "{\"bomFormat\":\"CycloneDX\"}".getBytes(StandardCharsets.UTF_8));
    TestArtifacts c =
        new TestArtifacts()
            .rpm("x86_64/hello-2.0-1.x86_64.rpm", pinned("hello-2.0-1.x86_64-signed.rpm"));
    SessionDriver.release(
        TestSession.open(new TestTargetContext(second, key, options).withCurrentOutput(first)),
        new SessionDriver.Input(b.artifact("foo", MediaTypes.ARTIFACT_RPM_BUILD), b),
        new SessionDriver.Input(c.artifact("hello-signed", MediaTypes.ARTIFACT_RPM_BUILD), c));
    Map<String, String> out = new TreeMap<>();
    out.putAll(digests("first/", first));
    out.putAll(digests("second/", second));
    return out;
  }

  private static Map<String, String> digests(String prefix, Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        out.put(
            prefix + root.relativize(p).toString().replace('\\', '/'),
            Digest.sha256Of(Files.readAllBytes(p)).hex());
      }
    }
    return out;
  }

  // Recorded from the code before the file-at-a-time SPI (see the class comment).
  private static final Map<String, String> RSA =
      Map.ofEntries(
          Map.entry(
              "first/x86_64/Packages/hello-2.0-1.i686.rpm",
              "bff3a3ae4b039303ae1f578dfa07b240f407d91d01399a755dd6436c41173776"),
          Map.entry(
              "first/x86_64/Packages/hello-2.0-1.x86_64.rpm",
              "6f7d25e05d645d08c4599a3b65111300af9b547ec2666830c324cfb465605fe3"),
          Map.entry(
              "first/x86_64/RPM-GPG-KEY-konflux",
              "e76093f38e6148592d84946bf3cb0fa0bda5127effe893403d0fb1bc450af7ba"),
          Map.entry(
              "first/x86_64/repodata/90e4865688c278009ce8968d20ee6799afc2fe418a01cdb0115f6fd59fe2e014-filelists.xml.gz",
              "90e4865688c278009ce8968d20ee6799afc2fe418a01cdb0115f6fd59fe2e014"),
          Map.entry(
              "first/x86_64/repodata/ac5dbca031d915a1eef03f31f5e4fb6c5f4a34dae6f9d9a318bddcd1574f51a5-other.xml.gz",
              "ac5dbca031d915a1eef03f31f5e4fb6c5f4a34dae6f9d9a318bddcd1574f51a5"),
          Map.entry(
              "first/x86_64/repodata/f92da9e99ea3141aa81bad686746ef2fd555b57094c9b14ce2e208c9b85029cb-primary.xml.gz",
              "f92da9e99ea3141aa81bad686746ef2fd555b57094c9b14ce2e208c9b85029cb"),
          Map.entry(
              "first/x86_64/repodata/repomd.xml",
              "10fcb80b4baf531cd614d14b1622f69c742efeb620159a437d5d52b013558630"),
          Map.entry(
              "first/x86_64/repodata/repomd.xml.asc",
              "91f3e886515c59d5da9610b096b4fef9a6fc0db78d5a447df7b06e33907fe4c7"),
          Map.entry(
              "first/x86_64/sboms/hello-78188c376857-8b4f5be87111.spdx.json",
              "8b4f5be8711180f37be21de2c391cd89db4036f97c52854971beb11f8658dea0"),
          Map.entry(
              "second/aarch64/Packages/foo-1.0-1.noarch.rpm",
              "419f6683e84b29c15e7094bb0fb2753d9bd4ff2cbcf6a5f3d0ea96e54ef2ccfb"),
          Map.entry(
              "second/aarch64/RPM-GPG-KEY-konflux",
              "e76093f38e6148592d84946bf3cb0fa0bda5127effe893403d0fb1bc450af7ba"),
          Map.entry(
              "second/aarch64/repodata/a2748854df9d0d542776727b8eb9abfa298545963e0fa477cda17b7be6efb7a7-filelists.xml.gz",
              "a2748854df9d0d542776727b8eb9abfa298545963e0fa477cda17b7be6efb7a7"),
          Map.entry(
              "second/aarch64/repodata/b36de12eb23398f60c002c60a5f4a3092c07f1eceae2248aa6c4665473212107-primary.xml.gz",
              "b36de12eb23398f60c002c60a5f4a3092c07f1eceae2248aa6c4665473212107"),
          Map.entry(
              "second/aarch64/repodata/bc442cbc428f175776f7fec47dbb4d13890a2e52402ff355a81fd2e547420ba8-other.xml.gz",
              "bc442cbc428f175776f7fec47dbb4d13890a2e52402ff355a81fd2e547420ba8"),
          Map.entry(
              "second/aarch64/repodata/repomd.xml",
              "bd5509d64efaae3898c9690f13e335e10c47c6771a8b9dc5be7f1054b0f8b854"),
          Map.entry(
              "second/aarch64/repodata/repomd.xml.asc",
              "e9f470349ccd4bc3437b2e4a84f01e26ae834fc9af729d4cd1e4db4332d700e2"),
          Map.entry(
              "second/aarch64/sboms/foo-7a735a169d06-2e01b8740d2b.cdx.json",
              "2e01b8740d2b1c7ff47487ab94ff0f7f4d2853f3d985cd6d7e381c4aa5ef9afa"),
          Map.entry(
              "second/x86_64/Packages/foo-1.0-1.noarch.rpm",
              "419f6683e84b29c15e7094bb0fb2753d9bd4ff2cbcf6a5f3d0ea96e54ef2ccfb"),
          Map.entry(
              "second/x86_64/Packages/hello-2.0-1.i686.rpm",
              "bff3a3ae4b039303ae1f578dfa07b240f407d91d01399a755dd6436c41173776"),
          Map.entry(
              "second/x86_64/Packages/hello-2.0-1.x86_64.rpm",
              "6f7d25e05d645d08c4599a3b65111300af9b547ec2666830c324cfb465605fe3"),
          Map.entry(
              "second/x86_64/RPM-GPG-KEY-konflux",
              "e76093f38e6148592d84946bf3cb0fa0bda5127effe893403d0fb1bc450af7ba"),
          Map.entry(
              "second/x86_64/repodata/3b62e52d76cb8ef672090c053880499e2e572b2e08e74864f7109983a13c04d2-filelists.xml.gz",
              "3b62e52d76cb8ef672090c053880499e2e572b2e08e74864f7109983a13c04d2"),
          Map.entry(
              "second/x86_64/repodata/fc1227999150fceaf9741f90d5d4e5855d8c44208c6815770b6fbfd6f808afaa-primary.xml.gz",
              "fc1227999150fceaf9741f90d5d4e5855d8c44208c6815770b6fbfd6f808afaa"),
          Map.entry(
              "second/x86_64/repodata/fd27b64e7318db7eb3213db27874f719b0194ebb82f4ee767e81ad8ed7a044da-other.xml.gz",
              "fd27b64e7318db7eb3213db27874f719b0194ebb82f4ee767e81ad8ed7a044da"),
          Map.entry(
              "second/x86_64/repodata/repomd.xml",
              "044885a5e14a09a6682a6b002ca0a1da2e1af784b17e2f9a259e5fe4965360b3"),
          Map.entry(
              "second/x86_64/repodata/repomd.xml.asc",
              "f548c476411a5d3f18127254b7a3f02fea2844c748af5086a063288db9b5d2ae"),
          Map.entry(
              "second/x86_64/sboms/foo-7a735a169d06-2e01b8740d2b.cdx.json",
              "2e01b8740d2b1c7ff47487ab94ff0f7f4d2853f3d985cd6d7e381c4aa5ef9afa"),
          Map.entry(
              "second/x86_64/sboms/hello-78188c376857-8b4f5be87111.spdx.json",
              "8b4f5be8711180f37be21de2c391cd89db4036f97c52854971beb11f8658dea0"));
  private static final Map<String, String> ED25519 =
      Map.ofEntries(
          Map.entry(
              "first/x86_64/Packages/hello-2.0-1.i686.rpm",
              "18e7f1a2b457652fc089d29ddb13057cd5e4b90231d7828938c30bbbe4789bd0"),
          Map.entry(
              "first/x86_64/Packages/hello-2.0-1.x86_64.rpm",
              "851b5b4dbc01a61c4970e3ef026fa96186e85e283e49ba102d3d20f6ce679ff1"),
          Map.entry(
              "first/x86_64/RPM-GPG-KEY-konflux",
              "31858ad2dd9226c6bb034cd6bc6de6bb399096d75ff83044bf319608a32c3ddf"),
          Map.entry(
              "first/x86_64/repodata/2b8317b4364714a81baef14ed55eb2f40fab8dada741e6ccd6dab954aa2752fd-other.xml.gz",
              "2b8317b4364714a81baef14ed55eb2f40fab8dada741e6ccd6dab954aa2752fd"),
          Map.entry(
              "first/x86_64/repodata/c5f81afbc57cbc4561d5df4f6a637f125db857c9741af5c799b802c3b26dca23-primary.xml.gz",
              "c5f81afbc57cbc4561d5df4f6a637f125db857c9741af5c799b802c3b26dca23"),
          Map.entry(
              "first/x86_64/repodata/de83250147ec0448ab5a35c8da354746c4278c7480756c722470d98954faf7e4-filelists.xml.gz",
              "de83250147ec0448ab5a35c8da354746c4278c7480756c722470d98954faf7e4"),
          Map.entry(
              "first/x86_64/repodata/repomd.xml",
              "156d9597cd0ea11e9b38afd1c3354488a456947300e9fe7311a126985da7885b"),
          Map.entry(
              "first/x86_64/repodata/repomd.xml.asc",
              "d8130c7ca75b62aca1430a66a42ecaf891df5c2a1b26c4848d2223ad3919e09f"),
          Map.entry(
              "first/x86_64/sboms/hello-78188c376857-8b4f5be87111.spdx.json",
              "8b4f5be8711180f37be21de2c391cd89db4036f97c52854971beb11f8658dea0"),
          Map.entry(
              "second/aarch64/Packages/foo-1.0-1.noarch.rpm",
              "75a8a04dc29432050ff9983a7ca24f047d59057e3c7d5aae7d20d3f72743e00d"),
          Map.entry(
              "second/aarch64/RPM-GPG-KEY-konflux",
              "31858ad2dd9226c6bb034cd6bc6de6bb399096d75ff83044bf319608a32c3ddf"),
          Map.entry(
              "second/aarch64/repodata/8b813f42cb0b5d6f41f8d2987c8e8ad8b2210bd27cdfc8b163c474d430c37b8f-filelists.xml.gz",
              "8b813f42cb0b5d6f41f8d2987c8e8ad8b2210bd27cdfc8b163c474d430c37b8f"),
          Map.entry(
              "second/aarch64/repodata/d9bb53ea24840b7500629187e6c15df75d70a12b0d5fed228efe00f7091409ea-other.xml.gz",
              "d9bb53ea24840b7500629187e6c15df75d70a12b0d5fed228efe00f7091409ea"),
          Map.entry(
              "second/aarch64/repodata/e40782cd9ace56ef560484b89a670b2ec4a8a34911fe68eb54d7be38c2cdb735-primary.xml.gz",
              "e40782cd9ace56ef560484b89a670b2ec4a8a34911fe68eb54d7be38c2cdb735"),
          Map.entry(
              "second/aarch64/repodata/repomd.xml",
              "e9b9f594c7281ef927c50273c338187e7beb0976347c4000d46311fd0e0d9a47"),
          Map.entry(
              "second/aarch64/repodata/repomd.xml.asc",
              "82c9dff297bb66baf560caf7a37e5c092c389690c3eb0f66575d607e36245b30"),
          Map.entry(
              "second/aarch64/sboms/foo-7a735a169d06-2e01b8740d2b.cdx.json",
              "2e01b8740d2b1c7ff47487ab94ff0f7f4d2853f3d985cd6d7e381c4aa5ef9afa"),
          Map.entry(
              "second/x86_64/Packages/foo-1.0-1.noarch.rpm",
              "75a8a04dc29432050ff9983a7ca24f047d59057e3c7d5aae7d20d3f72743e00d"),
          Map.entry(
              "second/x86_64/Packages/hello-2.0-1.i686.rpm",
              "18e7f1a2b457652fc089d29ddb13057cd5e4b90231d7828938c30bbbe4789bd0"),
          Map.entry(
              "second/x86_64/Packages/hello-2.0-1.x86_64.rpm",
              "851b5b4dbc01a61c4970e3ef026fa96186e85e283e49ba102d3d20f6ce679ff1"),
          Map.entry(
              "second/x86_64/RPM-GPG-KEY-konflux",
              "31858ad2dd9226c6bb034cd6bc6de6bb399096d75ff83044bf319608a32c3ddf"),
          Map.entry(
              "second/x86_64/repodata/246f9954adfde942819116fac691f508b1ccb0ceccbfa0963b5db075858c3872-primary.xml.gz",
              "246f9954adfde942819116fac691f508b1ccb0ceccbfa0963b5db075858c3872"),
          Map.entry(
              "second/x86_64/repodata/777bda968a80e8a1a821136084354f3b9c0cbf1655f9e3188899f25afe982dd5-other.xml.gz",
              "777bda968a80e8a1a821136084354f3b9c0cbf1655f9e3188899f25afe982dd5"),
          Map.entry(
              "second/x86_64/repodata/87864bf7c8ba49a899560623b00dac3a62392f05614816048b141d639778bb78-filelists.xml.gz",
              "87864bf7c8ba49a899560623b00dac3a62392f05614816048b141d639778bb78"),
          Map.entry(
              "second/x86_64/repodata/repomd.xml",
              "36dd079f8d45d068e8c6daf04dcfbd9f5df94e5dd14678b0743628f1977730fd"),
          Map.entry(
              "second/x86_64/repodata/repomd.xml.asc",
              "b773fb9f53be7e81d2a6d5e3ed844cbec8314f84ffcb70f9079f881f7a91fe11"),
          Map.entry(
              "second/x86_64/sboms/foo-7a735a169d06-2e01b8740d2b.cdx.json",
              "2e01b8740d2b1c7ff47487ab94ff0f7f4d2853f3d985cd6d7e381c4aa5ef9afa"),
          Map.entry(
              "second/x86_64/sboms/hello-78188c376857-8b4f5be87111.spdx.json",
              "8b4f5be8711180f37be21de2c391cd89db4036f97c52854971beb11f8658dea0"));
}
