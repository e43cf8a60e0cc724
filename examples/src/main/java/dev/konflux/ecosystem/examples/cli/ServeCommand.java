package dev.konflux.ecosystem.examples.cli;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.ReleasePlan;
import dev.konflux.ecosystem.api.Snapshot;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.serve.EphemeralSigningKey;
import dev.konflux.ecosystem.serve.HangupSignal;
import dev.konflux.ecosystem.serve.NativeViewServer;
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
      "ecosystem repositories for integration tests (/rpm/<arch>/ a yum repository,",
      "/pypi/simple/ a PEP 503/691 index negotiated on Accept, /maven/ a Maven repository),",
      "each file produced on its first request. Prints the URLs, the public key and the",
      "dnf, pip and mvn lines. Python attestations need --option pypi.sigstoreKey=PEM",
      "(or --option pypi.unsigned=true).",
      "Runs until interrupted; SIGHUP (kill -HUP PID) re-reads --snapshot (or re-resolves",
      "--artifact), serving the old view until the new one is verified.",
      "Exit codes as translate: 3 verification failed (nothing served)."
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
      names = {"--cache-dir", "--cache"},
      paramLabel = "DIR",
      description =
          "where produced files are kept and reused by a later serve of the same inputs and"
              + " --gpg-key, each checked by digest first (default: a temporary directory,"
              + " deleted on exit)")
  Path cache;

  @Option(
      names = "--watch",
      paramLabel = "SECONDS",
      description =
          "re-read --snapshot when it changes (checked every SECONDS); the old view is served until the new one is verified")
  Integer watchSeconds;

  @CommandLine.Mixin VerificationOptions verification = new VerificationOptions();

  @CommandLine.Mixin GpgKeyFlags gpg = new GpgKeyFlags();

  @CommandLine.Mixin SourceFlags sources = new SourceFlags();

  @Option(
      names = "--option",
      paramLabel = "KEY=VALUE",
      description = "target option, e.g. rpm.architectures=x86_64; repeatable")
  Map<String, String> options = new java.util.TreeMap<>();

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
      OpenPgpSigner given = gpg.load();
      boolean ephemeral = given == null;
      OpenPgpSigner key =
          given != null
              ? given
              : EphemeralSigningKey.generate(
                  "konflux-native serve (ephemeral) <serve@localhost.invalid>");
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
      java.util.concurrent.Semaphore hangups = new java.util.concurrent.Semaphore(0);
      if (!HangupSignal.onHangup(hangups::release)) {
        cl.getErr()
            .println(
                "konflux-native: SIGHUP cannot be handled here; use --watch to follow changes");
        cl.getErr().flush();
      }
      watch(translator, server, stopped, hangups, cl);
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
   * Re-plans the Snapshot on SIGHUP, or (with {@code --watch}) when its file changes; a Snapshot
   * that fails verification is reported and not served, the previous view still is.
   */
  private void watch(
      Translator translator,
      NativeViewServer server,
      CountDownLatch stopped,
      java.util.concurrent.Semaphore hangups,
      CommandLine cl)
      throws InterruptedException {
    FileTime seen = inputs.snapshot == null ? null : modified();
    Duration every = Duration.ofSeconds(watchSeconds == null ? 1 : Math.max(1, watchSeconds));
    while (stopped.getCount() > 0) {
      boolean hangup =
          hangups.tryAcquire(every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      hangups.drainPermits();
      if (!hangup) {
        FileTime now = watchSeconds == null ? null : modified();
        if (now == null || now.equals(seen)) {
          continue;
        }
        seen = now;
      } else if (inputs.snapshot != null) {
        seen = modified();
      }
      try {
        ReleasePlan next = translator.plan(request());
        server.replace(next);
        cl.getOut()
            .println(
                "serving the new "
                    + (inputs.snapshot != null ? "Snapshot " + inputs.snapshot : "artifacts")
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
    sources.apply(builder);
    options.forEach(builder::option);
    verification.apply(spec, builder);
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
