package dev.konflux.ecosystem.examples.cli;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.ReleasePlan;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.api.Snapshot;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.serve.EphemeralSigningKey;
import dev.konflux.ecosystem.serve.NativeViewServer;
import dev.konflux.ecosystem.signing.OpenPgpKeyFile;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code konflux-native serve}: verify like {@code translate}, then serve the release as live
 * repositories, each file produced on its first request (see {@link NativeViewServer}).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies Konflux build artifacts like translate, then serves them as live",
      "ecosystem repositories for integration tests (/rpm/<arch>/ is a yum repository),",
      "each file produced on its first request. Prints the URLs and the public key.",
      "Runs until interrupted. Exit codes as translate: 3 verification failed (nothing served)."
    })
final class ServeCommand implements Callable<Integer> {

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
  }

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "port to listen on (default 0: a free one, printed)")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      description = "address to listen on (default 127.0.0.1)")
  String bind = "127.0.0.1";

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "where produced files are kept (default: a temporary directory, deleted on exit)")
  Path cache;

  @Option(
      names = "--watch",
      paramLabel = "SECONDS",
      description =
          "re-read --snapshot when it changes (checked every SECONDS); the old view is served until the new one is verified")
  Integer watchSeconds;

  @Option(
      names = "--cosign-key",
      paramLabel = "PUB",
      description = "cosign public key (PEM) that must have signed the artifact; repeatable")
  List<Path> cosignKeys = new ArrayList<>();

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "Sigstore trusted_root.json for keyless bundles")
  Path trustedRoot;

  @Option(
      names = "--certificate-identity",
      paramLabel = "SAN",
      description = "required signer identity of keyless signatures")
  String certificateIdentity;

  @Option(
      names = "--certificate-oidc-issuer",
      paramLabel = "URL",
      description = "required OIDC issuer of keyless signatures")
  String certificateOidcIssuer;

  @Option(
      names = "--require-predicate-type",
      paramLabel = "URI",
      description = "also require a valid attestation of this predicate type; repeatable")
  List<String> requiredPredicateTypes = new ArrayList<>();

  @Option(
      names = "--docker-reference",
      paramLabel = "REF",
      description = "cosign signatures must name this critical.identity.docker-reference")
  String dockerReference;

  @Option(
      names = "--require-sbom",
      description =
          "also require an SBOM: valid, covered by a verified signature or attestation (e.g. the"
              + " provenance's SBOM_BLOB_URL), describing the artifact (checked by konflux-native-bom)")
  boolean requireSbom;

  @Option(names = "--insecure-skip-verify", description = "serve without verifying signatures")
  boolean insecureSkipVerify;

  @Option(
      names = "--gpg-key",
      paramLabel = "FILE",
      description =
          "armored OpenPGP secret key to sign with (default: an ephemeral key made at start, printed)")
  Path gpgKey;

  @Option(
      names = "--gpg-key-id",
      paramLabel = "ID",
      description = "which key in --gpg-key to sign with")
  String gpgKeyId;

  @Option(
      names = "--gpg-passphrase-env",
      paramLabel = "VAR",
      description = "environment variable holding the key's passphrase")
  String gpgPassphraseEnv;

  @Option(
      names = "--plain-http",
      paramLabel = "HOST:PORT",
      description = "registry reached over plain HTTP; repeatable")
  List<String> plainHttp = new ArrayList<>();

  @Option(
      names = "--registry-config",
      paramLabel = "FILE",
      description = "Docker/Podman config.json with registry credentials")
  Path registryConfig;

  @Option(
      names = "--option",
      paramLabel = "KEY=VALUE",
      description = "target option, e.g. rpm.architectures=x86_64; repeatable")
  Map<String, String> options = new java.util.TreeMap<>();

  @Option(
      names = "--allow-local-layouts",
      description =
          "let --snapshot components name oci-layout: paths "
              + "(a Snapshot may name only registry references otherwise; exit 4)")
  boolean allowLocalLayouts;

  @Option(
      names = "--verbose",
      description = "also log the library's progress (SLF4J INFO) on standard error")
  boolean verbose;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    ResultReport report = new ResultReport(cl.getOut(), cl.getErr(), false);
    // Never made nor written: plan() only reads an output directory, for incremental releases.
    Path out =
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "konflux-native-serve-" + java.util.UUID.randomUUID());
    try {
      if (watchSeconds != null && inputs.snapshot == null) {
        throw new CommandLine.ParameterException(cl, "--watch needs --snapshot");
      }
      OpenPgpSigner key;
      boolean ephemeral = gpgKey == null;
      if (ephemeral) {
        key =
            EphemeralSigningKey.generate(
                "konflux-native serve (ephemeral) <serve@localhost.invalid>");
      } else {
        Secret pass = gpgPassphraseEnv == null ? null : Secret.fromEnvironment(gpgPassphraseEnv);
        key = OpenPgpKeyFile.load(gpgKey, pass, gpgKeyId);
      }
      Translator translator = translator(out, key);
      // The verification gate runs here, before a socket is opened: a failing Snapshot serves
      // nothing.
      ReleasePlan plan = translator.plan(request());
      NativeViewServer.Builder b =
          NativeViewServer.builder().plan(plan).publicKey(key).bindAddress(bind).port(port);
      if (cache != null) {
        b.cacheDirectory(cache);
      }
      NativeViewServer server = b.start();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    stopped.countDown();
                  },
                  "konflux-native-serve-shutdown"));
      PrintWriter o = cl.getOut();
      o.println("serving " + server.uri());
      o.println(
          (ephemeral ? "ephemeral signing key " : "signing key ")
              + key.fingerprint()
              + ": "
              + server.keyUrls());
      for (String line : server.clientLines()) {
        o.println("  " + line);
      }
      o.flush();
      if (watchSeconds == null) {
        stopped.await();
      } else {
        watch(translator, server, stopped, cl);
      }
      return ExitCodes.OK;
    } catch (KonfluxNativeException e) {
      int exit = ExitCodes.of(e);
      report.failure(e, exit, false, null);
      return exit;
    } catch (CommandLine.ParameterException e) {
      throw e;
    } catch (IOException e) {
      report.failure(
          e.getClass().getSimpleName(),
          "cannot serve: " + e.getMessage(),
          ExitCodes.INVALID_INPUT,
          false,
          null,
          null);
      return ExitCodes.INVALID_INPUT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.OK;
    }
  }

  /**
   * Re-plans the Snapshot when its file changes; a Snapshot that fails verification is reported and
   * not served.
   */
  private void watch(
      Translator translator, NativeViewServer server, CountDownLatch stopped, CommandLine cl)
      throws InterruptedException {
    FileTime seen = modified();
    Duration every = Duration.ofSeconds(Math.max(1, watchSeconds));
    while (!stopped.await(every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      FileTime now = modified();
      if (now == null || now.equals(seen)) {
        continue;
      }
      seen = now;
      try {
        ReleasePlan next = translator.plan(request());
        server.replace(next);
        cl.getOut()
            .println(
                "serving the new Snapshot "
                    + inputs.snapshot
                    + " ("
                    + next.inputFingerprint()
                    + ")");
      } catch (KonfluxNativeException | IOException e) {
        cl.getErr()
            .println(
                "konflux-native: the changed Snapshot is not served, the previous one still is: "
                    + e.getMessage());
      }
      cl.getOut().flush();
      cl.getErr().flush();
    }
  }

  private @Nullable FileTime modified() {
    try {
      return Files.getLastModifiedTime(inputs.snapshot);
    } catch (IOException e) {
      return null;
    }
  }

  private Translator translator(Path out, OpenPgpSigner key) throws KonfluxNativeException {
    Translator.Builder builder = Translator.builder().outputDirectory(out).openPgpSigner(key);
    SourceOptions.Builder sources = SourceOptions.builder();
    plainHttp.forEach(sources::plainHttp);
    if (registryConfig != null) {
      sources.registryConfig(registryConfig);
    }
    builder.sourceOptions(sources.build());
    options.forEach(builder::option);
    builder.allowLocalLayouts(allowLocalLayouts);
    VerificationOptions.apply(
        new VerificationOptions.Flags(
            spec,
            insecureSkipVerify,
            cosignKeys,
            trustedRoot,
            certificateIdentity,
            certificateOidcIssuer,
            requiredPredicateTypes,
            requireSbom,
            dockerReference),
        builder);
    return builder.build();
  }

  private TranslateRequest request() throws KonfluxNativeException, IOException {
    if (inputs.snapshot != null) {
      try (InputStream in = Files.newInputStream(inputs.snapshot)) {
        return TranslateRequest.of(Snapshot.parse(in));
      } catch (KonfluxNativeException e) {
        e.withReference(inputs.snapshot.toString())
            .withOperation(KonfluxNativeException.OPERATION_READ_INPUT);
        throw e;
      }
    }
    List<ArtifactReference> refs = new ArrayList<>();
    for (String a : inputs.artifacts) {
      refs.add(ArtifactReference.parse(a));
    }
    return TranslateRequest.of(refs);
  }
}
