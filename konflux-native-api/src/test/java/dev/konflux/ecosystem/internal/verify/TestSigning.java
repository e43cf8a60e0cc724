package dev.konflux.ecosystem.internal.verify;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Descriptor;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Manifest;
import dev.konflux.ecosystem.api.MediaTypes;
import dev.konflux.ecosystem.api.Referrer;
import dev.konflux.ecosystem.spi.BlobReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Hand-made keys, signatures and referrers for unit tests, on JDK crypto only. */
final class TestSigning {
  private TestSigning() {}

  /** A key pair with its public half as a {@link CosignPublicKey}. */
  record Key(KeyPair pair, CosignPublicKey publicKey, String algorithm) {
    byte[] sign(byte[] data) {
      try {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(pair.getPrivate());
        s.update(data);
        return s.sign();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static Key ecdsa(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      KeyPair kp = g.generateKeyPair();
      String alg =
          switch (curve) {
            case "secp384r1" -> "SHA384withECDSA";
            case "secp521r1" -> "SHA512withECDSA";
            default -> "SHA256withECDSA";
          };
      return new Key(kp, pem(kp), alg);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Key p256() {
    return ecdsa("secp256r1");
  }

  static Key rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KeyPair kp = g.generateKeyPair();
      return new Key(kp, pem(kp), "SHA256withRSA");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Key ed25519() {
    try {
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new Key(kp, pem(kp), "Ed25519");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CosignPublicKey pem(KeyPair kp) {
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(kp.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    try {
      return CosignPublicKey.fromPem(pem);
    } catch (InvalidInputException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static byte[] simpleSigning(Digest manifest, String reference) {
    return utf8(
        "{\"critical\":{\"identity\":{\"docker-reference\":\""
            + reference
            + "\"},\"image\":"
            + "{\"docker-manifest-digest\":\""
            + manifest
            + "\"},\"type\":\"cosign container image signature\"},"
            + "\"optional\":null}");
  }

  static byte[] statement(Digest subject, String predicateType, String predicate) {
    return utf8(
        "{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"predicateType\":\""
            + predicateType
            + "\",\"subject\":[{\"name\":\"quay.io/konflux/app\",\"digest\":{\""
            + subject.algorithm()
            + "\":\""
            + subject.hex()
            + "\"}}],\"predicate\":"
            + predicate
            + "}");
  }

  static byte[] envelope(byte[] statement, Key... signers) {
    StringBuilder sigs = new StringBuilder();
    for (Key k : signers) {
      if (sigs.length() > 0) {
        sigs.append(',');
      }
      sigs.append("{\"keyid\":\"\",\"sig\":\"")
          .append(b64(k.sign(DsseEnvelope.pae(MediaTypes.IN_TOTO_JSON, statement))))
          .append("\"}");
    }
    return utf8(
        "{\"payloadType\":\""
            + MediaTypes.IN_TOTO_JSON
            + "\",\"payload\":\""
            + b64(statement)
            + "\",\"signatures\":["
            + sigs
            + "]}");
  }

  static final String SLSA_V02 =
      "{\"builder\":{\"id\":\"https://tekton.dev/chains/v2\"},"
          + "\"buildType\":\"tekton.dev/v1beta1/PipelineRun\","
          + "\"invocation\":{\"parameters\":{\"git-url\":\"https://github.com/konflux/app\",\"revision\":\"abc\"}},"
          + "\"buildConfig\":{\"tasks\":[{\"name\":\"build-container\",\"results\":[{\"name\":\"SBOM_BLOB_URL\","
          + "\"type\":\"string\",\"value\":\"quay.io/konflux/app@sha256:"
          + "1".repeat(64)
          + "\"}]}]},"
          + "\"materials\":[{\"uri\":\"git+https://github.com/konflux/app.git\",\"digest\":{\"sha1\":\"abc\"}}]}";

  static final String SLSA_V1 =
      "{\"buildDefinition\":{\"buildType\":\"https://tekton.dev/chains/v2/slsa\","
          + "\"externalParameters\":{\"runSpec\":{\"pipelineRef\":\"build\"}},"
          + "\"resolvedDependencies\":[{\"uri\":\"git+https://github.com/konflux/app.git\",\"digest\":{\"sha1\":\"def\"}}]},"
          + "\"runDetails\":{\"builder\":{\"id\":\"https://tekton.dev/chains/v2\"},\"byproducts\":[{\"name\":"
          + "\"taskRunResults/build-container/SBOM_BLOB_URL\",\"mediaType\":\"application/json\",\"content\":\""
          + b64(utf8("\"quay.io/konflux/app@sha256:" + "2".repeat(64) + "\""))
          + "\"}]}}";

  /** An in-memory blob store that answers {@link BlobReader#open} by digest. */
  static final class Blobs implements BlobReader {
    final Map<Digest, byte[]> content = new HashMap<>();

    Descriptor put(String mediaType, byte[] data, Map<String, String> annotations) {
      Digest d = Digest.sha256Of(data);
      content.put(d, data);
      return new Descriptor(mediaType, d, data.length, null, annotations);
    }

    @Override
    public java.io.InputStream open(Descriptor descriptor) throws InvalidInputException {
      byte[] data = content.get(descriptor.digest());
      if (data == null) {
        throw new InvalidInputException("no blob " + descriptor.digest());
      }
      return new ByteArrayInputStream(data);
    }
  }

  static final Descriptor EMPTY_CONFIG =
      Descriptor.of(MediaTypes.OCI_EMPTY, digest(MediaTypes.OCI_EMPTY_DIGEST), 2);

  static Digest digest(String text) {
    try {
      return Digest.parse(text);
    } catch (InvalidInputException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An artifact manifest with one layer, standing in for a Konflux build artifact. */
  static Manifest artifact(String artifactType, byte[] manifestBytes) {
    return new Manifest(
        Digest.sha256Of(manifestBytes),
        manifestBytes.length,
        MediaTypes.OCI_MANIFEST,
        artifactType,
        EMPTY_CONFIG,
        List.of(Descriptor.of(MediaTypes.RPM, Digest.sha256Of(utf8("rpm")), 3)),
        null,
        Map.of());
  }

  static Referrer referrer(
      Referrer.Kind kind,
      Referrer.Discovery discovery,
      Manifest subject,
      String artifactType,
      List<Descriptor> layers) {
    byte[] fake = utf8("referrer " + kind + discovery + layers);
    Manifest m =
        new Manifest(
            Digest.sha256Of(fake),
            fake.length,
            MediaTypes.OCI_MANIFEST,
            artifactType,
            EMPTY_CONFIG,
            layers,
            subject.descriptor(),
            Map.of());
    return new Referrer(kind, discovery, subject.digest(), m);
  }

  static ArtifactReference reference(Digest digest) {
    try {
      return ArtifactReference.parse("127.0.0.1:5000/konflux/app@" + digest);
    } catch (InvalidInputException e) {
      throw new IllegalStateException(e);
    }
  }
}
