package dev.konflux.ecosystem.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a {@link DockerRegistry} for the tests of one class. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DockerRegistryExtension REGISTRY = DockerRegistryExtension.anonymous();
 * }</pre>
 *
 * Test methods may also take a {@link DockerRegistry} parameter. If {@code docker-registry} is not
 * installed the tests fail; they never skip.
 */
public final class DockerRegistryExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private final @Nullable String username;
  private final @Nullable String password;
  private @Nullable Path workDir;
  private @Nullable DockerRegistry registry;

  private DockerRegistryExtension(@Nullable String username, @Nullable String password) {
    this.username = username;
    this.password = password;
  }

  /**
   * @return an extension running a registry without authentication
   */
  public static DockerRegistryExtension anonymous() {
    return new DockerRegistryExtension(null, null);
  }

  /**
   * @param username the only user
   * @param password its password
   * @return an extension running a registry with htpasswd Basic auth
   */
  public static DockerRegistryExtension withBasicAuth(String username, String password) {
    return new DockerRegistryExtension(username, password);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    workDir = Files.createTempDirectory("konflux-registry-");
    registry = DockerRegistry.start(workDir, username, password);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (registry != null) {
        registry.close();
      }
    } finally {
      registry = null;
      if (workDir != null) {
        DockerRegistry.deleteTree(workDir);
      }
    }
  }

  /**
   * @return the running registry (inside the test class's lifetime)
   */
  public DockerRegistry registry() {
    if (registry == null) {
      throw new IllegalStateException("the registry runs only between beforeAll and afterAll");
    }
    return registry;
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == DockerRegistry.class;
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return registry();
  }
}
