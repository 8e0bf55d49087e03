/**
 * The local stand-in for Cognito: one Ed25519 key pair, kept as JWKs under `<dataDir>/dev-keys/`, signs the
 * tokens `npm run token` mints and verifies them in the local API. Keeping it on disk lets the token CLI
 * and a running platform agree on the key, and lets a restart keep accepting the tokens minted before it.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { ROLES, type Role } from '../../shared/domain/decision.ts';
import { DEFAULT_CLAIM_MAPPING } from '../../shared/http/identity.ts';

export const DEV_ISSUER = 'gongshi-local';
export const DEV_AUDIENCE = 'gongshi';
const ALGORITHM = 'EdDSA';
const DEFAULT_TTL_SECONDS = 12 * 60 * 60;

export interface DevKeys {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The public half, as a JWKS would publish it. */
  readonly publicJwk: JWK;
}

export interface TokenSubject {
  readonly agency: string;
  readonly roles: readonly Role[];
  readonly user: string;
  readonly ttlSeconds?: number;
}

/** A case system's machine credential (R13), as Cognito's client-credentials grant issues it. */
export interface ClientTokenSubject {
  /** The app client's id: the token's `sub` and `client_id`. */
  readonly client: string;
  readonly agency: string;
  readonly ttlSeconds?: number;
}

/**
 * The claims of a verified token; the same names Cognito puts into its tokens (SPEC: auth). A person's token has
 * `agency` and `cognito:groups`, a case system's `client_id` and `scope`; which claims the API reads is the
 * claim mapping's business (shared/http/identity.ts), as behind API Gateway.
 */
export interface DevClaims extends JWTPayload {
  readonly sub: string;
  readonly agency?: string;
  readonly 'cognito:groups'?: readonly Role[];
  readonly client_id?: string;
  readonly scope?: string;
  readonly token_use?: 'access';
  readonly iss: string;
  readonly aud: string | string[];
  readonly iat: number;
  readonly exp: number;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export async function loadOrCreateDevKeys(dataDir: string): Promise<DevKeys> {
  const dir = join(dataDir, 'dev-keys');
  const privatePath = join(dir, 'private.jwk.json');
  let privateJwk = readJwk(privatePath);
  if (!privateJwk) {
    mkdirSync(dir, { recursive: true });
    const pair = await generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true });
    const fresh = await exportJWK(pair.privateKey);
    // The platform and the token CLI may both start on an empty data folder at once: the key is written to
    // a file of its own and linked into place, which fails if the other one won, so both end up with its key.
    const temp = `${privatePath}.${randomUUID()}.tmp`;
    writeFileSync(temp, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600 });
    try {
      linkSync(temp, privatePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temp);
    }
    privateJwk = readJwk(privatePath);
    if (!privateJwk) throw new Error(`could not read the dev key just written to ${privatePath}`);
  }
  if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || !privateJwk.d || !privateJwk.x) {
    throw new Error(`${privatePath} is not an Ed25519 private key; delete it to make a new one`);
  }
  const publicJwk: JWK = { kty: 'OKP', crv: 'Ed25519', x: privateJwk.x };
  const kid = await calculateJwkThumbprint(publicJwk);
  const withKid: JWK = { ...publicJwk, kid, alg: ALGORITHM, use: 'sig' };
  // Derived from the private key each time, so it can never disagree with it; written for outside verifiers.
  const publicText = `${JSON.stringify(withKid, null, 2)}\n`;
  const publicPath = join(dir, 'public.jwk.json');
  if (readText(publicPath) !== publicText) writeFileSync(publicPath, publicText);
  const [privateKey, publicKey] = await Promise.all([
    importJWK(privateJwk, ALGORITHM),
    importJWK(publicJwk, ALGORITHM),
  ]);
  if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) {
    throw new Error('an Ed25519 JWK imported as raw bytes');
  }
  return { kid, privateKey, publicKey, publicJwk: withKid };
}

