package dev.konflux.ecosystem.maven.deploy.internal;

import dev.konflux.ecosystem.maven.deploy.DeployRejectedException;
import dev.konflux.ecosystem.maven.deploy.MavenDeployException;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import org.eclipse.aether.spi.connector.transport.http.HttpTransporterException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.transfer.MetadataTransferException;
import org.jspecify.annotations.Nullable;

/** Turns maven-resolver's failures into the deployer's typed exceptions. */
public final class DeployFailures {
  private DeployFailures() {}

  /**
   * @param e what maven-resolver threw
   * @param file the file being checked or uploaded, when the caller knows it
   * @param base the remote repository's base URL (ending in {@code /})
   * @param root the local repository root, to name an artifact file relative to it
   * @return the typed exception: {@link DeployRejectedException} for a 4xx answer
   */
  public static MavenDeployException translate(
      Throwable e, @Nullable String file, URI base, @Nullable Path root) {
    int status = -1;
    String name = file;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (status < 0 && t instanceof HttpTransporterException h) {
        status = h.getStatusCode();
      }
      if (name == null && t instanceof ArtifactTransferException a) {
        Path p = a.getArtifact().getPath();
        if (p != null && root != null && p.startsWith(root)) {
          name = root.relativize(p).toString().replace('\\', '/');
        } else if (p != null) {
          name = String.valueOf(p.getFileName());
        }
      }
      if (name == null && t instanceof MetadataTransferException m) {
        name = ResolverDeployment.path(m.getMetadata());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    String url = name == null ? base.toString() : base.resolve(name).toString();
    String what = name == null ? base.toString() : name;
    if (status >= 400 && status < 500) {
      return new DeployRejectedException(
          "the repository refused "
              + what
              + ": HTTP "
              + status
              + " ("
              + reason(status)
              + ") for "
              + url,
          name,
          url,
          status,
          e);
    }
    if (status >= 0) {
      return new MavenDeployException(
          "the repository failed on "
              + what
              + ": HTTP "
              + status
              + " for "
              + url
              + ", after retries",
          name,
          url,
          status,
          e);
    }
    return new MavenDeployException(
        "cannot deploy " + what + " to " + base + ": " + rootMessage(e), name, url, -1, e);
  }

  /**
   * @param e a deploy failure
   * @return whether it is a failed or broken connection (no HTTP answer), worth trying again
   */
  public static boolean isConnectionFailure(MavenDeployException e) {
    if (e.statusCode().isPresent()) {
      return false;
    }
    boolean io = false;
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException || t instanceof SSLException) {
        return false; // a wrong host name or TLS setup does not heal by waiting
      }
      io |= t instanceof IOException;
      if (t.getCause() == t) {
        break;
      }
    }
    return io;
  }

  private static String reason(int status) {
    return switch (status) {
      case 401 -> "the credentials are missing or wrong";
      case 403 -> "the user may not write there";
      case 409 -> "the server will not replace that file, or it does not belong in that repository";
      case 400 -> "the server refused the request, e.g. a release that may not be replaced";
      case 404, 405 -> "the URL is not a repository that accepts uploads";
      default -> "refused";
    };
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
