package dev.konflux.ecosystem.examples;

import dev.konflux.ecosystem.api.CosignPublicKey;
import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.ReleaseEvent;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.api.Snapshot;
import dev.konflux.ecosystem.api.SourceOptions;
import dev.konflux.ecosystem.api.TranslateRequest;
import dev.konflux.ecosystem.api.TranslateResult;
import dev.konflux.ecosystem.api.Translator;
import dev.konflux.ecosystem.api.VerificationPolicy;
import dev.konflux.ecosystem.signing.OpenPgpKeyFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's embedding example as a program: release a Konflux snapshot into a directory.
 * Arguments: SNAPSHOT_JSON COSIGN_PUB GPG_SECRET_KEY OUT_DIR; the key passphrase is read from the
 * environment variable {@code GPG_PASSPHRASE} when set.
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  /**
   * @param args snapshot, cosign public key, OpenPGP secret key, output directory
   * @throws IOException if a file cannot be read
   * @throws KonfluxNativeException if the release fails; the output is then unchanged
   */
  public static void main(String[] args) throws IOException, KonfluxNativeException {
    if (args.length != 4) {
      System.err.println("usage: EmbeddingExample SNAPSHOT_JSON COSIGN_PUB GPG_SECRET_KEY OUT_DIR");
      System.exit(2);
    }
    Secret passphrase =
        System.getenv("GPG_PASSPHRASE") == null ? null : Secret.fromEnvironment("GPG_PASSPHRASE");
    Translator translator =
        Translator.builder()
            .outputDirectory(Path.of(args[3]))
            .sourceOptions(SourceOptions.defaults())
            .verificationPolicy(
                VerificationPolicy.builder()
                    .addPublicKey(CosignPublicKey.fromPem(Path.of(args[1])))
                    .build())
            .openPgpSigner(OpenPgpKeyFile.load(Path.of(args[2]), passphrase, null))
            .listener(
                event -> {
                  if (event instanceof ReleaseEvent.ComponentFinished f) {
                    System.out.println("released " + f.component());
                  }
                })
            .build();
    Snapshot snapshot;
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      snapshot = Snapshot.parse(in);
    }
    TranslateResult result = translator.translate(TranslateRequest.of(snapshot));
    result.record().files().forEach(f -> System.out.println(f.path() + " " + f.sha256()));
  }
}
