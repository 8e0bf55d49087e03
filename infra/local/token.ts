/**
 * `npm run token -- --agency ID --role ROLE --user NAME`: a bearer token for the local API, printed alone
 * on stdout so that `TOKEN=$(npm run -s token -- …)` works. Signed with the dev key of the data folder
 * (GONGSHI_DATA_DIR, default `.data`), the same key a running `npm start` verifies with; made if missing.
 * `--client ID --agency ID` mints a case system's machine credential instead (R13), shaped like the access token
 * of Cognito's client-credentials grant.
 */
import { resolve } from 'node:path';
import { ROLES, type Role } from '../../shared/domain/decision.ts';
import { parseCommandLine } from '../cli.ts';
import { isRole, loadOrCreateDevKeys, mintClientToken, mintToken } from './dev-keys.ts';

const USAGE = `usage: npm run token -- --agency ID --role ROLE --user NAME [--ttl SECONDS]
       npm run token -- --client ID --agency ID [--ttl SECONDS]
  --agency ID      the agency the user or case system belongs to (claim "agency"; for --client, in "scope")
  --role ROLE      ${ROLES.join(', ')}; repeat it or separate roles by commas (claim "cognito:groups")
  --user NAME      the user (claim "sub")
  --client ID      a case system's client id instead of a user (claims "sub" and "client_id", scope
                   "gongshi/case-system gongshi/agency:ID", no groups): it may only submit, and is audited
                   as itself
  --ttl SECONDS    how long the token is valid (default 43200, 12 hours)
The key is kept under $GONGSHI_DATA_DIR/dev-keys (default .data/dev-keys).`;

function fail(message: string): never {
  console.error(`token: ${message} (npm run token -- --help)`);
  process.exit(2);
}

type Subject =
  | { kind: 'user'; agency: string; roles: Role[]; user: string; ttlSeconds?: number }
  | { kind: 'client'; agency: string; client: string; ttlSeconds?: number };

function parse(argv: readonly string[]): Subject {
  const { values } = parseCommandLine(
    'token',
    USAGE,
    {
      options: {
        agency: { type: 'string' },
        role: { type: 'string', multiple: true },
        user: { type: 'string' },
        client: { type: 'string' },
        ttl: { type: 'string' },
      },
      allowPositionals: false,
    },
    argv,
  );
  const agency = values.agency?.trim();
  if (!agency) fail('--agency is required');
  let ttlSeconds: number | undefined;
  if (values.ttl !== undefined) {
    ttlSeconds = Number(values.ttl);
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) fail('--ttl must be a positive number of seconds');
  }
  const ttl = ttlSeconds ? { ttlSeconds } : {};
  if (values.client !== undefined) {
    // R13: a case system is a submitter by what it is, never by a role it is given.
    if (values.role !== undefined || values.user !== undefined)
      fail('--client goes without --role and --user');
    const client = values.client.trim();
    if (!client || /\s/.test(client)) fail('--client needs an id without spaces');
    if (/\s/.test(agency)) fail('--agency needs an id without spaces');
    return { kind: 'client', agency, client, ...ttl };
  }
  const user = values.user?.trim();
  if (!user) fail('--user is required');
  const roles = (values.role ?? []).flatMap((text) => text.split(',')).map((role) => role.trim());
  if (roles.length === 0 || roles.includes('')) fail('--role is required');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) fail(`unknown role ${unknown.map((r) => `"${r}"`).join(', ')}`);
  return { kind: 'user', agency, user, roles: roles.filter(isRole), ...ttl };
}

const subject = parse(process.argv.slice(2));
const keys = await loadOrCreateDevKeys(resolve(process.env.GONGSHI_DATA_DIR || '.data'));
process.stdout.write(
  `${subject.kind === 'client' ? await mintClientToken(keys, subject) : await mintToken(keys, subject)}\n`,
);
