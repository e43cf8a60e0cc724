package dev.konflux.ecosystem.signing;

import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.signing.internal.SigstoreKeys;
import dev.konflux.ecosystem.spi.SigstoreKeySigner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Loads a Sigstore signing key file into a {@link SigstoreKeySigner}: an EC P-256 private key as
 * PEM {@code PRIVATE KEY} (PKCS#8), PEM {@code EC PRIVATE KEY} (SEC1), or cosign's encrypted format
 * ({@code ENCRYPTED SIGSTORE PRIVATE KEY} or {@code ENCRYPTED COSIGN PRIVATE KEY}: scrypt and NaCl
 * secretbox, as {@code cosign generate-key-pair} writes it). Bundles made with it carry the key's
 * hint, and verify with the matching public key ({@link SigstoreKeySigner#publicKeyPem()}).
 */
public final class SigstoreKeyFile {
  /** Key files are small; anything bigger is not one. */
  static final int MAX_SIZE = 64 * 1024;

  private SigstoreKeyFile() {}

  /**
   * @param file the key file
   * @param passphrase the passphrase of a cosign-encrypted key ({@code null} or empty for none);
   *     ignored for unencrypted PEM keys
   * @return the signer
   * @throws InvalidInputException naming the file if it is missing, unreadable, not an EC P-256
   *     private key, or the passphrase is wrong
   */
  public static SigstoreKeySigner load(Path file, @Nullable Secret passphrase)
      throws InvalidInputException {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, passphrase, file.toString());
    } catch (IOException e) {
      throw KeyFiles.unreadable("Sigstore private key", file, e);
    }
  }

  /**
   * @param in the key file content (read, not closed)
   * @param passphrase the passphrase of a cosign-encrypted key, or {@code null}
   * @param what a name for messages (never the content)
   * @return the signer
   * @throws InvalidInputException if it is not an EC P-256 private key or the passphrase is wrong
   * @throws IOException if reading fails
   */
  public static SigstoreKeySigner read(InputStream in, @Nullable Secret passphrase, String what)
      throws InvalidInputException, IOException {
    byte[] bytes = in.readNBytes(MAX_SIZE + 1);
    if (bytes.length > MAX_SIZE) {
      throw new InvalidInputException(
          what + " is larger than " + MAX_SIZE + " bytes: not a Sigstore private key");
    }
    return SigstoreKeys.parse(new String(bytes, StandardCharsets.US_ASCII), passphrase, what);
  }
}
