package dev.konflux.ecosystem.maven;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.maven.internal.target.MavenTargetSession;
import dev.konflux.ecosystem.maven.internal.tree.TreeLimits;
import dev.konflux.ecosystem.maven.internal.write.ArtifactSigner;
import dev.konflux.ecosystem.maven.internal.write.OpenPgpSignerArtifactSigner;
import dev.konflux.ecosystem.spi.EcosystemTarget;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns Konflux Maven repository artifacts into a signed, checksummed Maven repository under {@code
 * OUT/maven/}, a root that {@code mvn} uses as is.
 *
 * <p>Supports artifact types {@code application/vnd.konflux.maven.repository.v1+tar} (one
 * uncompressed tar layer holding the tree {@code mvn deploy
 * -DaltDeploymentRepository=local::file:…} writes), {@code
 * application/vnd.apache.maven.repository.v2.tar+gzip} (the same, gzipped) and {@code
 * application/vnd.maven+zip} (one zip, possibly under a top folder such as MRRC's {@code
 * foo-1.0-maven-repository/maven-repository/}).
 *
 * <p>The layer is read once, as a stream, strictly: absolute paths, {@code ..}, links, devices,
 * duplicate entries, too many or too large entries and zip or gzip bombs are invalid input. Each
 * POM is parsed with DTDs and external entities off (a POM with a DOCTYPE is invalid); every file
 * must sit where its POM's coordinates put it. Checksum files in the tree must match their files;
 * {@code .asc} and {@code .sigstore.json} files in the tree are dropped and replaced. Every
 * published file gets {@code .md5}, {@code .sha1}, {@code .sha256}, {@code .sha512} and an armored
 * detached {@code .asc}, computed from the one read; checksums and signatures get none of their
 * own. With a Sigstore signer in the release ({@link TargetContext#sigstoreSigner()}) every
 * published file also gets {@code <file>.sigstore.json}, a Sigstore bundle v0.3 with a message
 * signature over the file's SHA-256 (as Maven's Sigstore signing lays it out; no checksums or
 * {@code .asc} of its own). Each {@code groupId:artifactId:version} gets a Central readiness report
 * in {@code release.json}. Snapshot version directories keep their timestamped names and {@code
 * maven-metadata.xml}. Each {@code groupId:artifactId} gets an artifact-level {@code
 * maven-metadata.xml} (versions in Maven's order, {@code latest}, {@code release}, {@code
 * lastUpdated} = release time) merged with the committed one, so earlier releases stay listed and
 * published.
 *
 * <p>Options ({@link TargetContext#options()}):
 *
 * <ul>
 *   <li>{@value #OPTION_UNSIGNED}: {@code true} to publish without {@code .asc} files; without it a
 *       release without an OpenPGP key fails;
 *   <li>{@value #OPTION_CENTRAL_BUNDLE}: {@code true} to also write {@code central-bundle.zip}, a
 *       Central Publisher Portal upload bundle of the release's files (without {@code
 *       maven-metadata.xml});
 *   <li>{@value #OPTION_MAX_ENTRIES}, {@value #OPTION_MAX_ENTRY_SIZE}, {@value
 *       #OPTION_MAX_TOTAL_SIZE}, {@value #OPTION_MAX_COMPRESSION_RATIO}: bounds on each input
 *       archive (defaults: 100,000 entries, 8 GiB per file, 64 GiB in all, ratio 200).
 * </ul>
 */
public final class MavenTarget implements EcosystemTarget {
  /** Option: publish without signatures. */
  public static final String OPTION_UNSIGNED = "maven.unsigned";

  /** Option: also write a Central Publisher Portal upload bundle, {@code central-bundle.zip}. */
  public static final String OPTION_CENTRAL_BUNDLE = "maven.centralBundle";

  /** Option: most entries per archive. */
  public static final String OPTION_MAX_ENTRIES = "maven.maxEntries";

  /** Option: largest file in an archive, in bytes. */
  public static final String OPTION_MAX_ENTRY_SIZE = "maven.maxEntrySize";

  /** Option: most bytes of all files of an archive. */
  public static final String OPTION_MAX_TOTAL_SIZE = "maven.maxTotalSize";

  /** Option: most uncompressed bytes per compressed byte (zip, gzip). */
  public static final String OPTION_MAX_COMPRESSION_RATIO = "maven.maxCompressionRatio";

  /** Creates the target (found by {@link java.util.ServiceLoader}). */
  public MavenTarget() {}

  @Override
  public String ecosystem() {
    return "maven";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(
        OPTION_UNSIGNED,
        OPTION_CENTRAL_BUNDLE,
        OPTION_MAX_ENTRIES,
        OPTION_MAX_ENTRY_SIZE,
        OPTION_MAX_TOTAL_SIZE,
        OPTION_MAX_COMPRESSION_RATIO);
  }

  @Override
  public boolean supports(ComponentArtifact artifact) {
    return MavenTargetSession.format(artifact.artifactType()).isPresent();
  }

  @Override
  public TargetSession open(TargetContext context) throws KonfluxNativeException {
    Map<String, String> options = context.options();
    boolean unsigned = bool(options, OPTION_UNSIGNED);
    @Nullable ArtifactSigner signer = null;
    if (!unsigned) {
      signer =
          new OpenPgpSignerArtifactSigner(
              context
                  .openPgpSigner()
                  .orElseThrow(
                      () ->
                          new InvalidInputException(
                              "the Maven target needs an OpenPGP signing key for the .asc files: give one to the release, or set "
                                  + OPTION_UNSIGNED
                                  + "=true to publish unsigned")));
    }
    TreeLimits d = TreeLimits.DEFAULT;
    TreeLimits limits =
        new TreeLimits(
            (int) number(options, OPTION_MAX_ENTRIES, d.maxEntries(), Integer.MAX_VALUE),
            number(options, OPTION_MAX_ENTRY_SIZE, d.maxEntrySize(), Long.MAX_VALUE),
            number(options, OPTION_MAX_TOTAL_SIZE, d.maxTotalSize(), Long.MAX_VALUE),
            (int)
                number(options, OPTION_MAX_COMPRESSION_RATIO, d.maxCompressionRatio(), 1_000_000));
    return new MavenTargetSession(context, signer, limits, bool(options, OPTION_CENTRAL_BUNDLE));
  }

  private static boolean bool(Map<String, String> options, String key)
      throws InvalidInputException {
    String v = options.get(key);
    if (v == null || v.isBlank()) {
      return false;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new InvalidInputException("option " + key + " must be true or false");
    };
  }

  private static long number(Map<String, String> options, String key, long def, long max)
      throws InvalidInputException {
    String v = options.get(key);
    if (v == null || v.isBlank()) {
      return def;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < 1 || n > max) {
        throw new InvalidInputException("option " + key + " must be between 1 and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidInputException("option " + key + " must be a number");
    }
  }
}
