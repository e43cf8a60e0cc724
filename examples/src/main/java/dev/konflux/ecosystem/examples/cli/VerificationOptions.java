package dev.konflux.ecosystem.examples.cli;

import dev.konflux.ecosystem.api.CertificateIdentity;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The verification flags of {@code translate} and {@code serve} (a picocli mixin: one gate, one set
 * of flags), mapped onto a {@link VerificationPolicy}.
 */
final class VerificationOptions {

  @Option(
      names = "--cosign-key",
      paramLabel = "PUB",
      description = "cosign public key (PEM) that must have signed the artifact; repeatable")
  List<Path> cosignKeys = new ArrayList<>();

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "Sigstore trusted_root.json for keyless bundles")
  @Nullable Path trustedRoot;

  @Option(
      names = "--certificate-identity",
      paramLabel = "SAN",
      description = "required signer identity of keyless signatures")
  @Nullable String certificateIdentity;

  @Option(
      names = "--certificate-oidc-issuer",
      paramLabel = "URL",
      description = "required OIDC issuer of keyless signatures")
  @Nullable String certificateOidcIssuer;

  @Option(
      names = "--require-predicate-type",
      paramLabel = "URI",
      description = "also require a valid attestation of this predicate type; repeatable")
  List<String> requiredPredicateTypes = new ArrayList<>();

  @Option(
      names = "--docker-reference",
      paramLabel = "REF",
      description = "cosign signatures must name this critical.identity.docker-reference")
  @Nullable String dockerReference;

  @Option(
      names = "--require-sbom",
      description =
          "also require an SBOM: valid, covered by a verified signature or attestation (e.g. the"
              + " provenance's SBOM_BLOB_URL), describing the artifact (checked by konflux-native-bom)")
  boolean requireSbom;

  @Option(
      names = "--insecure-skip-verify",
      description = "do not verify signatures (translate records this in release.json)")
  boolean insecureSkipVerify;

  /**
   * @param spec the command, for usage errors
   * @param builder gets the verification policy
   * @throws InvalidInputException if a key cannot be read
   */
  void apply(CommandLine.Model.CommandSpec spec, Translator.Builder builder)
      throws InvalidInputException {
    if (insecureSkipVerify) {
      if (!cosignKeys.isEmpty() || trustedRoot != null || certificateIdentity != null) {
        throw usage(spec, "--insecure-skip-verify cannot be combined with keys or identities");
      }
      builder.verificationPolicy(VerificationPolicy.skipVerification());
      return;
    }
    VerificationPolicy.Builder policy = VerificationPolicy.builder();
    for (Path key : cosignKeys) {
      policy.addPublicKey(CosignPublicKey.fromPem(key));
    }
    String identity = certificateIdentity;
    String issuer = certificateOidcIssuer;
    if ((identity == null) != (issuer == null)) {
      throw usage(spec, "--certificate-identity and --certificate-oidc-issuer go together");
    }
    if (identity != null && issuer != null) {
      if (trustedRoot == null) {
        throw usage(spec, "keyless verification needs --trusted-root");
      }
      policy.addIdentity(CertificateIdentity.exact(identity, issuer));
    }
    if (trustedRoot != null) {
      policy.trustedRoot(trustedRoot);
    }
    requiredPredicateTypes.forEach(policy::requirePredicateType);
    policy.requireSbom(requireSbom);
    if (dockerReference != null) {
      policy.dockerReference(dockerReference);
    }
    builder.verificationPolicy(policy.build());
  }

  /**
   * A contradictory or incomplete combination of flags is a usage error (exit 2), like a parse
   * error.
   */
  private static CommandLine.ParameterException usage(
      CommandLine.Model.CommandSpec spec, String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
