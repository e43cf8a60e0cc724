package dev.konflux.ecosystem.examples;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.spi.DigestSigner;
import dev.konflux.ecosystem.spi.OpenPgpDigestSigner;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;

/**
 * Embedding with your own signer: the release is signed by a key this library never sees. {@link
 * ExampleHsm} stands for a KMS, an HSM or gpg-agent: it holds the private key and only signs
 * digests. {@link OpenPgpDigestSigner} turns that into the release's OpenPGP signer, which the RPM
 * target uses for package headers and {@code repomd.xml.asc}. No key file is involved.
 *
 * <p>Arguments: ARTIFACT_REFERENCE COSIGN_PUB OUT_DIR (for example {@code
 * oci-layout:/tmp/layout:latest}).
 */
public final class OwnSignerExample {
  private OwnSignerExample() {}

  /**
   * A stand-in for a remote signer: in production {@link #signDigest} would be a KMS {@code Sign}
   * call (AWS {@code RSASSA_PKCS1_V1_5_SHA_256} with {@code MessageType=DIGEST}, GCP {@code
   * asymmetricSign} with a digest), a PKCS#11 session or a gpg-agent {@code PKSIGN}. Here the key
   * is generated in memory and never written anywhere.
   */
  public static final class ExampleHsm implements DigestSigner {
    private final KeyPair key;

    /** Generates the (in-memory) RSA-3072 key. */
    public ExampleHsm() {
      try {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(3072);
        this.key = gen.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * @return the public key, which a KMS or HSM hands out freely
     */
    public RSAPublicKey publicKey() {
      return (RSAPublicKey) key.getPublic();
    }

    @Override
    public byte[] signDigest(String hashAlgorithm, byte[] digest) throws IOException {
      return DigestSigner.of(key.getPrivate()).signDigest(hashAlgorithm, digest);
    }
  }

  /**
   * Releases one artifact, signed through the given digest signer.
   *
   * @param artifact the artifact to release
   * @param cosignPublicKey the cosign public key its build was signed with
   * @param out the output directory
   * @param hsm the signer holding the release key
   * @param userId the user id to certify the release key with
   * @return the result
   * @throws IOException if the key cannot be certified
   * @throws KonfluxNativeException if the release fails
   */
  public static TranslateResult release(
      ArtifactReference artifact, Path cosignPublicKey, Path out, ExampleHsm hsm, String userId)
      throws IOException, KonfluxNativeException {
    // The OpenPGP certificate of the release key: made once, published with the repositories
    // (RPM-GPG-KEY-*). Its creation time is part of its fingerprint, so a real deployment makes
    // it once and keeps it.
    byte[] certificate =
        OpenPgpDigestSigner.selfCertifiedRsaKey(
            hsm.publicKey(), Instant.now().minusSeconds(60), userId, hsm);
    OpenPgpSigner signer = OpenPgpDigestSigner.of(certificate, null, hsm);
    Translator translator =
        Translator.builder()
            .outputDirectory(out)
            .verificationPolicy(
                VerificationPolicy.builder()
                    .addPublicKey(CosignPublicKey.fromPem(cosignPublicKey))
                    .build())
            .openPgpSigner(signer)
            .build();
    return translator.translate(TranslateRequest.of(List.of(artifact)));
  }

  /**
   * @param args artifact reference, cosign public key, output directory
   * @throws Exception if the release fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: OwnSignerExample ARTIFACT_REFERENCE COSIGN_PUB OUT_DIR");
      System.exit(2);
    }
    TranslateResult result =
        release(
            ArtifactReference.parse(args[0]),
            Path.of(args[1]),
            Path.of(args[2]),
            new ExampleHsm(),
            "Example Release <release@example.invalid>");
    System.out.println(
        "released "
            + result.record().files().size()
            + " files; the release key is published as "
            + "RPM-GPG-KEY-konflux in each repository");
  }
}
