/**
 * Tokens the local API must refuse, and one it must accept but that holds no role: signed by hand with jose,
 * since `mintToken` (rightly) refuses to make them.
 */
import { generateKeyPair, SignJWT } from 'jose';
import { inject } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, loadOrCreateDevKeys } from '../../../infra/local/dev-keys.ts';

export const BAD_TOKEN_KINDS = ['garbage', 'expired', 'foreign-key', 'wrong-audience', 'alg-none'] as const;
export type BadTokenKind = (typeof BAD_TOKEN_KINDS)[number];

const keys = () => loadOrCreateDevKeys(inject('dataDir'));

async function signed(
  claims: Record<string, unknown>,
  options: { audience?: string; expiresAt?: number; foreign?: boolean } = {},
): Promise<string> {
  const dev = await keys();
  const key = options.foreign
    ? (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey
    : dev.privateKey;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: dev.kid, typ: 'JWT' })
    .setSubject(String(claims.sub ?? 'someone'))
    .setIssuer(DEV_ISSUER)
    .setAudience(options.audience ?? DEV_AUDIENCE)
    .setIssuedAt(now - 7200)
    .setExpirationTime(options.expiresAt ?? now + 3600)
    .sign(key);
}

/** A well-signed token of a user with no role at all (`cognito:groups: []`). */
export function rolelessToken(agency: string, user: string): Promise<string> {
  return signed({ agency, sub: user, 'cognito:groups': [] });
}

export async function badToken(kind: BadTokenKind, agency: string, user = 'mallory'): Promise<string> {
  const claims = { agency, sub: user, 'cognito:groups': ['submitter', 'reviewer', 'operator'] };
  switch (kind) {
    case 'garbage':
      return 'not-a-jwt';
    case 'expired':
      return signed(claims, { expiresAt: Math.floor(Date.now() / 1000) - 60 });
    case 'foreign-key':
      return signed(claims, { foreign: true });
    case 'wrong-audience':
      return signed(claims, { audience: 'someone-else' });
    case 'alg-none': {
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, iss: DEV_ISSUER, aud: DEV_AUDIENCE, iat: now, exp: now + 3600 })}.`;
    }
  }
}
