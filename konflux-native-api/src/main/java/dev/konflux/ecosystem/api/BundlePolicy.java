package dev.konflux.ecosystem.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Who must have signed a bundle and which Sigstore trusted root vouches for the certificate
 * authority, transparency logs, CT logs and timestamp authorities. Keyless: the certificate's SAN
 * and OIDC issuer must match exactly. Keyed: the bundle must verify with the public key.
 */
public final class BundlePolicy {
  private final @Nullable CertificateIdentity identity;
  private final @Nullable CosignPublicKey publicKey;
  private final @Nullable Path trustedRoot;

  private BundlePolicy(
      @Nullable CertificateIdentity identity,
      @Nullable CosignPublicKey publicKey,
      @Nullable Path trustedRoot) {
    this.identity = identity;
    this.publicKey = publicKey;
    this.trustedRoot = trustedRoot;
  }

  /**
   * @param san the exact subject alternative name (e-mail or URI) of the signing certificate
   * @param oidcIssuer the exact OIDC issuer in Fulcio's issuer extension
   * @return a keyless policy using the public-good trusted root shipped in the jar
   */
  public static BundlePolicy keyless(String san, String oidcIssuer) {
    return new BundlePolicy(CertificateIdentity.exact(san, oidcIssuer), null, null);
  }

  /**
   * @param identity the identity (exact or regular expressions)
   * @return a keyless policy using the public-good trusted root shipped in the jar
   */
  public static BundlePolicy keyless(CertificateIdentity identity) {
    return new BundlePolicy(Objects.requireNonNull(identity, "identity"), null, null);
  }

  /**
   * @param key the key the bundle must verify with
   * @return a keyed policy
   */
  public static BundlePolicy publicKey(CosignPublicKey key) {
    return new BundlePolicy(null, Objects.requireNonNull(key, "key"), null);
  }

  /**
   * @param trustedRootJson a Sigstore {@code trusted_root.json} to use instead of the shipped one
   * @return a copy of this policy using that root
   */
  public BundlePolicy withTrustedRoot(Path trustedRootJson) {
    return new BundlePolicy(
        identity, publicKey, Objects.requireNonNull(trustedRootJson, "trustedRootJson"));
  }

  /**
   * @return the certificate identity, for keyless policies
   */
  public Optional<CertificateIdentity> identity() {
    return Optional.ofNullable(identity);
  }

  /**
   * @return the public key, for keyed policies
   */
  public Optional<CosignPublicKey> publicKey() {
    return Optional.ofNullable(publicKey);
  }

  /**
   * @return the trusted root file, or empty for the shipped public-good root
   */
  public Optional<Path> trustedRoot() {
    return Optional.ofNullable(trustedRoot);
  }

  @Override
  public String toString() {
    return (identity != null ? "identity " + identity : "key " + publicKey)
        + (trustedRoot != null ? ", trusted root " + trustedRoot : ", public-good trusted root");
  }
}
