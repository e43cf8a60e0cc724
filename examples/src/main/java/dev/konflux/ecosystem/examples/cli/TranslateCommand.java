package dev.konflux.ecosystem.examples.cli;

import org.jspecify.annotations.Nullable;
import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OpenPgpSigningKey;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.api.Snapshot;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.internal.release.ReleaseRecordJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code konflux-native translate}: resolve, verify, translate and commit a release. */
@Command(name = "translate", mixinStandardHelpOptions = true,
    description = {"Translates Konflux build artifacts into ecosystem-native outputs under --out:",
        "  DIR/rpm/…, DIR/pypi/…, DIR/maven/…, DIR/release.json.",
        "Exit codes: 0 ok, 2 usage, 3 verification failed, 4 invalid input, 5 source unavailable, 1 other."})
final class TranslateCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
  Inputs inputs;

  static final class Inputs {
    @Option(names = "--snapshot", paramLabel = "FILE", description = "Konflux Snapshot JSON")
    Path snapshot;

    @Option(names = "--artifact", paramLabel = "REF", description = "host/repo[:tag][@digest] or oci-layout:DIR[:tag|@digest]; repeatable")
    List<String> artifacts;

    @Option(names = "--example", description = "Generate the embedded example (a signed Konflux RPM build in an OCI layout) and translate it")
    boolean example;
  }

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
  Path out;

  @Option(names = "--cosign-key", paramLabel = "PUB", description = "cosign public key (PEM) that must have signed the artifact; repeatable")
  List<Path> cosignKeys = new ArrayList<>();

  @Option(names = "--trusted-root", paramLabel = "FILE", description = "Sigstore trusted_root.json for keyless bundles")
  Path trustedRoot;

  @Option(names = "--certificate-identity", paramLabel = "SAN", description = "required signer identity of keyless signatures")
  String certificateIdentity;

  @Option(names = "--certificate-oidc-issuer", paramLabel = "URL", description = "required OIDC issuer of keyless signatures")
  String certificateOidcIssuer;

  @Option(names = "--require-predicate-type", paramLabel = "URI", description = "also require a valid attestation of this predicate type; repeatable")
  List<String> requiredPredicateTypes = new ArrayList<>();

  @Option(names = "--docker-reference", paramLabel = "REF", description = "cosign signatures must name this critical.identity.docker-reference")
  String dockerReference;

  @Option(names = "--require-sbom", description = "also require an SBOM referrer or .sbom attachment")
  boolean requireSbom;

  @Option(names = "--insecure-skip-verify", description = "translate without verifying signatures (recorded in release.json)")
  boolean insecureSkipVerify;

  @Option(names = "--gpg-key", paramLabel = "FILE", description = "armored OpenPGP secret key to sign RPMs, repodata and .asc files")
  Path gpgKey;

  @Option(names = "--gpg-key-id", paramLabel = "ID", description = "which key in --gpg-key to sign with")
  String gpgKeyId;

  @Option(names = "--gpg-passphrase-env", paramLabel = "VAR", description = "environment variable holding the key's passphrase")
  String gpgPassphraseEnv;

  @Option(names = "--plain-http", paramLabel = "HOST:PORT", description = "registry reached over plain HTTP; repeatable")
  List<String> plainHttp = new ArrayList<>();

  @Option(names = "--registry-config", paramLabel = "FILE", description = "Docker/Podman config.json with registry credentials")
  Path registryConfig;

  @Option(names = "--option", paramLabel = "KEY=VALUE", description = "target option, e.g. rpm.architectures=x86_64,aarch64; repeatable")
  Map<String, String> options = new java.util.TreeMap<>();

  @Option(names = "--dry-run", description = "resolve and verify only; write nothing")
  boolean dryRun;

  @Option(names = "--json", description = "print the release record as JSON on standard output")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run();
    } catch (KonfluxNativeException e) {
      err.println("konflux-native: " + e.getMessage());
      return ExitCodes.of(e);
    } catch (IOException e) {
      err.println("konflux-native: " + e.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
  }

  private int run() throws KonfluxNativeException, IOException {
    Path exampleDir = inputs.example ? Files.createTempDirectory("konflux-native-example") : null;
    try {
      return run(exampleDir);
    } finally {
      if (exampleDir != null) {
        deleteTree(exampleDir);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private int run(@Nullable Path exampleDir) throws KonfluxNativeException, IOException {
    TranslateRequest request;
    Translator.Builder builder = Translator.builder().outputDirectory(out).dryRun(dryRun);
    if (inputs.example) {
      ExampleRelease example = ExampleRelease.create(java.util.Objects.requireNonNull(exampleDir));
      request = example.request();
      cosignKeys.add(example.cosignPublicKey());
      if (gpgKey == null) {
        builder.signingKey(example.signingKey());
      }
    } else if (inputs.snapshot != null) {
      try (InputStream in = Files.newInputStream(inputs.snapshot)) {
        request = TranslateRequest.of(Snapshot.parse(in));
      }
    } else {
      List<ArtifactReference> refs = new ArrayList<>();
      for (String a : inputs.artifacts) {
        refs.add(ArtifactReference.parse(a));
      }
      request = TranslateRequest.of(refs);
    }
    SourceOptions.Builder sources = SourceOptions.builder();
    plainHttp.forEach(sources::plainHttp);
    if (registryConfig != null) {
      sources.registryConfig(registryConfig);
    }
    builder.sourceOptions(sources.build());
    if (gpgKey != null) {
      Secret pass = gpgPassphraseEnv == null ? null : Secret.fromEnvironment(gpgPassphraseEnv);
      builder.signingKey(OpenPgpSigningKey.load(gpgKey, pass, gpgKeyId));
    }
    options.forEach(builder::option);
    VerificationOptions.apply(this, builder);
    // On Java 17 (our baseline) a null console is how "not a terminal" is told.
    @SuppressWarnings("SystemConsoleNull")
    boolean terminal = System.console() != null && !json;
    builder.listener(new ProgressLine(json ? System.err : System.out, terminal));
    TranslateResult result = builder.build().translate(request);
    if (json) {
      System.out.print(new String(ReleaseRecordJson.write(result.record()), StandardCharsets.UTF_8));
    } else if (result.unchanged()) {
      System.out.println(out + " already holds this release; nothing changed");
    } else if (result.dryRun()) {
      System.out.println("dry run: " + result.record().components().size() + " components resolved and verified; nothing written");
    } else {
      System.out.println("released " + result.record().files().size() + " files into " + out);
    }
    return ExitCodes.OK;
  }
}
