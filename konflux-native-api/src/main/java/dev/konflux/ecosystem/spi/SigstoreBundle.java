package dev.konflux.ecosystem.spi;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Sigstore bundle a {@link SigstoreSigner} made: its JSON bytes, to be written as they are (for
 * example {@code <file>.sigstore.json}), and what identifies the signer.
 */
public final class SigstoreBundle {
  /** The media type of the bundles made here. */
  public static final String MEDIA_TYPE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

  private final byte[] json;
  private final String mediaType;
  private final @Nullable String publicKeyHint;
  private final @Nullable String certificatePem;

  /**
   * @param json the bundle JSON (copied)
   * @param mediaType the bundle's {@code mediaType}
   * @param publicKeyHint the {@code verificationMaterial.publicKey.hint} of a key-based bundle, or
   *     {@code null}
   * @param certificatePem the signing certificate of a keyless bundle (PEM), or {@code null}
   */
  public SigstoreBundle(
      byte[] json,
      String mediaType,
      @Nullable String publicKeyHint,
      @Nullable String certificatePem) {
    this.json = Objects.requireNonNull(json, "json").clone();
    this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
    this.publicKeyHint = publicKeyHint;
    this.certificatePem = certificatePem;
  }

  /**
   * @return the bundle JSON (a copy)
   */
  public byte[] json() {
    return json.clone();
  }

  /**
   * @return the bundle's media type
   */
  public String mediaType() {
    return mediaType;
  }

  /**
   * @return the public key hint of a key-based bundle
   */
  public Optional<String> publicKeyHint() {
    return Optional.ofNullable(publicKeyHint);
  }

  /**
   * @return the signing certificate (PEM) of a keyless bundle
   */
  public Optional<String> certificatePem() {
    return Optional.ofNullable(certificatePem);
  }

  @Override
  public String toString() {
    return "SigstoreBundle["
        + mediaType
        + ", "
        + json.length
        + " bytes"
        + (publicKeyHint != null ? ", key " + publicKeyHint : "")
        + (certificatePem != null ? ", certificate" : "")
        + "]";
  }
}
