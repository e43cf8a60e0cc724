package dev.konflux.ecosystem.testkit;

/**
 * Deliberate defects the signers can put into what they write, so tests can check that verification
 * fails closed. Each fault changes exactly one thing.
 */
public enum SignatureFault {
  /** A correct signature. */
  NONE,
  /** The payload (simple-signing JSON, in-toto statement) was changed after signing. */
  TAMPERED_PAYLOAD,
  /** Validly signed, but the signed payload names a different manifest digest than the subject. */
  WRONG_SUBJECT_DIGEST,
  /** Signed with a freshly generated key instead of the signer's key. */
  OTHER_KEY,
  /** The signature is absent (no cosign annotation, empty DSSE signature list). */
  MISSING_SIGNATURE
}
