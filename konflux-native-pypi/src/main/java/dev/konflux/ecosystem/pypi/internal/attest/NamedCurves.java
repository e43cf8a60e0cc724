package dev.konflux.ecosystem.pypi.internal.attest;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.jspecify.annotations.Nullable;

/**
 * Recognises the curves attestation keys use (P-256, P-384) and returns Bouncy Castle's specialised
 * implementation of them, looking up only those two: converting a JDK curve through {@code EC5Util}
 * builds every named curve Bouncy Castle knows, which costs more than a release's worth of
 * signatures.
 */
final class NamedCurves {
  private NamedCurves() {}

  /**
   * A recognised curve.
   *
   * @param domain Bouncy Castle's domain parameters
   * @param p384 whether it is P-384 (else P-256)
   */
  record Curve(ECDomainParameters domain, boolean p384) {}

  /**
   * @param spec a JDK curve
   * @return the curve if it is P-256 or P-384, else {@code null}
   */
  static @Nullable Curve of(ECParameterSpec spec) {
    for (String name : List.of("secp256r1", "secp384r1")) {
      X9ECParameters x = CustomNamedCurves.getByName(name);
      if (x != null && same(spec, x)) {
        return new Curve(
            new ECDomainParameters(x.getCurve(), x.getG(), x.getN(), x.getH()),
            name.equals("secp384r1"));
      }
    }
    return null;
  }

  private static boolean same(ECParameterSpec spec, X9ECParameters x) {
    return spec.getCurve().getField() instanceof ECFieldFp fp
        && fp.getP().equals(x.getCurve().getField().getCharacteristic())
        && spec.getCurve().getA().equals(x.getCurve().getA().toBigInteger())
        && spec.getCurve().getB().equals(x.getCurve().getB().toBigInteger())
        && spec.getOrder().equals(x.getN())
        && BigInteger.valueOf(spec.getCofactor()).equals(x.getH())
        && spec.getGenerator().getAffineX().equals(x.getG().getAffineXCoord().toBigInteger())
        && spec.getGenerator().getAffineY().equals(x.getG().getAffineYCoord().toBigInteger());
  }
}
