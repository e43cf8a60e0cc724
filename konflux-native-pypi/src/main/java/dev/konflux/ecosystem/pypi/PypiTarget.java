package dev.konflux.ecosystem.pypi;

import dev.konflux.ecosystem.api.ComponentArtifact;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.pypi.internal.attest.CertificateKeySigner;
import dev.konflux.ecosystem.pypi.internal.attest.DsseSigner;
import dev.konflux.ecosystem.pypi.internal.attest.ReleaseSigstoreSigner;
import dev.konflux.ecosystem.pypi.internal.attest.SigningMaterial;
import dev.konflux.ecosystem.pypi.internal.dist.DistLimits;
import dev.konflux.ecosystem.pypi.internal.target.PypiTargetSession;
import dev.konflux.ecosystem.spi.EcosystemTarget;
import dev.konflux.ecosystem.spi.TargetContext;
import dev.konflux.ecosystem.spi.TargetSession;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns Konflux Python builds (artifactType {@code application/vnd.python.wheels}: flat {@code
 * *.whl} and {@code *.tar.gz} layers with title annotations) into a static PEP 503/691 index under
 * {@code OUT/pypi/}: {@code files/<dist>}, {@code files/<dist>.metadata} (PEP 658/714), {@code
 * files/<dist>.publish.attestation} (and {@code .slsa.attestation}, PEP 740), {@code
 * integrity/<project>/<version>/<dist>/provenance} and {@code simple/…} in HTML and JSON. Every
 * distribution is validated before the release commits (file name grammar, metadata equal to the
 * file name, complete and correct RECORD, safe paths, no links, size, count and compression-ratio
 * limits); an invalid one fails the release with an {@link InvalidDistributionException} naming the
 * file and the rule. Releases into an existing output keep the files already published.
 *
 * <p>Options ({@link TargetContext#options()}):
 *
 * <ul>
 *   <li>{@value #OPTION_SIGSTORE_KEY}: PEM PKCS#8 private key (EC P-256/P-384, Ed25519, RSA) that
 *       signs the PEP 740 attestations; without it the release's Sigstore signer ({@code
 *       TargetContext#sigstoreSigner()}) signs them: keyless bundles keep their Fulcio certificate,
 *       a key-based signer's key is wrapped in a self-signed certificate naming {@value
 *       #OPTION_PUBLISHER}, signed through the same signer;
 *   <li>{@value #OPTION_CERTIFICATE}: PEM certificate (chain, leaf first) of that key, e.g. issued
 *       by the CA a private index trusts; without it a self-signed certificate naming {@value
 *       #OPTION_PUBLISHER} (default {@code konflux-native}) is made per release;
 *   <li>{@value #OPTION_UNSIGNED}: {@code true} to publish without attestations; without it a
 *       missing key is an error;
 *   <li>{@value #OPTION_SLSA}: {@code true} for a second attestation with SLSA v1 provenance built
 *       from the artifact's verified Konflux provenance (default {@code false});
 *   <li>{@value #OPTION_VERIFY_RECORD}: {@code false} to skip inflating wheels to check their
 *       RECORD hashes (default {@code true}; listing and sizes are always checked);
 *   <li>{@value #OPTION_MAX_RATIO}: the compression-ratio guard (default 200);
 *   <li>{@value #OPTION_INJECT_SBOM}: {@code true} to add the component's SBOM to each wheel (PEP
 *       770) before it is attested; {@code release.json} then records the wheel's original digest
 *       (its layer) and the new one, and the SBOM referrer it came from.
 * </ul>
 */
public final class PypiTarget implements EcosystemTarget {

  /** Option: PEM private key signing the attestations. */
  public static final String OPTION_SIGSTORE_KEY = "pypi.sigstoreKey";

  /** Option: PEM certificate of that key. */
  public static final String OPTION_CERTIFICATE = "pypi.certificate";

  /** Option: publisher named by a self-signed certificate. */
  public static final String OPTION_PUBLISHER = "pypi.publisher";

  /** Option: publish without attestations. */
  public static final String OPTION_UNSIGNED = "pypi.unsigned";

  /** Option: also attest SLSA v1 provenance. */
  public static final String OPTION_SLSA = "pypi.slsa";

  /** Option: check RECORD hashes. */
  public static final String OPTION_VERIFY_RECORD = "pypi.verifyRecord";

  /** Option: compression-ratio guard. */
  public static final String OPTION_MAX_RATIO = "pypi.maxRatio";

  /**
   * {@code true} to add the component's SBOM to every wheel (PEP 770, {@code
   * .dist-info/sboms/konflux-<digest>.<ext>}, listed in RECORD) before it is attested; needs {@code
   * konflux-native-bom}. Off by default: a wheel's bytes are never changed otherwise.
   */
  public static final String OPTION_INJECT_SBOM = "pypi.injectSbom";

  /** How long a self-signed publisher certificate is valid from the release time. */
  public static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(365);

  /** Creates the target (found by {@link java.util.ServiceLoader}). */
  public PypiTarget() {}

  @Override
  public String ecosystem() {
    return "pypi";
  }

  /**
   * @return the option keys this target reads (every {@code OPTION_} constant); declared so a
   *     misspelt {@code pypi.*} key fails the release instead of being ignored
   */
  @Override
  public java.util.Set<String> optionKeys() {
    return java.util.Set.of(
        OPTION_SIGSTORE_KEY,
        OPTION_CERTIFICATE,
        OPTION_PUBLISHER,
        OPTION_UNSIGNED,
        OPTION_SLSA,
        OPTION_VERIFY_RECORD,
        OPTION_MAX_RATIO,
        OPTION_INJECT_SBOM);
  }

  @Override
  public boolean supports(ComponentArtifact artifact) {
    return MediaTypes.ARTIFACT_PYTHON_WHEELS.equals(artifact.artifactType());
  }

  @Override
  public TargetSession open(TargetContext context) throws KonfluxNativeException {
    Map<String, String> options = context.options();
    boolean unsigned = bool(options, OPTION_UNSIGNED, false);
    boolean slsa = bool(options, OPTION_SLSA, false);
    boolean verifyRecord = bool(options, OPTION_VERIFY_RECORD, true);
    DistLimits d = DistLimits.DEFAULT;
    int ratio = integer(options, OPTION_MAX_RATIO, d.maxRatio());
    DistLimits limits =
        new DistLimits(
            d.maxEntries(),
            d.maxEntryBytes(),
            d.maxTotalBytes(),
            ratio,
            d.ratioFloor(),
            d.maxCentralDirectoryBytes());
    DsseSigner signer =
        unsigned
            ? null
            : signer(context)
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "the PyPI target signs PEP 740 attestations: give the release a Sigstore signer, set "
                                + OPTION_SIGSTORE_KEY
                                + "=FILE, or set "
                                + OPTION_UNSIGNED
                                + "=true to publish without them"));
    if (slsa && signer == null) {
      throw new InvalidInputException(
          OPTION_SLSA + "=true needs a signer, not " + OPTION_UNSIGNED + "=true");
    }
    return new PypiTargetSession(context, limits, verifyRecord, signer, slsa);
  }

  private static Optional<DsseSigner> signer(TargetContext context) throws InvalidInputException {
    Map<String, String> options = context.options();
    String keyFile = options.get(OPTION_SIGSTORE_KEY);
    if (keyFile == null || keyFile.isBlank()) {
      return context
          .sigstoreSigner()
          .map(
              s ->
                  new ReleaseSigstoreSigner(
                      s,
                      options.getOrDefault(OPTION_PUBLISHER, "konflux-native"),
                      context.releaseTime()));
    }
    PrivateKey key = SigningMaterial.privateKey(Path.of(keyFile));
    String certFile = options.get(OPTION_CERTIFICATE);
    X509Certificate certificate;
    if (certFile != null && !certFile.isBlank()) {
      certificate = SigningMaterial.certificates(Path.of(certFile)).get(0);
    } else {
      String publisher = options.getOrDefault(OPTION_PUBLISHER, "konflux-native");
      KeyPair pair = new KeyPair(SigningMaterial.publicKey(key, List.of()), key);
      certificate =
          SigningMaterial.selfSigned(pair, publisher, context.releaseTime(), SELF_SIGNED_VALIDITY);
    }
    return Optional.of(new CertificateKeySigner(key, certificate));
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

  private static int integer(Map<String, String> options, String key, int def)
      throws InvalidInputException {
    String v = options.get(key);
    if (v == null || v.isBlank()) {
      return def;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidInputException("option " + key + " must be a positive integer, not " + v);
    }
  }
}
