// Verifies a public-key Sigstore bundle with the npm sigstore verifier (@sigstore/verify), so the
// Java tests can check that our PublicKeyBundleVerifier agrees with it.
//
// usage: node verify.mjs --bundle FILE --artifact FILE --key PEM_FILE [--trusted-root FILE]
// Prints "VERIFIED" and exits 0, or prints "FAILED <code>: <message>" and exits 1.
// Keyed Konflux bundles carry no transparency log entry and no timestamp, so all thresholds are 0.
import { readFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}
try {
  const root = args['trusted-root']
    ? TrustedRoot.fromJSON(JSON.parse(readFileSync(args['trusted-root'], 'utf8')))
    : TrustedRoot.fromJSON({
        mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
        tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [],
      });
  const publicKey = createPublicKey(readFileSync(args.key, 'utf8'));
  const keys = () => ({ publicKey, validFor: () => true });
  const verifier = new Verifier(toTrustMaterial(root, keys), {
    tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0,
  });
  const bundle = bundleFromJSON(JSON.parse(readFileSync(args.bundle, 'utf8')));
  verifier.verify(toSignedEntity(bundle, readFileSync(args.artifact)));
  console.log('VERIFIED');
  process.exit(0);
} catch (e) {
  console.log(`FAILED ${e.code ?? e.name}: ${e.message}`);
  process.exit(1);
}
