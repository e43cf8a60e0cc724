package dev.konflux.ecosystem.examples.cli;

import dev.konflux.ecosystem.api.BundleArtifact;
import dev.konflux.ecosystem.api.BundlePolicy;
import dev.konflux.ecosystem.api.BundleVerification;
import dev.konflux.ecosystem.api.BundleVerifier;
import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.pypi.Pep740Attestation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code konflux-native verify-bundle}: verifies one Sigstore bundle against a file or digest,
 * offline, with {@link BundleVerifier}. Prints one line; exit 0 verified, 3 rejected, 4 unreadable.
 */
@Command(
    name = "verify-bundle",
    mixinStandardHelpOptions = true,
    customSynopsis = {
      "konflux-native verify-bundle --bundle FILE --certificate-identity IDENTITY --certificate-oidc-issuer URL"
          + " [--trusted-root FILE] FILE_OR_DIGEST",
      "konflux-native verify-bundle --bundle FILE --key PUBLIC_KEY.pem [--trusted-root FILE] FILE_OR_DIGEST"
    },
    description = {
      "Verifies a Sigstore bundle (v0.1-v0.3) for a file, or for sha256:<64 hex>, offline.",
      "Without --trusted-root, the Sigstore public-good trusted root shipped in the jar is used.",
      "Exit codes: 0 verified, 3 verification failed, 4 input cannot be parsed, 2 usage."
    })
final class VerifyBundleCommand implements Callable<Integer> {
  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-fA-F]{64}");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(
        names = "--bundle",
        paramLabel = "FILE",
        description = "the Sigstore bundle (.sigstore.json)")
    Path bundle;

    @Option(
        names = "--attestation",
        paramLabel = "FILE",
        description =
            "a PEP 740 attestation, verified as the Sigstore bundle (v0.3, DSSE) it converts to")
    Path attestation;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Signer signer;

  static final class Signer {
    @ArgGroup(exclusive = false)
    Identity identity;

    @Option(
        names = "--key",
        paramLabel = "PUBLIC_KEY.pem",
        description = "public key of a keyed bundle")
    Path key;
  }

  static final class Identity {
    @Option(
        names = "--certificate-identity",
        required = true,
        paramLabel = "IDENTITY",
        description = "exact SAN (e-mail or URI) of the signing certificate")
    String san;

    @Option(
        names = "--certificate-oidc-issuer",
        required = true,
        paramLabel = "URL",
        description = "exact OIDC issuer of the signing certificate")
    String issuer;
  }

  @Option(names = "--trusted-root", paramLabel = "FILE", description = "Sigstore trusted_root.json")
  Path trustedRoot;

  @Parameters(
      index = "0",
      paramLabel = "FILE_OR_DIGEST",
      description = "the artifact, or sha256:<64 hex>")
  String input;

  @Override
  public Integer call() {
    try {
      BundlePolicy policy =
          signer.key != null
              ? BundlePolicy.publicKey(CosignPublicKey.fromPem(signer.key))
              : BundlePolicy.keyless(signer.identity.san, signer.identity.issuer);
      if (trustedRoot != null) {
        policy = policy.withTrustedRoot(trustedRoot);
      }
      // A PEP 740 attestation converts 1:1 to a bundle with a DSSE envelope; the statement and
      // signature bytes are kept, so it is verified exactly as that bundle would be.
      byte[] bundle =
          source.attestation != null
              ? Pep740Attestation.parse(read(source.attestation)).toBundle()
              : read(java.util.Objects.requireNonNull(source.bundle));
      BundleArtifact artifact = artifact(input);
      BundleVerification v = BundleVerifier.load().verify(bundle, artifact, policy);
      return switch (v.outcome()) {
        case VERIFIED -> {
          spec.commandLine().getOut().println("Verified OK: " + v.reason());
          spec.commandLine().getOut().flush();
          yield ExitCodes.OK;
        }
        case REJECTED -> fail(ExitCodes.VERIFICATION_FAILED, v.reason());
        case UNREADABLE -> fail(ExitCodes.INVALID_INPUT, v.reason());
      };
    } catch (InvalidInputException e) {
      return fail(ExitCodes.INVALID_INPUT, String.valueOf(e.getMessage()));
    }
  }

  private int fail(int code, String reason) {
    // One line, whatever the reason holds.
    spec.commandLine().getErr().println("verify-bundle: " + reason.replaceAll("[\\r\\n]+", " "));
    spec.commandLine().getErr().flush();
    return code;
  }

  private static byte[] read(Path bundle) throws InvalidInputException {
    try {
      if (Files.size(bundle) > 16L * 1024 * 1024) {
        throw new InvalidInputException("bundle " + bundle + " is larger than 16 MiB");
      }
      return Files.readAllBytes(bundle);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read bundle " + bundle + ": " + e.getMessage(), e);
    }
  }

  private static BundleArtifact artifact(String input) throws InvalidInputException {
    if (SHA256.matcher(input).matches()) {
      return BundleArtifact.ofDigest(Digest.sha256(input.substring(7).toLowerCase(Locale.ROOT)));
    }
    Path file = Path.of(input);
    try (InputStream in = Files.newInputStream(file)) {
      return BundleArtifact.ofStream(in, file.toString());
    } catch (IOException e) {
      throw new InvalidInputException("cannot read artifact " + file + ": " + e.getMessage(), e);
    }
  }
}
