package dev.konflux.ecosystem.api;

/** Media and artifact types that Konflux and the OCI, cosign and Sigstore specifications use. */
public final class MediaTypes {
  private MediaTypes() {}

  /** OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** OCI image index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** Docker schema 2 manifest (read for compatibility). */
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  /** Docker manifest list (read for compatibility). */
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  /** The empty config of OCI artifacts. */
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

  /** Digest of the two-byte empty config {@code {}}. */
  public static final String OCI_EMPTY_DIGEST =
      "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

  /** Uncompressed tar layer. */
  public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";

  /** Annotation holding a layer's file name. */
  public static final String ANNOTATION_TITLE = "org.opencontainers.image.title";

  /** Annotation naming a manifest inside an OCI layout's index. */
  public static final String ANNOTATION_REF_NAME = "org.opencontainers.image.ref.name";

  /** Konflux RPM build artifact. */
  public static final String ARTIFACT_RPM_BUILD = "application/vnd.rpm.build.v0";

  /** An RPM file layer. */
  public static final String RPM = "application/x-rpm";

  /** Konflux Python wheels/sdists artifact. */
  public static final String ARTIFACT_PYTHON_WHEELS = "application/vnd.python.wheels";

  /** Konflux Maven repository tar artifact. */
  public static final String ARTIFACT_MAVEN_REPOSITORY_TAR =
      "application/vnd.konflux.maven.repository.v1+tar";

  /** Maven repository zip artifact (MRRC). */
  public static final String ARTIFACT_MAVEN_ZIP = "application/vnd.maven+zip";

  /** cosign simple-signing payload layer of a {@code .sig} tag. */
  public static final String COSIGN_SIMPLE_SIGNING =
      "application/vnd.dev.cosign.simplesigning.v1+json";

  /** DSSE envelope layer of a {@code .att} tag. */
  public static final String DSSE_ENVELOPE = "application/vnd.dsse.envelope.v1+json";

  /** in-toto payload type inside DSSE envelopes. */
  public static final String IN_TOTO_JSON = "application/vnd.in-toto+json";

  /** Sigstore bundle v0.3. */
  public static final String SIGSTORE_BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** cosign SBOM attachment artifact type. */
  public static final String COSIGN_SBOM_ARTIFACT =
      "application/vnd.dev.cosign.artifact.sbom.v1+json";

  /** SPDX JSON. */
  public static final String SPDX_JSON = "text/spdx+json";

  /** SPDX tag-value. */
  public static final String SPDX_TEXT = "text/spdx";

  /** CycloneDX JSON. */
  public static final String CYCLONEDX_JSON = "application/vnd.cyclonedx+json";

  /** CycloneDX XML. */
  public static final String CYCLONEDX_XML = "application/vnd.cyclonedx+xml";

  /** cosign annotation holding the base64 signature. */
  public static final String ANNOTATION_COSIGN_SIGNATURE = "dev.cosignproject.cosign/signature";

  /** cosign annotation holding a PEM certificate. */
  public static final String ANNOTATION_COSIGN_CERTIFICATE = "dev.sigstore.cosign/certificate";

  /** cosign annotation holding a PEM chain. */
  public static final String ANNOTATION_COSIGN_CHAIN = "dev.sigstore.cosign/chain";

  /** cosign annotation holding a Rekor bundle. */
  public static final String ANNOTATION_COSIGN_BUNDLE = "dev.sigstore.cosign/bundle";

  /** Sigstore bundle content annotation ({@code dsse-envelope} or {@code message-signature}). */
  public static final String ANNOTATION_BUNDLE_CONTENT = "dev.sigstore.bundle.content";

  /** Sigstore bundle predicate type annotation. */
  public static final String ANNOTATION_BUNDLE_PREDICATE_TYPE = "dev.sigstore.bundle.predicateType";

  /**
   * @param mediaType a media type
   * @return whether it is an SBOM document type
   */
  public static boolean isSbom(String mediaType) {
    return SPDX_JSON.equals(mediaType)
        || SPDX_TEXT.equals(mediaType)
        || CYCLONEDX_JSON.equals(mediaType)
        || CYCLONEDX_XML.equals(mediaType);
  }

  /**
   * @param mediaType a media type
   * @return whether it names an image index or manifest list
   */
  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
  }

  /**
   * @param mediaType a media type
   * @return whether it names an image manifest
   */
  public static boolean isManifest(String mediaType) {
    return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }
}
