package dev.konflux.ecosystem.examples.cli;

import dev.konflux.ecosystem.api.KonfluxNativeException;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.signing.OpenPgpKeyFile;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The OpenPGP signing key of {@code translate} and {@code serve} (a picocli mixin). */
final class GpgKeyFlags {

  @Option(
      names = "--gpg-key",
      paramLabel = "FILE",
      description =
          "armored OpenPGP secret key: the OpenPGP signer (RPM headers, repomd.xml.asc, Maven"
              + " .asc); serve makes an ephemeral one without it, printed at start")
  @Nullable Path gpgKey;

  @Option(
      names = "--gpg-key-id",
      paramLabel = "ID",
      description = "which key in --gpg-key to sign with")
  @Nullable String gpgKeyId;

  @Option(
      names = "--gpg-passphrase-env",
      paramLabel = "VAR",
      description = "environment variable holding the key's passphrase")
  @Nullable String gpgPassphraseEnv;

  /**
   * @return the key of {@code --gpg-key}, or {@code null} without that flag
   * @throws KonfluxNativeException if it cannot be read or unlocked
   */
  @Nullable OpenPgpSigner load() throws KonfluxNativeException {
    Path key = gpgKey;
    if (key == null) {
      return null;
    }
    Secret pass = gpgPassphraseEnv == null ? null : Secret.fromEnvironment(gpgPassphraseEnv);
    return OpenPgpKeyFile.load(key, pass, gpgKeyId);
  }
}
