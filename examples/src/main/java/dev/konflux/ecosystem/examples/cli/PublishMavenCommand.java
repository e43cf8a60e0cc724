package dev.konflux.ecosystem.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.maven.deploy.DeployResult;
import dev.konflux.ecosystem.maven.deploy.MavenDeployException;
import dev.konflux.ecosystem.maven.deploy.MavenDeployer;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code konflux-native publish maven}: deploys a translated output's Maven repository to a remote
 * Maven repository with {@link MavenDeployer}.
 */
@Command(
    name = "maven",
    mixinStandardHelpOptions = true,
    description = {
      "Deploys the Maven repository of a translated output (DIR/maven, or DIR itself when it",
      "is a repository root) to a remote Maven repository by HTTP PUT, with maven-resolver's",
      "deployer (what mvn deploy uses): artifacts first, maven-metadata.xml last (merged with",
      "the server's). Idempotent: files the server already holds with the same SHA-512/SHA-1",
      "are not sent, so running it again changes nothing. 429/5xx answers and connection",
      "failures are retried. Credentials come from the environment, never the command line.",
      "Exit codes: 0 ok, 2 usage, 4 invalid input (not a Maven repository, a checksum file",
      "that disagrees, a credentials variable named but unset), 5 the repository refused a",
      "file (401, 403, 409, …) or could not be reached, 1 other."
    })
final class PublishMavenCommand implements Callable<Integer> {
  static final String DEFAULT_USERNAME_ENV = "MAVEN_USERNAME";
  static final String DEFAULT_PASSWORD_ENV = "MAVEN_PASSWORD";

