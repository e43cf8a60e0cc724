package dev.konflux.ecosystem.rpm;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.rpm.internal.repodata.MetadataCompression;
import dev.konflux.ecosystem.rpm.internal.target.RpmTargetSession;
import dev.konflux.ecosystem.spi.EcosystemTarget;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns Konflux RPM builds into GPG-signed packages in signed yum/dnf repositories under {@code
 * OUT/rpm/}: one repository per architecture, {@code noarch} packages in every one, source packages
 * in {@code source}, {@code -debuginfo}/{@code -debugsource} packages in {@code <arch>-debug}.
 * 32-bit x86 packages go to {@code x86_64} (multilib) unless {@code i686} is configured as its own
 * repository. Packages are signed in-process with header-only OpenPGP signatures (RSA keys:
 * RPMTAG_RSAHEADER 268, EdDSA keys: RPMTAG_DSAHEADER 267), replacing any earlier signatures; header
 * and payload bytes never change. Before signing, each package's header digests, payload digest and
 * size are checked, and, when the artifact has a {@code cg_import.json}, the checksum it states for
 * the file.
 *
 * <p>Supports artifacts of type {@code application/vnd.rpm.build.v0} and any artifact with an
 * {@code application/x-rpm} layer. Options ({@link TargetContext#options()}):
 *
 * <ul>
 *   <li>{@value #OPTION_ARCHITECTURES}: comma-separated architecture repositories, default {@code
 *       x86_64,aarch64,s390x,ppc64le};
 *   <li>{@value #OPTION_DEBUG_REPOSITORIES}: {@code true} (default) to put debug packages into
 *       {@code <arch>-debug}, {@code false} to keep them with the others;
 *   <li>{@value #OPTION_UNSIGNED}: {@code true} to publish without signing; without it a release
 *       without an OpenPGP signer ({@link TargetContext#openPgpSigner()}) is an error;
 *   <li>{@value #OPTION_KEY_NAME}: the public key is published as {@code RPM-GPG-KEY-<name>} in
 *       each repository, default {@code konflux};
 *   <li>{@value #OPTION_REPODATA_COMPRESSION}: {@code gzip} (default) or {@code zstd};
 *   <li>{@value #OPTION_SBOM}: {@code true} (default) to publish the artifacts' SBOMs next to their
 *       packages, {@code false} to skip them;
 *   <li>{@value #OPTION_EXTRA_ARCHITECTURES}: comma-separated architectures a package header may
 *       name besides rpm's known ones and the architecture repositories.
 * </ul>
 *
 * <p>Header strings are checked like rpmbuild checks a spec: name (letters, digits, {@code . - _
 * +}), version and release (letters, digits, {@code . _ + ~ ^}, no {@code -}), arch (a known
 * architecture), and a package must be published under the file name its header gives, {@code
 * <name>-<version>-<release>.<arch>.rpm} ({@code .src.rpm}/{@code .nosrc.rpm} for source packages);
 * anything else is an {@link InvalidInputException} naming the package.
 *
 * <p>SBOMs: every SBOM document the core's SBOM finder reports from an artifact's SBOM referrers
 * ({@link dev.konflux.ecosystem.api.VerifiedArtifact#sboms()} of origin {@code SBOM_REFERRER} or
 * {@code COSIGN_SBOM_TAG}: referrers API, OCI tag schema or cosign {@code .sbom} tag; layers of
 * type {@code text/spdx+json}, {@code text/spdx}, {@code application/vnd.cyclonedx+json} or {@code
 * application/vnd.cyclonedx+xml}) is written, verified against its digest and at most 64 MiB, to
 * {@code <repo>/sboms/<component>-<manifest>-<sbom>.<ext>} in every repository that received a
 * package of the artifact. {@code <component>} is the component name (characters other than
 * letters, digits, {@code .}, {@code _} and {@code -} replaced by {@code _}, at most 64), {@code
 * <manifest>} and {@code <sbom>} are the first 12 hex digits of the artifact's manifest digest and
 * of the SBOM layer digest, and {@code <ext>} is {@code spdx.json}, {@code spdx}, {@code cdx.json}
 * or {@code cdx.xml}. The same document found through several referrers is written once. Each
 * repository's {@code repomd.xml} lists its SBOMs as extra records: type {@code sbom} when it has
 * one, {@code sbom-<file name>} for each when it has several (dnf ignores these types). A release
 * that adds to committed repositories keeps the SBOMs already there and lists them again.
 *
 * <p>File at a time: in a release, planning an artifact signs each package once (its layer is read
 * once) and writing links it into place; in a kept {@link dev.konflux.ecosystem.api.ReleasePlan}
 * planning reads only each package's header and writing one package reads only its layer. Either
 * way the bytes are the same.
 */
public final class RpmTarget implements EcosystemTarget {

  /** Option: comma-separated architecture repositories. */
  public static final String OPTION_ARCHITECTURES = "rpm.architectures";

  /** Option: whether debug packages get their own repositories. */
  public static final String OPTION_DEBUG_REPOSITORIES = "rpm.debugRepositories";

  /** Option: publish unsigned packages. */
  public static final String OPTION_UNSIGNED = "rpm.unsigned";

  /** Option: name of the published public key file. */
  public static final String OPTION_KEY_NAME = "rpm.keyName";

  /** Option: repodata compression, gzip or zstd. */
  public static final String OPTION_REPODATA_COMPRESSION = "rpm.repodataCompression";

  /** Option: publish SBOM sidecars, true (default) or false. */
  public static final String OPTION_SBOM = "rpm.sbom";

  /**
   * Option: comma-separated architectures a package header may name besides rpm's known ones and
   * {@value #OPTION_ARCHITECTURES} (a package of such an architecture still needs a repository).
   */
  public static final String OPTION_EXTRA_ARCHITECTURES = "rpm.extraArchitectures";

  /**
   * Option: how many packages of an artifact a release signs at once (reading, verifying, signing
   * and writing each on its own thread); default one per core, 1 signs one after another. The
   * output is the same either way.
   */
  public static final String OPTION_THREADS = "rpm.threads";

  /** Default architecture repositories. */
  public static final List<String> DEFAULT_ARCHITECTURES =
      List.of("x86_64", "aarch64", "s390x", "ppc64le");

  /** Creates the target (found by {@link java.util.ServiceLoader}). */
  public RpmTarget() {}

  @Override
  public String ecosystem() {
    return "rpm";
  }

  /** Every option this target reads. */
  @Override
  public Set<String> optionKeys() {
    return Set.of(
        OPTION_ARCHITECTURES,
        OPTION_DEBUG_REPOSITORIES,
        OPTION_UNSIGNED,
        OPTION_KEY_NAME,
        OPTION_REPODATA_COMPRESSION,
        OPTION_SBOM,
        OPTION_EXTRA_ARCHITECTURES,
        OPTION_THREADS);
  }

  @Override
  public boolean supports(ComponentArtifact artifact) {
    if (MediaTypes.ARTIFACT_RPM_BUILD.equals(artifact.artifactType())) {
      return true;
    }
    for (Descriptor layer : artifact.layers()) {
      if (MediaTypes.RPM.equals(layer.mediaType())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public TargetSession open(TargetContext context) throws KonfluxNativeException {
    Map<String, String> options = context.options();
    List<String> architectures = architectures(options.get(OPTION_ARCHITECTURES));
    boolean debug = bool(options, OPTION_DEBUG_REPOSITORIES, true);
    boolean unsigned = bool(options, OPTION_UNSIGNED, false);
    boolean sbom = bool(options, OPTION_SBOM, true);
    String keyName = options.getOrDefault(OPTION_KEY_NAME, "konflux");
    if (!keyName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new InvalidInputException(
          "option " + OPTION_KEY_NAME + " must be a simple name: " + keyName);
    }
    MetadataCompression compression =
        switch (options
            .getOrDefault(OPTION_REPODATA_COMPRESSION, "gzip")
            .toLowerCase(Locale.ROOT)) {
          case "gzip", "gz" -> MetadataCompression.GZIP;
          case "zstd", "zst" -> MetadataCompression.ZSTD;
          default ->
              throw new InvalidInputException(
                  "option " + OPTION_REPODATA_COMPRESSION + " must be gzip or zstd");
        };
    OpenPgpSigner key =
        unsigned
            ? null
            : context
                .openPgpSigner()
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "the RPM target needs an OpenPGP signer: configure one for the release (CLI --gpg-key), or set "
                                + OPTION_UNSIGNED
                                + "=true to publish unsigned packages"));
    List<String> extra = extraArchitectures(options.get(OPTION_EXTRA_ARCHITECTURES));
    return new RpmTargetSession(
        context, architectures, debug, key, keyName, compression, sbom, extra, threads(options));
  }

  private static int threads(Map<String, String> options) throws InvalidInputException {
    String value = options.get(OPTION_THREADS);
    if (value == null || value.isBlank()) {
      return RpmTargetSession.DEFAULT_THREADS;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1 && n <= 256) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException(
        "option " + OPTION_THREADS + " must be a number of threads from 1 to 256: " + value);
  }

  private static List<String> architectures(@Nullable String value) throws InvalidInputException {
    if (value == null || value.isBlank()) {
      return DEFAULT_ARCHITECTURES;
    }
    List<String> arches =
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String a : arches) {
      if (!a.matches("[A-Za-z0-9_]{1,32}") || a.equals("source") || a.equals("noarch")) {
        throw new InvalidInputException(
            "option " + OPTION_ARCHITECTURES + " has an invalid architecture: " + a);
      }
    }
    if (arches.isEmpty()) {
      throw new InvalidInputException("option " + OPTION_ARCHITECTURES + " names no architecture");
    }
    return arches;
  }

  private static List<String> extraArchitectures(@Nullable String value)
      throws InvalidInputException {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<String> arches =
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String a : arches) {
      if (!a.matches("[A-Za-z0-9_]{1,32}")) {
        throw new InvalidInputException(
            "option " + OPTION_EXTRA_ARCHITECTURES + " has an invalid architecture: " + a);
      }
    }
    return arches;
  }

  private static boolean bool(Map<String, String> options, String key, boolean def)
      throws InvalidInputException {
    String v = options.get(key);
    if (v == null || v.isBlank()) {
      return def;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default ->
          throw new InvalidInputException("option " + key + " must be true or false, not " + v);
    };
  }
}
