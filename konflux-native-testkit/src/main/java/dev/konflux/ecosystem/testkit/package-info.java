/**
 * Makes Konflux-shaped inputs for tests: Component Build Artifacts as Konflux pushes them, signed
 * and attested the way Konflux signs them, written into an OCI image layout (or, through another
 * {@link dev.konflux.ecosystem.testkit.ArtifactStore}, a registry).
 *
 * <h2>Where things go</h2>
 *
 * <ul>
 *   <li>{@link dev.konflux.ecosystem.testkit.OciLayoutStore}: an OCI image layout directory, and
 *       {@code writeTar} for the {@code oci-layout:FILE.tar} form.
 * </ul>
 *
 * <h2>What is built</h2>
 *
 * <ul>
 *   <li>{@link dev.konflux.ecosystem.testkit.RpmBuildArtifact} ({@code
 *       application/vnd.rpm.build.v0}), {@link dev.konflux.ecosystem.testkit.PythonWheelsArtifact}
 *       ({@code application/vnd.python.wheels}), {@link
 *       dev.konflux.ecosystem.testkit.MavenRepositoryArtifact} (tar and zip packings, with {@link
 *       dev.konflux.ecosystem.testkit.MavenRepositoryTree} to generate a small repository), {@link
 *       dev.konflux.ecosystem.testkit.ArtifactIndex} (an index of artifacts) and {@link
 *       dev.konflux.ecosystem.testkit.ArtifactManifest} for any other shape. Each returns a {@link
 *       dev.konflux.ecosystem.testkit.StoredArtifact}.
 *   <li>{@link dev.konflux.ecosystem.testkit.CosignKeyPair} (P-256, generated at runtime), {@link
 *       dev.konflux.ecosystem.testkit.CosignSigner} (cosign {@code .sig}/{@code .att}/{@code .sbom}
 *       tags), {@link dev.konflux.ecosystem.testkit.ReferrerSigner} (OCI 1.1 referrers with
 *       Sigstore bundles and the tag-schema index), {@link
 *       dev.konflux.ecosystem.testkit.SlsaProvenance}, {@link
 *       dev.konflux.ecosystem.testkit.SbomDocuments}, and {@link
 *       dev.konflux.ecosystem.testkit.SignatureFault} for deliberately broken variants.
 *   <li>{@link dev.konflux.ecosystem.testkit.ExampleArtifacts}: complete signed examples in one
 *       call.
 * </ul>
 *
 * <p>All output is deterministic for the same inputs except signatures (ECDSA is randomised) and
 * anything that embeds them.
 */
package dev.konflux.ecosystem.testkit;