  /** Where variables are read; tests replace it (a JVM cannot set its own environment). */
  static UnaryOperator<@Nullable String> environment = System::getenv;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--repository-url",
      required = true,
      paramLabel = "URL",
      description = "the remote repository's base URL (http:// or https://)")
  String repositoryUrl;

  @Option(
      names = "--username-env",
      paramLabel = "VAR",
      description =
          "environment variable holding the user name (default: "
              + DEFAULT_USERNAME_ENV
              + "; without it and the password variable, no credentials are sent)")
  String usernameEnv;

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      description =
          "environment variable holding the password or token (default: "
              + DEFAULT_PASSWORD_ENV
              + ")")
  String passwordEnv;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "3",
      description = "retries of a 429/5xx answer or a connection failure (default: 3)")
  int retries;

  @Mixin OutputFlags output = new OutputFlags();

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "translate's --out directory (its maven/ is deployed), or a repository root")
  Path dir;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    Path root = Files.isDirectory(dir.resolve("maven")) ? dir.resolve("maven") : dir;
    URI url;
    try {
      url = new URI(repositoryUrl);
      if (url.getScheme() == null
          || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
        throw new URISyntaxException(repositoryUrl, "not an http:// or https:// URL");
      }
    } catch (URISyntaxException e) {
      throw new CommandLine.ParameterException(
          cl, "--repository-url " + repositoryUrl + ": " + e.getReason());
    }
    try {
      if (retries < 0) {
        throw new CommandLine.ParameterException(cl, "--retries must be 0 or more");
      }
      MavenDeployer.Builder builder =
          MavenDeployer.builder(url).retries(retries).retryInterval(Duration.ofSeconds(2));
      credentials(builder);
      DeployResult result = builder.build().deploy(root);
      success(cl.getOut(), root, result);
      return ExitCodes.OK;
    } catch (KonfluxNativeException e) {
      int exit = e instanceof MavenDeployException ? ExitCodes.SOURCE_UNAVAILABLE : ExitCodes.of(e);
      failure(cl.getOut(), cl.getErr(), root, url, e, exit);
      return exit;
    } catch (CommandLine.ParameterException e) {
      throw e;
    } catch (RuntimeException e) {
      failure(cl.getOut(), cl.getErr(), root, url, e, ExitCodes.FAILED);
      if (output.verbose) {
        e.printStackTrace(cl.getErr());
      }
      return ExitCodes.FAILED;
    }
  }

  /** Reads the credentials; a variable named on the command line must be set. */
  private void credentials(MavenDeployer.Builder builder) throws InvalidInputException {
    String userVar = usernameEnv != null ? usernameEnv : DEFAULT_USERNAME_ENV;
    String passVar = passwordEnv != null ? passwordEnv : DEFAULT_PASSWORD_ENV;
    String user = environment.apply(userVar);
    String pass = environment.apply(passVar);
    if (user == null && usernameEnv != null) {
      throw new InvalidInputException("environment variable " + userVar + " is not set");
    }
    if (pass == null && passwordEnv != null) {
      throw new InvalidInputException("environment variable " + passVar + " is not set");
    }
    if (user == null && pass == null) {
      return; // anonymous: a server that needs credentials answers 401, reported as such
    }
    if (user == null || pass == null) {
      throw new InvalidInputException(
          "environment variable "
              + (user == null ? userVar : passVar)
              + " is not set, but "
              + (user == null ? passVar : userVar)
              + " is; set both or neither");
    }
    builder.credentials(user, Secret.of(pass));
  }

  private void success(PrintWriter out, Path root, DeployResult r) {
    if (output.json) {
      ObjectNode o = result(r.isUnchanged() ? "unchanged" : "published", ExitCodes.OK, root);
      o.put("unchanged", r.isUnchanged());
      o.put("repositoryUrl", r.repositoryUrl().toString());
      r.uploaded().forEach(o.putArray("uploaded")::add);
      r.metadata().forEach(o.putArray("metadata")::add);
      r.unchanged().forEach(o.putArray("skipped")::add);
      o.putNull("error");
      print(out, o);
    } else if (r.isUnchanged()) {
      out.println(
          r.repositoryUrl()
              + " already holds all "
              + r.unchanged().size()
              + " files of "
              + root
              + "; nothing changed");
    } else {
      out.println(
          "deployed "
              + r.uploaded().size()
              + " files and "
              + r.metadata().size()
              + " maven-metadata.xml to "
              + r.repositoryUrl()
              + " ("
              + r.unchanged().size()
              + " already there)");
    }
    out.flush();
  }

  private void failure(
      PrintWriter out, PrintWriter err, Path root, URI url, Exception e, int exit) {
    String message = String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' ');
    err.println("konflux-native: " + message);
    err.flush();
    if (output.json) {
      ObjectNode o = result("failed", exit, root);
      o.put("unchanged", false);
      o.put("repositoryUrl", url.toString());
      o.putArray("uploaded");
      o.putArray("metadata");
      o.putArray("skipped");
      ObjectNode error = o.putObject("error");
      error.put("type", e.getClass().getSimpleName());
      error.put("message", message);
      MavenDeployException d = e instanceof MavenDeployException m ? m : null;
      putOrNull(error, "file", d == null ? null : d.file().orElse(null));
      putOrNull(error, "url", d == null ? null : d.url().orElse(null));
      if (d != null && d.statusCode().isPresent()) {
        error.put("statusCode", d.statusCode().getAsInt());
      } else {
        error.putNull("statusCode");
      }
      putOrNull(
          error,
          "operation",
          e instanceof KonfluxNativeException k ? k.operation().orElse(null) : null);
      print(out, o);
    }
  }

  private static ObjectNode result(String status, int exitCode, Path root) {
    ObjectNode o = OutputJson.MAPPER.createObjectNode();
    o.put("status", status);
    o.put("exitCode", exitCode);
    o.put("source", root.toString());
    return o;
  }

  private static void putOrNull(ObjectNode node, String field, @Nullable String value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  private static void print(PrintWriter out, ObjectNode o) {
    try {
      out.println(OutputJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the result as JSON", e);
    }
  }
}
