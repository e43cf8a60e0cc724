package dev.konflux.ecosystem.signing;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.signing.internal.OpenPgpSecretKeys;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Loads an OpenPGP secret key file (armored or binary, as {@code gpg --export-secret-keys} writes
 * it) into an {@link OpenPgpSigner}. Signing runs in-process; no {@code gpg} is involved. The key
 * is unlocked once, when loaded.
 */
public final class OpenPgpKeyFile {
  private OpenPgpKeyFile() {}

  /**
   * @param file the secret key file
   * @param passphrase its passphrase; {@code null} or empty for an unprotected key
   * @param keyId the key or subkey to sign with (16 or 40 hex digits, optionally {@code 0x}), or
   *     {@code null} for the first key that can sign
   * @return the signer
   * @throws InvalidInputException naming the file if it is missing, unreadable, holds no usable
   *     signing key, or the passphrase is wrong
   */
  public static OpenPgpSigner load(Path file, @Nullable Secret passphrase, @Nullable String keyId)
      throws InvalidInputException {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, passphrase, keyId, file.toString());
    } catch (IOException e) {
      throw KeyFiles.unreadable("OpenPGP secret key", file, e);
    }
  }

  /**
   * @param in armored or binary secret key material (read, not closed)
   * @param passphrase its passphrase; {@code null} or empty for an unprotected key
   * @param keyId the key to use, or {@code null}
   * @param what a name for messages (never the content)
   * @return the signer
   * @throws InvalidInputException if no usable signing key is found or the passphrase is wrong
   * @throws IOException if reading fails
   */
  public static OpenPgpSigner read(
      InputStream in, @Nullable Secret passphrase, @Nullable String keyId, String what)
      throws InvalidInputException, IOException {
    Objects.requireNonNull(in, "in");
    return OpenPgpSecretKeys.load(in, passphrase, keyId, what);
  }
}