/**
 * The transparency log's checkpoint key for the local platform (ADR 0007): Ed25519, PKCS#8 PEM, at
 * `<dataDir>/dev-keys/transparency-ed25519.pem`, made on first use like the token key (and with the same care
 * when two processes start on an empty folder). Returns its path; the checkpoint function reads it from
 * GONGSHI_TRANSPARENCY_KEY_FILE. On AWS the key lives in Secrets Manager instead.
 *
 * With GONGSHI_TRANSPARENCY_SM2=1 the SM2 co-signing key (GB/T 39786-2021) is made too, beside it as
 * `transparency-sm2.pem`, where the file key source looks for it; once made it stays (delete it to stop).
 */
export function loadOrCreateTransparencyKey(
  dataDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const dir = join(dataDir, 'dev-keys');
  const path = join(dir, 'transparency-ed25519.pem');
  createOnce(
    path,
    () =>
      generateKeyPairSync('ed25519', {
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      }).privateKey,
  );
  if (env.GONGSHI_TRANSPARENCY_SM2 === '1') {
    createOnce(
      join(dir, 'transparency-sm2.pem'),
      () =>
        generateKeyPairSync('ec', {
          namedCurve: 'SM2',
          privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
          publicKeyEncoding: { type: 'spki', format: 'pem' },
        }).privateKey,
    );
  }
  return path;
}

/** Writes a new key to its own file and links it into place, so of two racing processes one key wins. */
function createOnce(path: string, make: () => string): void {
  if (readText(path) !== undefined) return;
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${randomUUID()}.tmp`;
  writeFileSync(temp, make(), { mode: 0o600 });
  try {
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
}

function readJwk(path: string): JWK | undefined {
  const text = readText(path);
  return text === undefined ? undefined : (JSON.parse(text) as JWK);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function mintToken(keys: DevKeys, subject: TokenSubject): Promise<string> {
  const { agency, roles, user, ttlSeconds = DEFAULT_TTL_SECONDS } = subject;
  if (!agency.trim()) throw new Error('a token needs an agency');
  if (!user.trim()) throw new Error('a token needs a user');
  if (roles.length === 0) throw new Error(`a token needs at least one role (${ROLES.join(', ')})`);
  for (const role of roles) {
    if (!isRole(role)) throw new Error(`unknown role "${String(role)}": use ${ROLES.join(', ')}`);
  }
  return sign(keys, { agency, 'cognito:groups': [...new Set(roles)] }, user, ttlSeconds);
}

/**
 * R13: a case system's token, shaped like the access token of Cognito's client-credentials grant: `sub` and
 * `client_id` the client, `token_use: access`, the agency and the case-system scope in `scope`, no groups.
 */
export async function mintClientToken(keys: DevKeys, subject: ClientTokenSubject): Promise<string> {
  const { client, agency, ttlSeconds = DEFAULT_TTL_SECONDS } = subject;
  if (!client.trim() || /\s/.test(client))
    throw new Error('a case system token needs a client id without spaces');
  if (!agency.trim() || /\s/.test(agency))
    throw new Error('a case system token needs an agency without spaces');
  const scope = `${DEFAULT_CLAIM_MAPPING.caseSystem.scope} gongshi/agency:${agency}`;
  return sign(keys, { client_id: client, token_use: 'access', scope }, client, ttlSeconds);
}

async function sign(keys: DevKeys, claims: JWTPayload, subject: string, ttlSeconds: number): Promise<string> {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
    throw new Error('ttlSeconds must be a positive integer');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM, kid: keys.kid, typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(keys.privateKey);
}

/**
 * The claims of a token this key signed, unexpired, for this issuer and audience; throws otherwise. Like API
 * Gateway's JWT authorizer it checks the token, not what it says: the agency and the roles are read by the
 * handlers through the claim mapping (GONGSHI_CLAIMS), which refuses a token without them (401).
 */
export async function verifyToken(keys: DevKeys, token: string): Promise<DevClaims> {
  const { payload } = await jwtVerify(token, keys.publicKey, {
    algorithms: [ALGORITHM],
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    requiredClaims: ['sub', 'iat', 'exp'],
  });
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new Error('the token names no user (sub)');
  return payload as DevClaims;
}
