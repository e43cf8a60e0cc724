// Verifies a keyless Sigstore bundle with the npm sigstore verifier (@sigstore/verify) and its
// default thresholds (one tlog entry, one SCT, one timestamp), so the Java tests can check that
// our SigstoreBundleVerifier agrees with it.
//
// usage: node verify-keyless.mjs --bundle FILE --artifact FILE --trusted-root FILE --identity SAN --issuer URL
// Prints "VERIFIED" and exits 0, "FAILED <code>: <message>" and exits 1, or "UNREADABLE <message>"
// and exits 2 when the bundle cannot be read at all.
import { readFileSync } from 'node:fs';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}
let bundle;
try {
  bundle = bundleFromJSON(JSON.parse(readFileSync(args.bundle, 'utf8')));
} catch (e) {
  console.log(`UNREADABLE ${e.message}`);
  process.exit(2);
}
try {
  const root = TrustedRoot.fromJSON(JSON.parse(readFileSync(args['trusted-root'], 'utf8')));
  const verifier = new Verifier(toTrustMaterial(root));
  verifier.verify(toSignedEntity(bundle, readFileSync(args.artifact)), {
    subjectAlternativeName: args.identity,
    extensions: { issuer: args.issuer },
  });
  console.log('VERIFIED');
  process.exit(0);
} catch (e) {
  console.log(`FAILED ${e.code ?? e.name}: ${e.message}`);
  process.exit(1);
}
