package dev.konflux.ecosystem.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.konflux.ecosystem.api.Digest;
import dev.konflux.ecosystem.api.InvalidInputException;
import dev.konflux.ecosystem.api.Secret;
import dev.konflux.ecosystem.spi.SigstoreBundle;
import dev.konflux.ecosystem.spi.SigstoreKeySigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sigstore key files as openssl and cosign write them (PKCS#8, SEC1, cosign-encrypted) sign bundles
 * whose signatures the JDK verifies with the public key; bad files are input errors that name the
 * file.
 */
class SigstoreKeyFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private Path openssl(String... args) throws Exception {
    Process p = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + out);
    return dir;
  }

  /** openssl makes a SEC1 key, a PKCS#8 copy and the public key: the independent reference. */
  private void opensslKeys() throws Exception {
    openssl("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.pem");
    openssl("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "sec1.pem", "-out", "pkcs8.pem");
    openssl("openssl", "ec", "-in", "sec1.pem", "-pubout", "-out", "pub.pem");
  }

  @Test
  void pkcs8AndSec1KeysFromOpensslSignBundlesOpensslVerifies() throws Exception {
    opensslKeys();
    String pub = Files.readString(dir.resolve("pub.pem"));
    byte[] artifact = "a wheel".getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("artifact"), artifact);
    for (String file : List.of("sec1.pem", "pkcs8.pem")) {
      SigstoreKeySigner signer = SigstoreKeyFile.load(dir.resolve(file), null);
      assertEquals(pub.strip(), signer.publicKeyPem().strip(), file);
      SigstoreBundle bundle = signer.signMessage(Digest.sha256Of(artifact));
      JsonNode json = JSON.readTree(bundle.json());
      assertEquals(SigstoreBundle.MEDIA_TYPE_V03, json.get("mediaType").asText());
      assertEquals(signer.hint(), json.at("/verificationMaterial/publicKey/hint").asText());
      Files.write(
          dir.resolve("sig"),
          Base64.getDecoder().decode(json.at("/messageSignature/signature").asText()));
      openssl("openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig", "artifact");
    }
  }

  @Test
  void aCosignEncryptedKeyDecryptsWithItsPassphraseOnly() throws Exception {
    opensslKeys();
    byte[] pkcs8 = pemBody(Files.readString(dir.resolve("pkcs8.pem")));
    Path key = dir.resolve("cosign.key");
    Files.writeString(key, cosignEncrypted(pkcs8, "s3cret"));
    SigstoreKeySigner signer = SigstoreKeyFile.load(key, Secret.of("s3cret"));
    assertEquals(Files.readString(dir.resolve("pub.pem")).strip(), signer.publicKeyPem().strip());

    byte[] statement =
        "{\"_type\":\"https://in-toto.io/Statement/v1\"}".getBytes(StandardCharsets.UTF_8);
    JsonNode dsse =
        JSON.readTree(signer.signDsse("application/vnd.in-toto+json", statement).json())
            .get("dsseEnvelope");
    Signature verify = Signature.getInstance("SHA256withECDSA");
    verify.initVerify(signer.publicKey());
    verify.update(
        ("DSSEv1 28 application/vnd.in-toto+json " + statement.length + " ")
            .getBytes(StandardCharsets.UTF_8));
    verify.update(statement);
    assertTrue(verify.verify(Base64.getDecoder().decode(dsse.at("/signatures/0/sig").asText())));

    InvalidInputException wrong =
        assertThrows(
            InvalidInputException.class, () -> SigstoreKeyFile.load(key, Secret.of("nope")));
    assertTrue(
        wrong.getMessage().contains("passphrase") && wrong.getMessage().contains(key.toString()),
        wrong.getMessage());
    assertThrows(InvalidInputException.class, () -> SigstoreKeyFile.load(key, null));
  }

  @Test
  void missingAndNonKeyFilesAreInputErrorsNamingTheFile() throws Exception {
    Path missing = dir.resolve("no-such.key");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SigstoreKeyFile.load(missing, null));
    assertTrue(
        e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"),
        e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> OpenPgpKeyFile.load(missing, null, null));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());

    Path text = Files.writeString(dir.resolve("notes.txt"), "not a key\n");
    e = assertThrows(InvalidInputException.class, () -> SigstoreKeyFile.load(text, null));
    assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> OpenPgpKeyFile.load(text, null, null));
    assertTrue(e.getMessage().contains(text.toString()), e.getMessage());

    openssl("openssl", "genpkey", "-algorithm", "ed25519", "-out", "ed.pem");
    e =
        assertThrows(
            InvalidInputException.class, () -> SigstoreKeyFile.load(dir.resolve("ed.pem"), null));
    assertTrue(e.getMessage().contains("ed.pem"), e.getMessage());
    Path pgpAsSigstore =
        Files.writeString(
            dir.resolve("pgp.asc"),
            dev.konflux.ecosystem.testkit.OpenPgpTestKey.ed25519("x <x@test.invalid>")
                .secretKeyArmored());
    assertThrows(InvalidInputException.class, () -> SigstoreKeyFile.load(pgpAsSigstore, null));
    assertThrows(
        InvalidInputException.class,
        () -> OpenPgpKeyFile.load(dir.resolve("pkcs8.pem"), null, null));
  }

  private static byte[] pemBody(String pem) {
    return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
  }

  /**
   * cosign's format, written here from the primitives (scrypt, XSalsa20, Poly1305 with the
   * secretbox construction) as go-securesystemslib's {@code encrypted.Encrypt} does.
   */
  static String cosignEncrypted(byte[] pkcs8, String passphrase) throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] salt = new byte[32];
    byte[] nonce = new byte[24];
    random.nextBytes(salt);
    random.nextBytes(nonce);
    byte[] key =
        SCrypt.generate(passphrase.getBytes(StandardCharsets.UTF_8), salt, 32768, 8, 1, 32);
    XSalsa20Engine xsalsa = new XSalsa20Engine();
    xsalsa.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    byte[] macKey = new byte[32];
    xsalsa.processBytes(new byte[32], 0, 32, macKey, 0);
    byte[] box = new byte[16 + pkcs8.length];
    xsalsa.processBytes(pkcs8, 0, pkcs8.length, box, 16);
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(macKey));
    mac.update(box, 16, pkcs8.length);
    mac.doFinal(box, 0);
    String json =
        "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":32768,\"r\":8,\"p\":1},\"salt\":\""
            + Base64.getEncoder().encodeToString(salt)
            + "\"},\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\""
            + Base64.getEncoder().encodeToString(nonce)
            + "\"},\"ciphertext\":\""
            + Base64.getEncoder().encodeToString(box)
            + "\"}";
    return "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(json.getBytes(StandardCharsets.UTF_8))
        + "\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n";
  }
}
