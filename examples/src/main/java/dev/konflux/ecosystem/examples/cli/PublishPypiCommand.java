package dev.konflux.ecosystem.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.OutputException;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.pypi.PypiUploadException;
import dev.konflux.ecosystem.pypi.PypiUploader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code konflux-native publish pypi}: uploads the distributions of a {@code translate} output
 * ({@code DIR/pypi/files/}) with their PEP 740 attestations to a remote index through the legacy
 * upload API, with {@link PypiUploader}. Credentials come from the environment only.
 */
@Command(
    name = "pypi",
    mixinStandardHelpOptions = true,
    description = {
      "Uploads every wheel and sdist of DIR/pypi/files/ (DIR: a translate output,",
      "or its pypi directory) with its PEP 740 attestations to an index's legacy",
      "upload API, as twine does. Files the --index-url lists with the same sha256",
      "are skipped; 5xx answers and connection errors are retried; a 4xx answer",
      "stops the upload with the server's message.",
      "Credentials from the environment only: an API token in the variable",
      PublishPypiCommand.DEFAULT_TOKEN_ENV + " (or the one --token-env names),",
      "sent as user __token__; or --username-env and --password-env for basic",
      "auth. Without any, the upload is unauthenticated.",
      "Exit codes (as for publish maven): 0 ok, 2 usage, 4 invalid distribution,",
      "unreadable DIR, unset variable, or a same-named file with other content on",
      "the index, 5 the index refused a file (4xx), kept failing (5xx) or could",
      "not be reached, 1 other."
    })
