package dev.konflux.ecosystem.pypi.internal.attest;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Derives the public half of a private key, which a self-signed certificate needs when only the
 * private key file is given. The JDK cannot do this for EC and Ed25519 keys; Bouncy Castle's curve
 * arithmetic can.
 */
final class PublicKeyDerivation {
  private PublicKeyDerivation() {}

  static PublicKey derive(PrivateKey key) throws GeneralSecurityException {
    if (key instanceof RSAPrivateCrtKey rsa) {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
    }
    if (key instanceof ECPrivateKey ec) {
      NamedCurves.Curve curve = NamedCurves.of(ec.getParams());
      ECPoint q =
          (curve != null ? curve.domain().getG() : EC5Util.convertSpec(ec.getParams()).getG())
              .multiply(ec.getS())
              .normalize();
      java.security.spec.ECPoint w =
          new java.security.spec.ECPoint(
              q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
      return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
    }
    if (key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA")) {
      try {
        byte[] seed =
            ASN1OctetString.getInstance(
                    PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey())
                .getOctets();
        byte[] pub = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        byte[] spki =
            new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), pub)
                .getEncoded();
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      } catch (IOException | IllegalArgumentException e) {
        throw new InvalidKeyException("malformed Ed25519 key", e);
      }
    }
    throw new InvalidKeyException("cannot derive a public key for " + key.getAlgorithm());
  }
}
