package dev.konflux.ecosystem.sigstore;

import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.spi.SigstoreBundle;
import dev.konflux.ecosystem.spi.SigstoreSigner;
import dev.sigstore.KeylessSigner;
import dev.sigstore.KeylessSignerException;
import dev.sigstore.SigningConfigProvider;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.oidc.client.OidcClients;
import dev.sigstore.oidc.client.TokenStringOidcClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Keyless Sigstore signing with sigstore-java: a short-lived Fulcio certificate for the identity in
 * an OIDC token (for example a CI job's token), signatures logged in Rekor. The token comes from
 * the caller (for the CLI: an environment variable); the instance is Sigstore's public-good one
 * unless a signing config and trusted root are given.
 *
 * <p>The underlying sigstore-java signer is created on first use and reused: it holds one ephemeral
 * key and certificate while they are valid. {@link #close()} releases it.
 */
public final class SigstoreKeylessSigner implements SigstoreSigner, AutoCloseable {
  /** The only DSSE payload type sigstore-java's {@code attest} signs. */
  public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

  private final Secret token;
  private final @Nullable Path signingConfig;
  private final @Nullable Path trustedRoot;
  private @Nullable KeylessSigner signer;

  private SigstoreKeylessSigner(
      Secret token, @Nullable Path signingConfig, @Nullable Path trustedRoot) {
    this.token = Objects.requireNonNull(token, "token");
    this.signingConfig = signingConfig;
    this.trustedRoot = trustedRoot;
  }

  /**
   * @param identityToken the OIDC identity token
   * @param signingConfig a Sigstore {@code signing_config.json} naming Fulcio, Rekor and the OIDC
   *     issuer, or {@code null} for Sigstore's public-good instance
   * @param trustedRoot the matching {@code trusted_root.json}; required with a signing config
   * @return the signer (nothing is contacted until the first signature)
   * @throws InvalidInputException if the token is empty, or a signing config is given without a
   *     trusted root, or a given file does not exist
   */
  public static SigstoreKeylessSigner create(
      Secret identityToken, @Nullable Path signingConfig, @Nullable Path trustedRoot)
      throws InvalidInputException {
    if (identityToken == null || identityToken.isEmpty()) {
      throw new InvalidInputException(
          "keyless Sigstore signing needs an OIDC identity token; the one given is empty");
    }
    if ((signingConfig == null) != (trustedRoot == null)) {
      throw new InvalidInputException(
          "a Sigstore signing config and a trusted root go together; give both or neither");
    }
    for (Path p : new Path[] {signingConfig, trustedRoot}) {
      if (p != null && !Files.isRegularFile(p)) {
        throw new InvalidInputException("the Sigstore configuration file " + p + " does not exist");
      }
    }
    return new SigstoreKeylessSigner(identityToken, signingConfig, trustedRoot);
  }

  /**
   * @param identityToken the OIDC identity token
   * @return a signer for Sigstore's public-good instance
   * @throws InvalidInputException if the token is empty
   */
  public static SigstoreKeylessSigner publicGood(Secret identityToken)
      throws InvalidInputException {
    return create(identityToken, null, null);
  }

  private synchronized KeylessSigner signer() throws IOException {
    if (signer == null) {
      try {
        KeylessSigner.Builder b = KeylessSigner.builder();
        if (signingConfig != null) {
          b.signingConfigProvider(SigningConfigProvider.from(signingConfig))
              .trustedRootProvider(TrustedRootProvider.from(trustedRoot));
        } else {
          b.sigstorePublicDefaults();
        }
        b.forceCredentialProviders(
            OidcClients.of(TokenStringOidcClient.from(token.revealAsString())));
        signer = b.build();
      } catch (Exception e) {
        // sigstore-java throws many checked types here (configuration, crypto, I/O); callers
        // see one I/O failure naming the step.
        throw new IOException("cannot set up keyless Sigstore signing: " + e.getMessage(), e);
      }
    }
    return signer;
  }

  @Override
  public SigstoreBundle signMessage(Digest sha256) throws IOException {
    if (!Digest.SHA256.equals(sha256.algorithm())) {
      throw new IllegalArgumentException(
          "message signatures are over a SHA-256 digest, got " + sha256.algorithm());
    }
    try {
      return ours(signer().sign(sha256.bytes()));
    } catch (KeylessSignerException e) {
      throw new IOException("keyless Sigstore signing failed: " + e.getMessage(), e);
    }
  }

  @Override
  public SigstoreBundle signDsse(String payloadType, byte[] payload) throws IOException {
    if (!IN_TOTO_PAYLOAD_TYPE.equals(payloadType)) {
      throw new IOException(
          "keyless DSSE signing supports payload type "
              + IN_TOTO_PAYLOAD_TYPE
              + " only, not "
              + payloadType);
    }
    try {
      return ours(signer().attest(new String(payload, StandardCharsets.UTF_8)));
    } catch (KeylessSignerException e) {
      throw new IOException("keyless Sigstore signing failed: " + e.getMessage(), e);
    }
  }

  private static SigstoreBundle ours(Bundle bundle) throws IOException {
    List<? extends Certificate> certs = bundle.getCertPath().getCertificates();
    String pem = null;
    if (!certs.isEmpty()) {
      try {
        pem =
            "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certs.get(0).getEncoded())
                + "\n-----END CERTIFICATE-----\n";
      } catch (CertificateEncodingException e) {
        throw new IOException("the signing certificate cannot be encoded", e);
      }
    }
    return new SigstoreBundle(
        bundle.toJson().getBytes(StandardCharsets.UTF_8), bundle.getMediaType(), null, pem);
  }

  @Override
  public synchronized void close() {
    if (signer != null) {
      signer.close();
      signer = null;
    }
  }

  @Override
  public String toString() {
    return "SigstoreKeylessSigner[" + (signingConfig != null ? signingConfig : "public-good") + "]";
  }
}
