package dev.konflux.ecosystem.examples.cli;

import dev.konflux.ecosystem.api.ArtifactReference;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Snapshot;
import dev.konflux.ecosystem.pypi.PypiTarget;
import dev.konflux.ecosystem.testkit.ExampleArtifacts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * The quick start's wheels component: the wheel shipped in this module ({@code
 * pypi/konflux_hello-1.0-py3-none-any.whl}, built from the sources beside it; see the README
 * there), packed as a Konflux Python build artifact in its own OCI layout, signed and attested with
 * its own cosign key like the RPM component. Its output, {@code OUT/pypi/…}, is attested (PEP 740,
 * and SLSA provenance from the verified Konflux provenance) with the fixed example key {@code
 * keys/example-pypi-attestation-key-DO-NOT-TRUST.pem}.
 *
 * <p>Made once in {@code pypi/} of the example directory and kept, like the RPM layout.
 */
final class ExampleWheels {
  /** The component's name in the example Snapshot. */
  static final String COMPONENT = "konflux-hello-wheels";

  private static final String WHEEL = "konflux_hello-1.0-py3-none-any.whl";
  private static final String ATTESTATION_KEY =
      "keys/example-pypi-attestation-key-DO-NOT-TRUST.pem";
  private static final String COMPLETE = "complete";

  /**
   * @param component the Snapshot component
   * @param cosignPublicKey the key that signed its artifact
   * @param options the Python target's options for the example
   */
  record Made(Snapshot.Component component, Path cosignPublicKey, Map<String, String> options) {}

  private ExampleWheels() {}

  /**
   * @param exampleDir the example directory ({@link ExampleRelease#directoryFor})
   * @return the component, made now or found from an earlier run
   */
  static Made create(Path exampleDir) throws IOException, InvalidInputException {
    Path dir = exampleDir.resolve("pypi");
    Path cosignPub = dir.resolve("example-cosign-DO-NOT-TRUST.pub");
    Path key = dir.resolve("example-pypi-attestation-key-DO-NOT-TRUST.pem");
    String reference;
    if (Files.isRegularFile(dir.resolve(COMPLETE))) {
      reference = Files.readString(dir.resolve(COMPLETE), StandardCharsets.UTF_8).trim();
    } else {
      ExampleRelease.deleteTree(dir);
      Path wheels = Files.createDirectories(dir.resolve("wheels"));
      Path wheel = wheels.resolve(WHEEL);
      try (InputStream in = ExampleRelease.resource("pypi/" + WHEEL)) {
        Files.copy(in, wheel, StandardCopyOption.REPLACE_EXISTING);
      }
      try (InputStream in = ExampleRelease.resource(ATTESTATION_KEY)) {
        Files.copy(in, key, StandardCopyOption.REPLACE_EXISTING);
      }
      reference =
          ExampleArtifacts.pythonWheels(dir.resolve("layout"), List.of(wheel), cosignPub)
              .reference();
      Files.writeString(dir.resolve(COMPLETE), reference + "\n", StandardCharsets.UTF_8);
    }
    return new Made(
        new Snapshot.Component(COMPONENT, ArtifactReference.parse(reference), null, null),
        cosignPub,
        Map.of(PypiTarget.OPTION_SIGSTORE_KEY, key.toString(), PypiTarget.OPTION_SLSA, "true"));
  }
}
