package dev.konflux.ecosystem.testkit;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Complete, signed example Component Build Artifacts in an OCI layout directory, as Konflux would
 * leave them: the artifact (tagged {@value #TAG}), cosign {@code .sig}/{@code .att}/{@code .sbom}
 * tags, OCI 1.1 referrers (Sigstore bundles and an SBOM) and their tag-schema index, all signed
 * with a freshly generated cosign key whose public half is written to a PEM file.
 */
public final class ExampleArtifacts {
  private ExampleArtifacts() {}

  /** Tag of the example artifact in the layout. */
  public static final String TAG = "build";

  /**
   * Repository the example signatures name (simple-signing docker-reference, statement subject).
   */
  public static final String DOCKER_REFERENCE = "quay.io/konflux-ci/example";

  /**
   * What an example wrote.
   *
   * @param artifact the Component Build Artifact
   * @param reference the artifact's reference by tag, e.g. {@code oci-layout:DIR:build}
   * @param publicKey the PEM public key file to verify with ({@code --cosign-key})
   * @param key the key pair, to sign more things in tests
   */
  public record ExampleBuild(
      StoredArtifact artifact, String reference, Path publicKey, CosignKeyPair key) {}

  /**
   * An RPM build artifact with the given RPMs, a build log and {@code cg_import.json}, signed and
   * attested. The public key goes to {@code cosign.pub} next to the layout directory.
   *
   * @param layoutDir the layout directory (created or extended)
   * @param rpmFiles RPM files named {@code name-version-release.arch.rpm}
   * @return what was written
   * @throws IOException if writing fails
   */
  public static ExampleBuild rpmBuild(Path layoutDir, List<Path> rpmFiles) throws IOException {
    return rpmBuild(layoutDir, rpmFiles, defaultKeyFile(layoutDir));
  }

  /**
   * As {@link #rpmBuild(Path, List)}, with the public key written to {@code publicKeyFile}.
   *
   * @param layoutDir the layout directory
   * @param rpmFiles RPM files
   * @param publicKeyFile where to write the PEM public key
   * @return what was written
   * @throws IOException if writing fails
   */
  public static ExampleBuild rpmBuild(Path layoutDir, List<Path> rpmFiles, Path publicKeyFile)
      throws IOException {
    try (OciLayoutStore store = OciLayoutStore.open(layoutDir)) {
      return rpmBuild(store, rpmFiles, publicKeyFile);
    }
  }

  /**
   * An RPM build artifact made of the testkit's bundled {@link SampleRpms}, a build log and {@code
   * cg_import.json}, signed and attested: needs no input files at all. The packages are written to
   * {@code rpms/} next to the layout directory, the public key to {@code cosign.pub}.
   *
   * @param layoutDir the layout directory (created or extended)
   * @return what was written
   * @throws IOException if writing fails
   */
  public static ExampleBuild sampleRpmBuild(Path layoutDir) throws IOException {
    Path parent =
        java.util.Objects.requireNonNull(
            layoutDir.toAbsolutePath().getParent(), "layout directory has no parent");
    return rpmBuild(
        layoutDir, SampleRpms.writeTo(parent.resolve("rpms")), defaultKeyFile(layoutDir));
  }

  /**
   * As {@link #sampleRpmBuild(Path)}, into any store (for example a registry repository).
   *
   * @param store where to write
   * @param workDir where to write the sample packages
   * @param publicKeyFile where to write the PEM public key
   * @return what was written
   * @throws IOException if writing fails
   */
  public static ExampleBuild sampleRpmBuild(ArtifactStore store, Path workDir, Path publicKeyFile)
      throws IOException {
    return rpmBuild(store, SampleRpms.writeTo(workDir), publicKeyFile);
  }

  /**
   * As {@link #rpmBuild(Path, List, Path)}, into any store (for example a registry repository).
   *
   * @param store where to write
   * @param rpmFiles RPM files
   * @param publicKeyFile where to write the PEM public key
   * @return what was written
   * @throws IOException if writing fails
   */
  public static ExampleBuild rpmBuild(ArtifactStore store, List<Path> rpmFiles, Path publicKeyFile)
      throws IOException {
    if (rpmFiles.isEmpty()) {
      throw new IllegalArgumentException("at least one RPM file is needed");
    }
    Path log = Files.createTempFile("konflux-testkit-build-", ".log");
    try {
      Files.writeString(log, "example build log\n", StandardCharsets.UTF_8);
      RpmBuildArtifact build = RpmBuildArtifact.create().withCgImport().tag(TAG);
      rpmFiles.forEach(build::addRpm);
      String arch =
          rpmFiles.stream()
              .map(p -> RpmFileName.parse(p.getFileName().toString()).arch())
              .filter(a -> !"src".equals(a))
              .findFirst()
              .orElse("noarch");
      build.addLog(log, arch + "/build.log");
      return signAll(store, build.writeTo(store), publicKeyFile);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /**
   * A Python wheels artifact with the given wheels/sdists, signed and attested.
   *
   * @param layoutDir the layout directory
   * @param dists {@code *.whl} / {@code *.tar.gz} files
   * @param publicKeyFile where to write the PEM public key
   * @return what was written
   * @throws IOException if writing fails
   */
  public static ExampleBuild pythonWheels(Path layoutDir, List<Path> dists, Path publicKeyFile)
      throws IOException {
    try (OciLayoutStore store = OciLayoutStore.open(layoutDir)) {
      return pythonWheels(store, dists, publicKeyFile);
    }
  }

  /**
   * As {@link #pythonWheels(Path, List, Path)}, into any store.
   *
   * @param store where to write
   * @param dists {@code *.whl} / {@code *.tar.gz} files
   * @param publicKeyFile where to write the PEM public key
   * @return what was written
   * @throws IOException if writing fails
   */
  public static ExampleBuild pythonWheels(ArtifactStore store, List<Path> dists, Path publicKeyFile)
      throws IOException {
    PythonWheelsArtifact wheels = PythonWheelsArtifact.create().tag(TAG);
    dists.forEach(wheels::add);
    return signAll(store, wheels.writeTo(store), publicKeyFile);
  }

  /**
   * A Maven repository tar artifact holding a generated {@code com.example:demo:1.0} (pom, jar,
   * sources, javadoc, checksums), signed and attested. Needs nothing but this module.
   *
   * @param layoutDir the layout directory
   * @param publicKeyFile where to write the PEM public key
   * @return what was written
   * @throws IOException if writing fails
   */
  public static ExampleBuild mavenRepository(Path layoutDir, Path publicKeyFile)
      throws IOException {
    try (OciLayoutStore store = OciLayoutStore.open(layoutDir)) {
      return mavenRepository(store, publicKeyFile);
    }
  }

  /**
   * As {@link #mavenRepository(Path, Path)}, into any store.
   *
   * @param store where to write
   * @param publicKeyFile where to write the PEM public key
   * @return what was written
   * @throws IOException if writing fails
   */
  public static ExampleBuild mavenRepository(ArtifactStore store, Path publicKeyFile)
      throws IOException {
    Path tree = Files.createTempDirectory("konflux-testkit-maven-");
    try {
      MavenRepositoryTree.of("com.example", "demo", "1.0")
          .withSources()
          .withJavadoc()
          .writeTo(tree);
      return signAll(
          store, MavenRepositoryArtifact.tar(tree).tag(TAG).writeTo(store), publicKeyFile);
    } finally {
      deleteTree(tree);
    }
  }

  private static ExampleBuild signAll(
      ArtifactStore store, StoredArtifact artifact, Path publicKeyFile) throws IOException {
    CosignKeyPair key = CosignKeyPair.generate();
    key.writePublicKey(Objects.requireNonNull(publicKeyFile, "publicKeyFile"));
    byte[] sbom = SbomDocuments.spdx("example", artifact.contents());
    // As Konflux's build pipeline records it: the provenance names the SBOM it pushed, which is
    // what covers the (unsigned) SBOM referrers with a verified signature.
    SlsaProvenance provenance =
        SlsaProvenance.v02()
            .result("SBOM_BLOB_URL", DOCKER_REFERENCE + "@" + Digest.sha256Of(sbom));

    CosignSigner cosign = CosignSigner.with(key);
    cosign.sign(store, artifact.descriptor(), DOCKER_REFERENCE);
    cosign.attest(store, artifact.descriptor(), DOCKER_REFERENCE, provenance);
    cosign.attachSbom(store, artifact.descriptor(), MediaTypes.SPDX_JSON, sbom);

    ReferrerSigner referrers = ReferrerSigner.with(key);
    referrers.signatureBundle(store, artifact.descriptor());
    referrers.attestationBundle(
        store, artifact.descriptor(), DOCKER_REFERENCE, SlsaProvenance.v1());
    referrers.sbom(store, artifact.descriptor(), MediaTypes.SPDX_JSON, sbom);
    return new ExampleBuild(artifact, artifact.reference(), publicKeyFile, key);
  }

  private static Path defaultKeyFile(Path layoutDir) {
    Path absolute = layoutDir.toAbsolutePath();
    return absolute.resolveSibling("cosign.pub");
  }

  private static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
