package dev.konflux.ecosystem.examples.cli;

import dev.konflux.ecosystem.api.CertificateIdentity;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationPolicy;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** Maps the verification flags of {@code translate} onto a {@link VerificationPolicy}. */
final class VerificationOptions {
  private VerificationOptions() {}

  static void apply(TranslateCommand cmd, Translator.Builder builder) throws InvalidInputException {
    apply(
        new Flags(
            cmd.spec,
            cmd.insecureSkipVerify,
            cmd.cosignKeys,
            cmd.trustedRoot,
            cmd.certificateIdentity,
            cmd.certificateOidcIssuer,
            cmd.requiredPredicateTypes,
            cmd.requireSbom,
            cmd.dockerReference),
        builder);
  }

  /** The verification flags of a command ({@code translate}, {@code serve}): one gate for both. */
  record Flags(
      CommandLine.Model.CommandSpec spec,
      boolean insecureSkipVerify,
      List<Path> cosignKeys,
      Path trustedRoot,
      String certificateIdentity,
      String certificateOidcIssuer,
      List<String> requiredPredicateTypes,
      boolean requireSbom,
      String dockerReference) {}

  static void apply(Flags cmd, Translator.Builder builder) throws InvalidInputException {
    if (cmd.insecureSkipVerify) {
      if (!cmd.cosignKeys.isEmpty() || cmd.trustedRoot != null || cmd.certificateIdentity != null) {
        throw usage(cmd, "--insecure-skip-verify cannot be combined with keys or identities");
      }
      builder.verificationPolicy(VerificationPolicy.skipVerification());
      return;
    }
    VerificationPolicy.Builder policy = VerificationPolicy.builder();
    for (Path key : cmd.cosignKeys) {
      policy.addPublicKey(CosignPublicKey.fromPem(key));
    }
    if ((cmd.certificateIdentity == null) != (cmd.certificateOidcIssuer == null)) {
      throw usage(cmd, "--certificate-identity and --certificate-oidc-issuer go together");
    }
    if (cmd.certificateIdentity != null) {
      if (cmd.trustedRoot == null) {
        throw usage(cmd, "keyless verification needs --trusted-root");
      }
      policy.addIdentity(
          CertificateIdentity.exact(cmd.certificateIdentity, cmd.certificateOidcIssuer));
    }
    if (cmd.trustedRoot != null) {
      policy.trustedRoot(cmd.trustedRoot);
    }
    cmd.requiredPredicateTypes.forEach(policy::requirePredicateType);
    policy.requireSbom(cmd.requireSbom);
    if (cmd.dockerReference != null) {
      policy.dockerReference(cmd.dockerReference);
    }
    builder.verificationPolicy(policy.build());
  }

  /**
   * A contradictory or incomplete combination of flags is a usage error (exit 2), like a parse
   * error.
   */
  private static CommandLine.ParameterException usage(Flags cmd, String message) {
    return new CommandLine.ParameterException(cmd.spec().commandLine(), message);
  }
}
