/**
 * `npm run -s transparency-key`: a new Ed25519 key for the transparency log's checkpoints (ADR 0007). The private
 * key (PKCS#8 PEM) goes to stdout only, to be piped straight into the stack's secret, never into a file:
 *
 *   npm run -s transparency-key | aws secretsmanager put-secret-value \
 *     --secret-id "$TRANSPARENCY_KEY_SECRET_ARN" --secret-string file:///dev/stdin
 *
 * The public half and its key id go to stderr; the checkpoint function publishes the public half itself.
 * Run it once per deployment: every checkpoint is verified against the one published key, so replacing it is a
 * public event to announce, not a routine (README, "The transparency log").
 *
 * `--sm2` makes the optional SM2 co-signing key instead (GB/T 39786-2021): an EC key on curve SM2, PKCS#8 PEM,
 * which goes into the same secret as a second PEM block (shared/adapters/secrets/signing-key.ts says how).
 */
import { generateKeyPairSync } from 'node:crypto';
import { keyIdOf } from '../shared/domain/transparency-log.ts';
import { parseCommandLine } from './cli.ts';

// Before any key is made: `--help` must never print one.
const { values } = parseCommandLine(
  'transparency-key',
  `usage: npm run -s transparency-key [-- --sm2] | aws secretsmanager put-secret-value --secret-id ARN --secret-string file:///dev/stdin
Makes a new Ed25519 key for the transparency log: the private key (PKCS#8 PEM) on stdout only, to be piped into the
stack's secret; its public half and key id on stderr. Refuses to print the private key to a terminal.
  --sm2   an SM2 key (curve SM2, PKCS#8 PEM) for the checkpoints' SM2/SM3 co-signature instead; it goes into the
          same secret as a second PEM block beside the Ed25519 one; stderr shows its public half.`,
  { options: { sm2: { type: 'boolean', default: false } } },
);

const { privateKey, publicKey } = values.sm2
  ? generateKeyPairSync('ec', {
      namedCurve: 'SM2',
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    })
  : generateKeyPairSync('ed25519', {
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
process.stderr.write(
  values.sm2
    ? `A new SM2 key for the transparency log's SM2/SM3 co-signature.\n${publicKey}`
    : `A new Ed25519 key for the transparency log; key id ${keyIdOf(publicKey)}.\n${publicKey}`,
);
if (process.stdout.isTTY) {
  process.stderr.write(
    'stdout is a terminal: pipe it into `aws secretsmanager put-secret-value` instead (README).\n',
  );
  process.exit(2);
}
process.stdout.write(privateKey);