final class PublishPypiCommand implements Callable<Integer> {
  /** The token's variable when {@code --token-env} is not given. */
  static final String DEFAULT_TOKEN_ENV = "KONFLUX_NATIVE_PYPI_TOKEN";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--repository-url",
      required = true,
      paramLabel = "URL",
      description = "the legacy upload endpoint, e.g. https://upload.pypi.org/legacy/")
  URI repositoryUrl;

  @Option(
      names = "--index-url",
      paramLabel = "URL",
      description =
          "the index's simple API root (e.g. https://pypi.org/simple/): files it already lists with"
              + " the same sha256 are skipped; without it every file is sent")
  URI indexUrl;

  @Option(
      names = "--token-env",
      paramLabel = "VAR",
      description =
          "environment variable holding an API token (default "
              + DEFAULT_TOKEN_ENV
              + "; used when set)")
  String tokenEnv;

  @Option(
      names = "--username-env",
      paramLabel = "VAR",
      description = "environment variable holding the user name for basic auth")
  String usernameEnv;

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      description = "environment variable holding the password for basic auth")
  String passwordEnv;

  @Option(
      names = "--attempts",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "tries per file on 5xx answers and connection errors (default ${DEFAULT-VALUE})")
  int attempts;

  @Option(
      names = "--retry-wait",
      paramLabel = "MILLIS",
      defaultValue = "1000",
      description = "wait before the second try, doubled for each next (default ${DEFAULT-VALUE})")
  long retryWaitMillis;

  @Mixin OutputFlags output = new OutputFlags();

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "a translate output directory (its pypi/), or that pypi directory")
  Path dir;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    checkUsage(cl);
    // Progress goes to standard output, or to standard error when it must hold the JSON alone.
    PrintWriter progress = output.json ? cl.getErr() : cl.getOut();
    List<PypiUploader.Upload> done = new ArrayList<>();
    try {
      PypiUploader.Builder b =
          PypiUploader.builder()
              .repositoryUrl(repositoryUrl)
              .retries(attempts, Duration.ofMillis(retryWaitMillis))
              .listener(
                  event -> {
                    if (event instanceof PypiUploader.Event.Finished f) {
                      done.add(f.upload());
                    }
                    progress(progress, event);
                  });
      if (indexUrl != null) {
        b.indexUrl(indexUrl);
      }
      credentials(b, cl.getErr());
      List<PypiUploader.Upload> uploads = b.build().upload(pypiRoot());
      long uploaded =
          uploads.stream().filter(u -> u.outcome() == PypiUploader.Outcome.UPLOADED).count();
      if (output.json) {
        ObjectNode root = result(uploaded == 0 ? "unchanged" : "published", ExitCodes.OK, uploads);
        root.putNull("error");
        print(cl.getOut(), root);
      } else {
        line(
            cl.getOut(),
            "published "
                + uploads.size()
                + " file"
                + (uploads.size() == 1 ? "" : "s")
                + " to "
                + repositoryUrl
                + " ("
                + uploaded
                + " uploaded, "
                + (uploads.size() - uploaded)
                + " already there)");
      }
      return ExitCodes.OK;
    } catch (KonfluxNativeException e) {
      // An index that refused a file (4xx) or kept failing (5xx or no connection after every
      // attempt: PypiUploadException, an OutputException) is exit 5, as for `publish maven`: the
      // repository refused a file or could not be reached.
      int exit = e instanceof OutputException ? ExitCodes.SOURCE_UNAVAILABLE : ExitCodes.of(e);
      failure(cl, done, exit, e.getClass().getSimpleName(), e.getMessage(), e);
      return exit;
    } catch (RuntimeException e) {
      failure(
          cl,
          done,
          ExitCodes.FAILED,
          e.getClass().getSimpleName(),
          "unexpected failure: " + e,
          null);
      if (output.verbose) {
        e.printStackTrace(cl.getErr());
      }
      return ExitCodes.FAILED;
    }
  }

  private void failure(
      CommandLine cl,
      List<PypiUploader.Upload> done,
      int exit,
      String type,
      @Nullable String message,
      @Nullable KonfluxNativeException e) {
    line(cl.getErr(), "konflux-native: " + message);
    if (output.json) {
      // The files sent before the failure are listed: they are on the index now.
      ObjectNode root = result("failed", exit, done);
      ObjectNode error = root.putObject("error");
      error.put("type", type);
      error.put("message", message);
      putOrNull(error, "component", e == null ? null : e.component().orElse(null));
      putOrNull(error, "reference", e == null ? null : e.reference().orElse(null));
      putOrNull(error, "digest", e == null ? null : e.digest().map(Object::toString).orElse(null));
      putOrNull(error, "operation", e == null ? null : e.operation().orElse(null));
      // What the index did with the file, as `publish maven` reports a DeployRejectedException.
      PypiUploadException u = e instanceof PypiUploadException p ? p : null;
      putOrNull(error, "file", u == null ? null : u.fileName());
      putOrNull(error, "url", u == null ? null : u.url().toString());
      if (u != null && u.statusCode().isPresent()) {
        error.put("statusCode", u.statusCode().getAsInt());
      } else {
        error.putNull("statusCode");
      }
      putOrNull(error, "serverMessage", u == null ? null : u.serverMessage().orElse(null));
      if (u != null) {
        error.put("retriesExhausted", u.retriesExhausted());
        error.put("attempts", u.attempts());
      } else {
        error.putNull("retriesExhausted");
        error.putNull("attempts");
      }
      print(cl.getOut(), root);
    }
  }

  /** Command line mistakes are usage errors (exit 2), found before any file is read. */
  private void checkUsage(CommandLine cl) {
    for (URI u : indexUrl == null ? List.of(repositoryUrl) : List.of(repositoryUrl, indexUrl)) {
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
        throw new CommandLine.ParameterException(cl, "not an http(s) URL: " + u);
      }
      if (u.getUserInfo() != null) {
        throw new CommandLine.ParameterException(
            cl,
            "credentials do not belong in a URL on the command line; use --token-env, or"
                + " --username-env and --password-env");
      }
    }
    if ((usernameEnv == null) != (passwordEnv == null)) {
      throw new CommandLine.ParameterException(cl, "--username-env and --password-env go together");
    }
    if (passwordEnv != null && tokenEnv != null) {
      throw new CommandLine.ParameterException(
          cl, "--token-env excludes --username-env and --password-env");
    }
    if (attempts < 1 || retryWaitMillis < 0) {
      throw new CommandLine.ParameterException(
          cl, "--attempts must be at least 1 and --retry-wait not negative");
    }
  }

  private void credentials(PypiUploader.Builder b, PrintWriter err) throws InvalidInputException {
    if (passwordEnv != null) {
      Secret user = Secret.fromEnvironment(usernameEnv);
      b.credentials(user.revealAsString(), Secret.fromEnvironment(passwordEnv));
      return;
    }
    String var = tokenEnv != null ? tokenEnv : DEFAULT_TOKEN_ENV;
    if (tokenEnv != null || System.getenv(var) != null) {
      b.credentials("__token__", Secret.fromEnvironment(var)); // an explicit, unset one fails
      return;
    }
    line(err, "konflux-native: " + var + " is not set; uploading without credentials");
  }

  private Path pypiRoot() throws InvalidInputException {
    if (Files.isDirectory(dir.resolve("files"))) {
      return dir;
    }
    if (Files.isDirectory(dir.resolve("pypi").resolve("files"))) {
      return dir.resolve("pypi");
    }
    InvalidInputException e =
        new InvalidInputException(
            dir
                + " holds no Python output (neither files/ nor pypi/files/); "
                + "give the --out directory of a translate that released wheels or sdists");
    e.withReference(dir.toString()).withOperation(KonfluxNativeException.OPERATION_READ_INPUT);
    throw e;
  }

  private static void progress(PrintWriter out, PypiUploader.Event event) {
    if (event instanceof PypiUploader.Event.Finished f) {
      PypiUploader.Upload u = f.upload();
      line(
          out,
          (u.outcome() == PypiUploader.Outcome.UPLOADED ? "✓ uploaded " : "= skipped ")
              + u.fileName()
              + (u.outcome() == PypiUploader.Outcome.UPLOADED
                  ? " with "
                      + u.attestations()
                      + " attestation"
                      + (u.attestations() == 1 ? "" : "s")
                  : " (already on the index with the same sha256)"));
    } else if (event instanceof PypiUploader.Event.Retrying r) {
      line(
          out,
          "… "
              + r.fileName()
              + ": "
              + r.reason()
              + " on try "
              + r.attempt()
              + "; trying again in "
              + r.delay().toMillis()
              + " ms");
    }
  }

  private ObjectNode result(String status, int exitCode, List<PypiUploader.Upload> uploads) {
    ObjectNode root = OutputJson.MAPPER.createObjectNode();
    root.put("status", status);
    root.put("exitCode", exitCode);
    root.put("repositoryUrl", repositoryUrl.toString());
    putOrNull(root, "indexUrl", indexUrl == null ? null : indexUrl.toString());
    root.put("directory", dir.toString());
    ArrayNode files = root.putArray("uploads");
    for (PypiUploader.Upload u : uploads) {
      files
          .addObject()
          .put("file", u.fileName())
          .put("outcome", u.outcome().name().toLowerCase(Locale.ROOT))
          .put("attestations", u.attestations());
    }
    return root;
  }

  private static void putOrNull(ObjectNode node, String field, @Nullable String value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  private static void line(PrintWriter w, String text) {
    String t = text.replace('\n', ' ').replace('\r', ' ');
    w.println(
        t.length() > ResultReport.MAX_LINE ? t.substring(0, ResultReport.MAX_LINE - 1) + "…" : t);
    w.flush();
  }

  private static void print(PrintWriter out, ObjectNode root) {
    try {
      out.println(OutputJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the result as JSON", e);
    }
  }
}
