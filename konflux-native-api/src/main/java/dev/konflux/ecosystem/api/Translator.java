package dev.konflux.ecosystem.api;

import dev.konflux.ecosystem.internal.release.ReleaseRun;
import dev.konflux.ecosystem.spi.ArtifactSourceProvider;
import dev.konflux.ecosystem.spi.EcosystemTarget;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.spi.SigstoreSigner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The library's entry point: resolves Konflux artifacts, verifies them, translates them with the
 * installed {@link EcosystemTarget}s and commits the result atomically.
 *
 * <pre>{@code
 * Translator translator = Translator.builder()
 *     .outputDirectory(Path.of("out"))
 *     .openPgpSigner(OpenPgpKeyFile.load(Path.of("release.asc"), Secret.fromEnvironment("GPG_PASS"), null))
 *     .listener(event -> log.info("{}", event))
 *     .build();
 * TranslateResult result = translator.translate(TranslateRequest.of(snapshot));
 * }</pre>
 *
 * <p>Guarantees: nothing is translated before the {@link VerificationPolicy} is met for its
 * component (by default: a valid signature over the component's root digest); every byte read is
 * checked against its digest before it is used; targets write into a staging area next to the
 * output directory; only when every component succeeded are the staged ecosystem directories moved
 * into place and {@code release.json} written. On any failure the output directory is left exactly
 * as it was. Running the same release again on its own output changes nothing ({@link
 * TranslateResult#unchanged()}).
 *
 * <p>That no-op is decided before verification: the release fingerprint ({@link
 * ReleaseRecord#inputFingerprint()}) binds every resolved digest (roots, artifacts, every referrer
 * manifest, whose digest binds the signatures and attestations it carries), the whole {@link
 * VerificationPolicy} (keys, identities, the trusted root's content, requirements, overrides), the
 * installed verifiers, the options and the signing keys, so an output committed under the same
 * fingerprint was verified on exactly this evidence under exactly this policy; the result then
 * holds the committed record and its verification decisions. Any difference is another fingerprint
 * and is verified in full before anything is written. A policy whose keyless trusted root comes
 * from TUF ({@link VerificationPolicy#useTuf()} with identities and no trusted root file) is not
 * pinned by the fingerprint and is verified before the no-op check.
 *
 * <p>A {@code Translator} is immutable and may be reused; {@link #translate} is not meant to be
 * called concurrently for the same output directory: a second release into an output while one is
 * being written there (in any process) fails with {@link OutputException}. A release killed while
 * committing is repaired by the next one into the same output. The lock is an empty file {@code
 * .<name>.lock} beside the output directory {@code <name>}; it is kept after the release and reused
 * by the next one, because deleting it would let two releases lock two different files of the same
 * name at once. An output path that exists and is not a directory fails before any work with {@link
 * OutputException}.
 */
public final class Translator {
  private final Path outputDirectory;
  private final SourceOptions sourceOptions;
  private final @Nullable OpenPgpSigner openPgpSigner;
  private final @Nullable SigstoreSigner sigstoreSigner;
  private final ReleaseListener listener;
  private final Map<String, String> options;
  private final @Nullable Instant releaseTime;
  private final boolean dryRun;
  private final VerificationPolicy verificationPolicy;
  private final ClassLoader classLoader;
  private final List<ArtifactSourceProvider> sourceProviders;
  private final List<EcosystemTarget> targets;
  private final boolean allowLocalLayouts;

  private Translator(Builder b) {
    if (b.outputDirectory == null) {
      // Said in words: a bare NullPointerException from build() does not tell an embedder what to
      // do.
      throw new IllegalStateException(
          "Translator.Builder needs an output directory: call outputDirectory(Path) "
              + "before build()");
    }
    this.outputDirectory = b.outputDirectory;
    this.sourceOptions = b.sourceOptions;
    this.openPgpSigner = b.openPgpSigner;
    this.sigstoreSigner = b.sigstoreSigner;
    this.listener = b.listener;
    this.options = Map.copyOf(b.options);
    this.releaseTime = b.releaseTime;
    this.dryRun = b.dryRun;
    this.verificationPolicy = b.verificationPolicy;
    ClassLoader loader = b.classLoader != null ? b.classLoader : Translator.class.getClassLoader();
    this.classLoader = loader;
    this.sourceProviders =
        b.sourceProviders != null
            ? List.copyOf(b.sourceProviders)
            : ServiceLoader.load(ArtifactSourceProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    this.targets =
        b.targets != null
            ? List.copyOf(b.targets)
            : ServiceLoader.load(EcosystemTarget.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    this.allowLocalLayouts = b.allowLocalLayouts;
  }

  /**
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs a release.
   *
   * @param request the components to release
   * @return what was released
   * @throws VerificationException if content or signatures do not verify
   * @throws InvalidInputException if input is malformed, no target supports an artifact, or a
   *     request made from a Snapshot names a local layout without {@link
   *     Builder#allowLocalLayouts(boolean)} or {@link TranslateRequest#allowingLocalLayouts()}
   * @throws SourceUnavailableException if a source cannot be read
   * @throws KonfluxNativeException for any other failure; the output is untouched in every case
   */
  public TranslateResult translate(TranslateRequest request) throws KonfluxNativeException {
    refuseUnallowedLocalLayouts(request);
    return new ReleaseRun(this, request).run();
  }

  /**
   * A Snapshot comes from a cluster and is not trusted to name files on this machine: its
   * components may name {@code oci-layout:} paths only when the caller allowed it.
   */
  private void refuseUnallowedLocalLayouts(TranslateRequest request) throws InvalidInputException {
    if (allowLocalLayouts || request.allowLocalLayouts()) {
      return;
    }
    for (Snapshot.Component c : request.components()) {
      if (c.containerImage() instanceof LayoutReference) {
        throw new InvalidInputException(
            "component "
                + c.name()
                + " names the local OCI layout "
                + c.containerImage()
                + "; a Snapshot may name only registry references unless local layouts are "
                + "allowed (TranslateRequest.allowingLocalLayouts() or Translator.Builder.allowLocalLayouts(true))");
      }
    }
  }

  /**
   * @return whether requests built from a Snapshot may name local OCI layouts
   */
  public boolean allowLocalLayouts() {
    return allowLocalLayouts;
  }

  /**
   * Resolves, verifies and plans a release without writing it: every file it would produce, which
   * the caller can keep and write one at a time (a server producing a file on request). Planning
   * reads only what the targets need to name their files (an RPM's header, not its payload). The
   * plan holds the sources open until closed; the output directory is read (for incremental
   * releases) but never written.
   *
   * @param request the components to release
   * @return the plan; close it
   * @throws VerificationException if content or signatures do not verify
   * @throws InvalidInputException if input is malformed, no target supports an artifact, or a
   *     request made from a Snapshot names a local layout that is not allowed
   * @throws SourceUnavailableException if a source cannot be read
   * @throws KonfluxNativeException for any other failure
   */
  public ReleasePlan plan(TranslateRequest request) throws KonfluxNativeException {
    refuseUnallowedLocalLayouts(request);
    return new ReleaseRun(this, request).plan();
  }

  /**
   * @return the output directory
   */
  public Path outputDirectory() {
    return outputDirectory;
  }

  /**
   * @return registry options
   */
  public SourceOptions sourceOptions() {
    return sourceOptions;
  }

  /**
   * @return the release's OpenPGP signer, if given
   */
  public Optional<OpenPgpSigner> openPgpSigner() {
    return Optional.ofNullable(openPgpSigner);
  }

  /**
   * @return the release's Sigstore bundle signer, if given
   */
  public Optional<SigstoreSigner> sigstoreSigner() {
    return Optional.ofNullable(sigstoreSigner);
  }

  /**
   * @return the listener
   */
  public ReleaseListener listener() {
    return listener;
  }

  /**
   * @return target options
   */
  public Map<String, String> options() {
    return options;
  }

  /**
   * @return the fixed release time, if the caller set one
   */
  public Optional<Instant> releaseTime() {
    return Optional.ofNullable(releaseTime);
  }

  /**
   * @return whether this is a dry run
   */
  public boolean dryRun() {
    return dryRun;
  }

  /**
   * @return what the verification gate requires
   */
  public VerificationPolicy verificationPolicy() {
    return verificationPolicy;
  }

  /**
   * @return the class loader extensions are discovered with
   */
  public ClassLoader classLoader() {
    return classLoader;
  }

  /**
   * @return the source providers in use
   */
  public List<ArtifactSourceProvider> sourceProviders() {
    return sourceProviders;
  }

  /**
   * @return the targets in use
   */
  public List<EcosystemTarget> targets() {
    return targets;
  }

  /** Builds a {@link Translator}. */
  public static final class Builder {
    private @Nullable Path outputDirectory;
    private SourceOptions sourceOptions = SourceOptions.defaults();
    private @Nullable OpenPgpSigner openPgpSigner;
    private @Nullable SigstoreSigner sigstoreSigner;
    private ReleaseListener listener = ReleaseListener.NONE;
    private final Map<String, String> options = new TreeMap<>();
    private @Nullable Instant releaseTime;
    private boolean dryRun;
    private VerificationPolicy verificationPolicy = VerificationPolicy.builder().build();
    private @Nullable ClassLoader classLoader;
    private @Nullable List<ArtifactSourceProvider> sourceProviders;
    private @Nullable List<EcosystemTarget> targets;
    private boolean allowLocalLayouts;

    private Builder() {}

    /**
     * Lets every request name local OCI layouts ({@code oci-layout:} references), including
     * requests made from a Snapshot. Off by default: a Snapshot comes from a cluster, and reading
     * files on this machine because it says so would let whoever wrote it choose what is released.
     * Requests made from references the caller names ({@link TranslateRequest#of(List)}) may name
     * layouts either way.
     *
     * @param allow whether Snapshot components may be local layouts
     * @return this
     */
    public Builder allowLocalLayouts(boolean allow) {
      this.allowLocalLayouts = allow;
      return this;
    }

    /**
     * @param dir the output directory (created if missing); ecosystems go to {@code
     *     dir/<ecosystem>}
     * @return this
     */
    public Builder outputDirectory(Path dir) {
      this.outputDirectory =
          Objects.requireNonNull(dir, "outputDirectory(Path) needs a directory, not null");
      return this;
    }

    /**
     * @param options how to reach registries
     * @return this
     */
    public Builder sourceOptions(SourceOptions options) {
      this.sourceOptions = Objects.requireNonNull(options);
      return this;
    }

    /**
     * @param signer the release's OpenPGP signer (RPM headers, repomd.xml, Maven .asc): a key file
     *     ({@code OpenPgpKeyFile} of {@code konflux-native-signing}), an {@link
     *     dev.konflux.ecosystem.spi.OpenPgpDigestSigner} over a KMS/HSM, or the embedder's own
     * @return this
     */
    public Builder openPgpSigner(OpenPgpSigner signer) {
      this.openPgpSigner = signer;
      return this;
    }

    /**
     * @param signer the release's Sigstore bundle signer (PEP 740 attestations, Maven {@code
     *     .sigstore.json}): a key ({@link dev.konflux.ecosystem.spi.SigstoreKeySigner}), keyless
     *     ({@code konflux-native-sigstore}), or the embedder's own
     * @return this
     */
    public Builder sigstoreSigner(SigstoreSigner signer) {
      this.sigstoreSigner = signer;
      return this;
    }

    /**
     * @param listener receives progress events
     * @return this
     */
    public Builder listener(ReleaseListener listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

    /**
     * @param key a target option, prefixed with the ecosystem (e.g. {@code rpm.architectures})
     * @param value its value
     * @return this
     */
    public Builder option(String key, String value) {
      options.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    /**
     * Fixes the time stamped into signatures and metadata, for reproducible output. Defaults to
     * {@code SOURCE_DATE_EPOCH} when that is set, else the current time.
     *
     * @param time the release time
     * @return this
     */
    public Builder releaseTime(@Nullable Instant time) {
      this.releaseTime = time;
      return this;
    }

    /**
     * What must be proven before anything is translated. The default requires a valid signature, so
     * a release without keys or identities fails closed; opt out explicitly with {@link
     * VerificationPolicy#skipVerification()} (recorded in {@code release.json}).
     *
     * @param policy the policy
     * @return this
     */
    public Builder verificationPolicy(VerificationPolicy policy) {
      this.verificationPolicy = Objects.requireNonNull(policy);
      return this;
    }

    /**
     * @param dryRun resolve and verify only; write nothing
     * @return this
     */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /**
     * @param loader the class loader to discover sources and targets with
     * @return this
     */
    public Builder classLoader(@Nullable ClassLoader loader) {
      this.classLoader = loader;
      return this;
    }

    /**
     * Replaces {@link ServiceLoader} discovery of sources.
     *
     * @param providers the providers to use
     * @return this
     */
    public Builder sourceProviders(List<ArtifactSourceProvider> providers) {
      this.sourceProviders = new ArrayList<>(providers);
      return this;
    }

    /**
     * Replaces {@link ServiceLoader} discovery of targets.
     *
     * @param targets the targets to use
     * @return this
     */
    public Builder targets(List<EcosystemTarget> targets) {
      this.targets = new ArrayList<>(targets);
      return this;
    }

    /**
     * @return the translator
     * @throws IllegalStateException if no output directory was set
     */
    public Translator build() {
      return new Translator(this);
    }
  }
}
