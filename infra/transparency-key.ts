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
 */
import { generateKeyPairSync } from 'node:crypto';
import { keyIdOf } from '../shared/domain/transparency-log.ts';
import { parseCommandLine } from './cli.ts';

// Before any key is made: `--help` must never print one.
parseCommandLine(
  'transparency-key',
  `usage: npm run -s transparency-key | aws secretsmanager put-secret-value --secret-id ARN --secret-string file:///dev/stdin
Makes a new Ed25519 key for the transparency log: the private key (PKCS#8 PEM) on stdout only, to be piped into the
stack's secret; its public half and key id on stderr. Refuses to print the private key to a terminal.`,
  {},
);

const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
process.stderr.write(
  `A new Ed25519 key for the transparency log; key id ${keyIdOf(publicKey)}.\n${publicKey}`,
);
if (process.stdout.isTTY) {
  process.stderr.write(
    'stdout is a terminal: pipe it into `aws secretsmanager put-secret-value` instead (README).\n',
  );
  process.exit(2);
}
process.stdout.write(privateKey);
