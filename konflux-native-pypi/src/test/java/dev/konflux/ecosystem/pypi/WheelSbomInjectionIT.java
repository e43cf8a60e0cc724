package dev.konflux.ecosystem.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.ReleaseRecord;
import dev.konflux.ecosystem.api.TargetReport;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.spi.FileOrigin;
import dev.konflux.ecosystem.testkit.PipInstaller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PEP 770 in the Python target: {@code pypi.injectSbom=true} adds the component's SBOM (the core's
 * SBOM finder's, here the testkit example's SPDX that the provenance names) to each wheel before it
 * is attested; the new RECORD verifies with Python's own zip, csv and hashlib; Debian's pip
 * installs the wheel with {@code --require-hashes}, SBOM included; {@code release.json} records the
 * original digest (the layer), the new one, and the SBOM referrer. Without the option a wheel's
 * bytes stay as they were and the SBOMs it carries are reported.
 */
class WheelSbomInjectionIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WHEEL = "demo_pkg-1.0-py3-none-any.whl";

  @TempDir Path work;

  private static ReleaseRecord.FileEntry entry(TranslateResult r, String path) {
    return r.record().files().stream()
        .filter(f -> f.path().equals("pypi/" + path))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " not in " + r.record().files()));
  }

  @Test
  void injectedWheelVerifiesInstallsAndNamesItsSbom() throws Exception {
    Path input = TestDists.wheel("Demo.Pkg", "1.0").write(work.resolve("in"));
    Digest original = Digest.sha256Of(Files.readAllBytes(input));
    Releases.SigningKey key = Releases.signingKey(work);
    Path out = work.resolve("out");
    TranslateResult result =
        Releases.release(
            out,
            List.of(input),
            work,
            Map.of(
                PypiTarget.OPTION_SIGSTORE_KEY,
                key.pem().toString(),
                PypiTarget.OPTION_INJECT_SBOM,
                "true"));
    Path wheel = out.resolve("pypi/files/" + WHEEL);
    Digest injected = Digest.sha256Of(Files.readAllBytes(wheel));
    assertNotEquals(original, injected, "the wheel carries one more entry");

    // release.json: the new digest, the original one (the layer), the SBOM and its referrer.
    ReleaseRecord.FileEntry e = entry(result, "files/" + WHEEL);
    assertEquals(injected, e.sha256());
    FileOrigin layer =
        e.origins().stream()
            .filter(o -> o.layerDigest().equals(original))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no origin names the original wheel: " + e));
    FileOrigin sbomOrigin =
        e.origins().stream()
            .filter(o -> !o.manifestDigest().equals(layer.manifestDigest()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no origin names an SBOM referrer: " + e));
    assertTrue(
        Files.readString(out.resolve("release.json"))
            .contains(sbomOrigin.manifestDigest().toString()),
        "release.json names the SBOM referrer");

    // The PEP 740 attestation is over the injected bytes.
    JsonNode attestation =
        JSON.readTree(out.resolve("pypi/files/" + WHEEL + ".publish.attestation").toFile());
    String statement =
        new String(
            Base64.getDecoder().decode(attestation.path("envelope").path("statement").asText()),
            java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(statement.contains(injected.hex()), statement);

    // RECORD lists every entry with its right hash and size, the SBOM included.
    Processes.Result check =
        Processes.run(
            work,
            List.of(
                PipInstaller.DEBIAN_PYTHON,
                "-c",
                String.join(
                    "\n",
                    "import base64, csv, hashlib, io, sys, zipfile",
                    "z = zipfile.ZipFile(sys.argv[1])",
                    "rec = [n for n in z.namelist() if n.endswith('.dist-info/RECORD')][0]",
                    "rows = list(csv.reader(io.TextIOWrapper(z.open(rec), 'utf-8')))",
                    "listed = {r[0] for r in rows}",
                    "assert listed == set(z.namelist()), (listed ^ set(z.namelist()))",
                    "for path, h, size in rows:",
                    "    if path == rec: continue",
                    "    data = z.read(path)",
                    "    d = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=')",
                    "    assert h == 'sha256=' + d.decode(), path",
                    "    assert int(size) == len(data), path",
                    "print([p for p in listed if '/sboms/' in p][0])"),
                wheel.toString()),
            Map.of(),
            60);
    assertEquals(0, check.exit(), check.output());
    String sbomEntry = check.output().strip();
    assertTrue(
        sbomEntry.matches("[^/]+\\.dist-info/sboms/konflux-[0-9a-f]{12}\\.spdx\\.json"), sbomEntry);

    // Debian's pip installs it from the index with the hash our JSON states.
    JsonNode page = JSON.readTree(out.resolve("pypi/simple/demo-pkg/index.json").toFile());
    String hash = page.path("files").get(0).path("hashes").path("sha256").asText();
    assertEquals(injected.hex(), hash);
    Path req =
        Files.writeString(work.resolve("req.txt"), "demo-pkg==1.0 --hash=sha256:" + hash + "\n");
    try (Processes.FileServer server = new Processes.FileServer(out.resolve("pypi"))) {
      Path target = work.resolve("site");
      PipInstaller.Result pip =
          PipInstaller.of(PipInstaller.DEBIAN_PYTHON, work)
              .installWithHashes(server.url() + "/simple/", target, req);
      assertEquals(0, pip.exit(), pip.output());
      assertTrue(Files.isRegularFile(target.resolve(sbomEntry)), "installed with its SBOM");
      assertTrue(Files.readString(target.resolve(sbomEntry)).contains("SPDX-2.3"));
    }
  }

  @Test
  void withoutTheOptionWheelsKeepTheirBytesAndTheirSbomsAreReported() throws Exception {
    Path input = TestDists.wheel("Demo.Pkg", "1.0").sbom().write(work.resolve("in"));
    Digest original = Digest.sha256Of(Files.readAllBytes(input));
    Path out = work.resolve("out");
    TranslateResult result =
        Releases.release(out, List.of(input), work, Map.of(PypiTarget.OPTION_UNSIGNED, "true"));
    assertEquals(original, Digest.sha256Of(Files.readAllBytes(out.resolve("pypi/files/" + WHEEL))));
    ReleaseRecord.FileEntry e = entry(result, "files/" + WHEEL);
    assertEquals(original, e.sha256());
    List<String> reported =
        e.origins().stream().map(FileOrigin::archiveEntry).filter(a -> a != null).toList();
    assertEquals(1, reported.size(), e.toString());
    assertTrue(reported.get(0).endsWith(".dist-info/sboms/demo.spdx.json"), reported.toString());
    // The PEP 770 report: this wheel carries an SBOM, so its report passes.
    TargetReport pep770 = pep770(result, WHEEL);
    assertTrue(pep770.passed(), pep770.toString());

    // A wheel without .dist-info/sboms/ is reported with a finding (and published as it is).
    Path plain = TestDists.wheel("Demo.Pkg", "1.0").write(work.resolve("in-plain"));
    TranslateResult second =
        Releases.release(
            work.resolve("out-plain"),
            List.of(plain),
            work,
            Map.of(PypiTarget.OPTION_UNSIGNED, "true"));
    TargetReport missing = pep770(second, WHEEL);
    assertEquals(1, missing.findings().size(), missing.toString());
    assertEquals("NO_PEP770_SBOM", missing.findings().get(0).rule());
    assertTrue(
        Files.readString(work.resolve("out-plain/release.json")).contains("NO_PEP770_SBOM"),
        "release.json carries the PEP 770 report");
  }

  private static TargetReport pep770(TranslateResult r, String wheel) {
    return r.record().reports().stream()
        .filter(t -> t.kind().equals("pep770") && t.subject().equals(wheel))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no PEP 770 report for " + wheel + ": " + r.record()));
  }
}
