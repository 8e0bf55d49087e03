/**
 * `npm run token -- --agency ID --role ROLE --user NAME`: a bearer token for the local API, printed alone
 * on stdout so that `TOKEN=$(npm run -s token -- …)` works. Signed with the dev key of the data folder
 * (GONGSHI_DATA_DIR, default `.data`), the same key a running `npm start` verifies with; made if missing.
 */
import { resolve } from 'node:path';
import { ROLES, type Role } from '../../shared/domain/decision.ts';
import { parseCommandLine } from '../cli.ts';
import { isRole, loadOrCreateDevKeys, mintToken } from './dev-keys.ts';

const USAGE = `usage: npm run token -- --agency ID --role ROLE --user NAME [--ttl SECONDS]
  --agency ID      the agency the user belongs to (claim "agency")
  --role ROLE      ${ROLES.join(', ')}; repeat it or separate roles by commas (claim "cognito:groups")
  --user NAME      the user (claim "sub")
  --ttl SECONDS    how long the token is valid (default 43200, 12 hours)
The key is kept under $GONGSHI_DATA_DIR/dev-keys (default .data/dev-keys).`;

function fail(message: string): never {
  console.error(`token: ${message} (npm run token -- --help)`);
  process.exit(2);
}

function parse(argv: readonly string[]): {
  agency: string;
  roles: Role[];
  user: string;
  ttlSeconds?: number;
} {
  const { values } = parseCommandLine(
    'token',
    USAGE,
    {
      options: {
        agency: { type: 'string' },
        role: { type: 'string', multiple: true },
        user: { type: 'string' },
        ttl: { type: 'string' },
      },
      allowPositionals: false,
    },
    argv,
  );
  const agency = values.agency?.trim();
  const user = values.user?.trim();
  if (!agency) fail('--agency is required');
  if (!user) fail('--user is required');
  const roles = (values.role ?? []).flatMap((text) => text.split(',')).map((role) => role.trim());
  if (roles.length === 0 || roles.includes('')) fail('--role is required');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) fail(`unknown role ${unknown.map((r) => `"${r}"`).join(', ')}`);
  let ttlSeconds: number | undefined;
  if (values.ttl !== undefined) {
    ttlSeconds = Number(values.ttl);
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) fail('--ttl must be a positive number of seconds');
  }
  return { agency, user, roles: roles.filter(isRole), ...(ttlSeconds ? { ttlSeconds } : {}) };
}

const subject = parse(process.argv.slice(2));
const keys = await loadOrCreateDevKeys(resolve(process.env.GONGSHI_DATA_DIR || '.data'));
process.stdout.write(`${await mintToken(keys, subject)}\n`);
