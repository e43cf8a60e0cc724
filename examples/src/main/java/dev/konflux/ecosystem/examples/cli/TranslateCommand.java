package dev.konflux.ecosystem.examples.cli;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.api.Snapshot;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.signing.SigstoreKeyFile;
import dev.konflux.ecosystem.sigstore.SigstoreKeylessSigner;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code konflux-native translate}: resolve, verify, translate and commit a release. */
@Command(
    name = "translate",
    mixinStandardHelpOptions = true,
    description = {
      "Resolves Konflux build artifacts (a Snapshot, references or the embedded",
      "example), verifies their signatures and attestations, and translates them into",
      "ecosystem-native outputs under --out: DIR/rpm/… (signed yum repositories) and",
      "DIR/release.json, committed atomically; the output is untouched on any failure.",
      "Exit codes: 0 ok, 2 usage, 3 verification failed, 4 invalid input,",
      "5 source unavailable, 1 other."
    })
final class TranslateCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
  Inputs inputs;

  static final class Inputs {
    @Option(names = "--snapshot", paramLabel = "FILE", description = "Konflux Snapshot JSON")
    Path snapshot;

    @Option(
        names = "--artifact",
        paramLabel = "REF",
        description = "host/repo[:tag][@digest] or oci-layout:DIR[:tag|@digest]; repeatable")
    List<String> artifacts;

    @Option(
        names = "--example",
        description =
            "Generate the embedded example (a signed Konflux RPM build, a signed wheels build and a signed Maven repository in OCI layouts, kept in .NAME.example beside --out NAME) and translate it")
    boolean example;
  }

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
  Path out;

  @CommandLine.Mixin VerificationOptions verification = new VerificationOptions();

  @CommandLine.Mixin GpgKeyFlags gpg = new GpgKeyFlags();

  @Option(
      names = "--sigstore-key",
      paramLabel = "FILE",
      description =
          "EC P-256 private key (PEM PKCS#8/SEC1 or cosign-encrypted): the release's Sigstore bundle signer (PEP 740 attestations, Maven <file>.sigstore.json)")
  Path sigstoreKey;

  @Option(
      names = "--sigstore-key-passphrase-env",
      paramLabel = "VAR",
      description =
          "environment variable holding the passphrase of a cosign-encrypted --sigstore-key")
  String sigstoreKeyPassphraseEnv;

  @Option(
      names = "--sigstore-identity-token-env",
      paramLabel = "VAR",
      description =
          "environment variable holding an OIDC token: sign Sigstore bundles keyless (Fulcio certificate, Rekor entry)")
  String sigstoreIdentityTokenEnv;

  @Option(
      names = "--sigstore-signing-config",
      paramLabel = "FILE",
      description =
          "Sigstore signing_config.json for keyless signing (with --trusted-root); default: the public-good instance")
  Path sigstoreSigningConfig;

  @CommandLine.Mixin SourceFlags sources = new SourceFlags();

  @Option(
      names = "--option",
      paramLabel = "KEY=VALUE",
      description =
          "target option, e.g. rpm.architectures=x86_64,aarch64 or maven.centralBundle=true (README: Target options); repeatable; unknown keys are a usage error")
  Map<String, String> options = new java.util.TreeMap<>();

  @Option(names = "--dry-run", description = "resolve and verify only; write nothing")
  boolean dryRun;

  @Option(
      names = "--json",
      description =
          "print one JSON result object on standard output, on success and on failure (with files, decisions and reports such as Maven Central readiness per GAV)")
  boolean json;

  @Option(
      names = "--verbose",
      description = "also log the library's progress (SLF4J INFO) on standard error")
  boolean verbose;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    ResultReport report = new ResultReport(cl.getOut(), cl.getErr(), json);
    try {
      report.success(run(cl));
      return ExitCodes.OK;
    } catch (KonfluxNativeException e) {
      int exit = ExitCodes.of(e);
      report.failure(e, exit, dryRun, out);
      return exit;
    } catch (InputFileException e) {
      report.failure(
          "InputFileException",
          e.getMessage(),
          ExitCodes.INVALID_INPUT,
          dryRun,
          out,
          e.file.toString());
      return ExitCodes.INVALID_INPUT;
    } catch (IOException e) {
      report.failure(
          e.getClass().getSimpleName(),
          "cannot read input: " + e.getMessage(),
          ExitCodes.INVALID_INPUT,
          dryRun,
          out,
          null);
      return ExitCodes.INVALID_INPUT;
    } catch (CommandLine.ParameterException e) {
      throw e; // a usage error: picocli's handler reports it (exit 2)
    } catch (RuntimeException e) {
      report.failure(
          e.getClass().getSimpleName(),
          "unexpected failure: " + e,
          ExitCodes.FAILED,
          dryRun,
          out,
          null);
      if (verbose) {
        e.printStackTrace(cl.getErr());
      }
      return ExitCodes.FAILED;
    }
  }

  /** A file named on the command line that cannot be read; names the file and the flag. */
  private static final class InputFileException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    InputFileException(String flag, Path file, IOException cause) {
      super(
          flag
              + " "
              + file
              + " "
              + (cause instanceof java.nio.file.NoSuchFileException
                  ? "does not exist"
                  : "cannot be read (" + cause.getClass().getSimpleName() + ")"),
          cause);
      this.file = file;
    }
  }

  private TranslateResult run(CommandLine cl) throws KonfluxNativeException, IOException {
    TranslateRequest request;
    Translator.Builder builder = Translator.builder().outputDirectory(out).dryRun(dryRun);
    checkOptionKeys(builder);
    if (Files.exists(out) && !Files.isDirectory(out)) {
      // Before the example is generated or a key is read; the library checks this again.
      OutputException e =
          new OutputException("output directory " + out + " exists and is not a directory");
      e.withReference(out.toString()).withOperation(KonfluxNativeException.OPERATION_READ_INPUT);
      throw e;
    }
    if (inputs.example) {
      ExampleRelease example = ExampleRelease.create(out);
      request = example.request();
      verification.cosignKeys.addAll(example.cosignPublicKeys());
      example.options().forEach(builder::option); // before the user's --option, which override
      if (gpg.gpgKey == null) {
        builder.openPgpSigner(example.signingKey());
      }
    } else if (inputs.snapshot != null) {
      InputStream in;
      try {
        in = Files.newInputStream(inputs.snapshot);
      } catch (IOException e) {
        throw new InputFileException("--snapshot", inputs.snapshot, e);
      }
      try (in) {
        request = TranslateRequest.of(Snapshot.parse(in));
      } catch (KonfluxNativeException e) {
        e.withReference(inputs.snapshot.toString())
            .withOperation(KonfluxNativeException.OPERATION_READ_INPUT);
        throw e;
      }
    } else {
      List<ArtifactReference> refs = new ArrayList<>();
      for (String a : inputs.artifacts) {
        refs.add(ArtifactReference.parse(a));
      }
      request = TranslateRequest.of(refs);
    }
    sources.apply(builder);
    OpenPgpSigner key = gpg.load();
    if (key != null) {
      builder.openPgpSigner(key);
    }
    options.forEach(builder::option);
    verification.apply(spec, builder);
    // On Java 17 (our baseline) a null console is how "not a terminal" is told.
    @SuppressWarnings("SystemConsoleNull")
    boolean terminal = System.console() != null && !json;
    // With --json, standard output holds the result object alone; progress goes to standard error.
    builder.listener(new ProgressLine(json ? cl.getErr() : cl.getOut(), terminal));
    SigstoreKeylessSigner keyless = sigstoreSigner(builder);
    try {
      return builder.build().translate(request);
    } finally {
      if (keyless != null) {
        keyless.close();
      }
    }
  }

  /**
   * A misspelt {@code --option} key is a usage error naming the key and the known ones, before any
   * work (the library refuses it too, as invalid input; here it is the user's command line).
   */
  private void checkOptionKeys(Translator.Builder builder) {
    if (options.isEmpty()) {
      return; // nothing to check: no need to make every target just for their keys
    }
    Set<String> known = new TreeSet<>();
    builder.build().targets().forEach(t -> known.addAll(t.optionKeys()));
    for (String key : options.keySet()) {
      if (!known.contains(key)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "unknown --option key '"
                + key
                + "'; known keys: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
      }
    }
  }

  /**
   * Configures the release's Sigstore signer from the options.
   *
   * @return the keyless signer to close after the release, or {@code null}
   */
  private @Nullable SigstoreKeylessSigner sigstoreSigner(Translator.Builder builder)
      throws InvalidInputException {
    if (sigstoreKey != null && sigstoreIdentityTokenEnv != null) {
      throw new InvalidInputException(
          "--sigstore-key and --sigstore-identity-token-env exclude each other");
    }
    if (sigstoreSigningConfig != null && sigstoreIdentityTokenEnv == null) {
      throw new InvalidInputException(
          "--sigstore-signing-config needs --sigstore-identity-token-env");
    }
    if (sigstoreKey != null) {
      Secret pass =
          sigstoreKeyPassphraseEnv == null
              ? null
              : Secret.fromEnvironment(sigstoreKeyPassphraseEnv);
      builder.sigstoreSigner(SigstoreKeyFile.load(sigstoreKey, pass));
      return null;
    }
    if (sigstoreIdentityTokenEnv != null) {
      Secret token = Secret.fromEnvironment(sigstoreIdentityTokenEnv);
      SigstoreKeylessSigner keyless =
          SigstoreKeylessSigner.create(
              token,
              sigstoreSigningConfig,
              sigstoreSigningConfig != null ? verification.trustedRoot : null);
      builder.sigstoreSigner(keyless);
      return keyless;
    }
    return null;
  }
}
