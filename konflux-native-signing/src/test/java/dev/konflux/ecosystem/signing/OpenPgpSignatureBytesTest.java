package dev.konflux.ecosystem.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.konflux.ecosystem.spi.OpenPgpArmor;
import dev.konflux.ecosystem.spi.OpenPgpSigner;
import dev.konflux.ecosystem.testkit.OpenPgpTestKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The signer SPI writes the same bytes as the Bouncy Castle signature generator that signed RPM
 * headers, {@code repomd.xml.asc} and published keys before it (same subpackets, same order, same
 * packet header), for the deterministic algorithms (RSA, Ed25519): so RPM outputs stay
 * byte-identical for the same key and release time.
 */
class OpenPgpSignatureBytesTest {

  @ParameterizedTest
  @ValueSource(strings = {"rsa", "ed25519"})
  void signaturesAndArmorAreTheBytesBouncyCastleWrote(String algorithm) throws Exception {
    OpenPgpTestKey key =
        algorithm.equals("rsa")
            ? OpenPgpTestKey.rsa("Bytes <bytes@test.invalid>", 2048)
            : OpenPgpTestKey.ed25519("Bytes <bytes@test.invalid>");
    OpenPgpSigner signer =
        OpenPgpKeyFile.read(
            new ByteArrayInputStream(key.secretKeyArmored().getBytes(StandardCharsets.US_ASCII)),
            null,
            null,
            "test key");
    byte[] data = "the header bytes of some package".getBytes(StandardCharsets.UTF_8);
    Instant time = Instant.parse("2026-11-22T10:15:30Z");

    MessageDigest md = MessageDigest.getInstance(signer.hashAlgorithm());
    md.update(data);
    byte[] ours = signer.sign(md, time);
    byte[] theirs = bouncyCastleSignature(key, data, time);
    assertArrayEquals(theirs, ours);
    assertArrayEquals(
        md.digest(),
        MessageDigest.getInstance("SHA-256").digest(data),
        "the caller's digest is unchanged");

    assertEquals(bouncyCastleArmor(theirs), OpenPgpArmor.armorSignature(ours));
    assertEquals(key.publicKeyArmored(), OpenPgpArmor.armorPublicKey(signer.publicKey()));
    assertArrayEquals(ours, OpenPgpArmor.dearmor(OpenPgpArmor.armorSignature(ours), "signature"));
  }

  /** What {@code OpenPgpSignatureMaker} did before the signer SPI. */
  private static byte[] bouncyCastleSignature(OpenPgpTestKey key, byte[] data, Instant time)
      throws Exception {
    PGPSecretKeyRing ring =
        new PGPSecretKeyRing(
            PGPUtil.getDecoderStream(
                new ByteArrayInputStream(
                    key.secretKeyArmored().getBytes(StandardCharsets.US_ASCII))),
            new BcKeyFingerprintCalculator());
    PGPSecretKey secret = ring.getSecretKey();
    PGPPublicKey pub = secret.getPublicKey();
    PGPPrivateKey priv =
        secret.extractPrivateKey(
            new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                .build(new char[0]));
    PGPSignatureGenerator gen =
        new PGPSignatureGenerator(
            new BcPGPContentSignerBuilder(pub.getAlgorithm(), HashAlgorithmTags.SHA256), pub);
    gen.init(PGPSignature.BINARY_DOCUMENT, priv);
    PGPSignatureSubpacketGenerator sub = new PGPSignatureSubpacketGenerator();
    sub.setSignatureCreationTime(false, Date.from(time));
    sub.setIssuerFingerprint(false, pub);
    sub.setIssuerKeyID(false, pub.getKeyID());
    gen.setHashedSubpackets(sub.generate());
    gen.update(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BCPGOutputStream bcpg = new BCPGOutputStream(out)) {
      gen.generate().encode(bcpg);
    }
    return out.toByteArray();
  }

  private static String bouncyCastleArmor(byte[] signature) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
      armor.write(signature);
    }
    return bytes.toString(StandardCharsets.US_ASCII);
  }
}
