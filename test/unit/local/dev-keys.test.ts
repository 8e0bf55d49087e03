import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  loadOrCreateDevKeys,
  loadOrCreateTransparencyKey,
  mintToken,
  verifyToken,
} from '../../../infra/local/dev-keys.ts';
import { keyIdOf, publicKeyPemOf } from '../../../shared/domain/transparency-log.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gongshi-keys-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  vi.useRealTimers();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const LI_NA = { agency: 'siping-gxj', roles: ['submitter', 'reviewer'], user: 'li.na' } as const;

describe('dev keys (the local stand-in for Cognito)', () => {
  it('mints a token that verifies, with the claims of the SPEC contract', async () => {
    const keys = await loadOrCreateDevKeys(dataDir());
    const token = await mintToken(keys, LI_NA);

    const claims = await verifyToken(keys, token);

    expect(claims).toMatchObject({
      sub: 'li.na',
      agency: 'siping-gxj',
      'cognito:groups': ['submitter', 'reviewer'],
      iss: 'gongshi-local',
      aud: 'gongshi',
    });
    expect(claims.exp - claims.iat).toBe(12 * 60 * 60);
    expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(5);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid: keys.kid, typ: 'JWT' });
  });

  it('keeps the key on disk: a second load (a restart, the token CLI) verifies the first one’s tokens', async () => {
    const dir = dataDir();
    const first = await loadOrCreateDevKeys(dir);
    const token = await mintToken(first, { agency: 'changzhi-scjg', roles: ['operator'], user: 'wang.wei' });

    const second = await loadOrCreateDevKeys(dir);

    expect(second.kid).toBe(first.kid);
    await expect(verifyToken(second, token)).resolves.toMatchObject({ sub: 'wang.wei' });
    const stored = JSON.parse(readFileSync(join(dir, 'dev-keys', 'private.jwk.json'), 'utf8'));
    expect(stored).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    const published = JSON.parse(readFileSync(join(dir, 'dev-keys', 'public.jwk.json'), 'utf8'));
    expect(published).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: stored.x,
      kid: first.kid,
      alg: 'EdDSA',
      use: 'sig',
    });
  });

  it('two processes starting on an empty data folder at once end up with one key', async () => {
    const dir = dataDir();
    const [a, b] = await Promise.all([loadOrCreateDevKeys(dir), loadOrCreateDevKeys(dir)]);
    expect(a.kid).toBe(b.kid);
  });

  it('refuses a token signed by another key', async () => {
    const ours = await loadOrCreateDevKeys(dataDir());
    const theirs = await loadOrCreateDevKeys(dataDir());
    const forged = await mintToken(theirs, LI_NA);

    await expect(verifyToken(ours, forged)).rejects.toThrow();
  });

  it('refuses an expired token', async () => {
    const keys = await loadOrCreateDevKeys(dataDir());
    const token = await mintToken(keys, { ...LI_NA, ttlSeconds: 60 });
    await expect(verifyToken(keys, token)).resolves.toBeDefined();

    vi.useFakeTimers({ now: Date.now() + 61_000, toFake: ['Date'] });

    await expect(verifyToken(keys, token)).rejects.toThrow(/exp/);
  });

  it('refuses a token with a changed payload', async () => {
    const keys = await loadOrCreateDevKeys(dataDir());
    const [header, , signature] = (await mintToken(keys, LI_NA)).split('.');
    const payload = Buffer.from(
      JSON.stringify({ ...decodeJwt(await mintToken(keys, LI_NA)), agency: 'other' }),
    );
    const tampered = `${header}.${payload.toString('base64url')}.${signature}`;

    await expect(verifyToken(keys, tampered)).rejects.toThrow();
  });

  it('mints only for the roles of the SPEC, with an agency and a user', async () => {
    const keys = await loadOrCreateDevKeys(dataDir());

    await expect(mintToken(keys, { ...LI_NA, roles: ['admin' as 'operator'] })).rejects.toThrow(
      /unknown role/,
    );
    await expect(mintToken(keys, { ...LI_NA, roles: [] })).rejects.toThrow(/at least one role/);
    await expect(mintToken(keys, { ...LI_NA, agency: ' ' })).rejects.toThrow(/agency/);
    await expect(mintToken(keys, { ...LI_NA, user: '' })).rejects.toThrow(/user/);
  });
});

describe("the transparency log's dev key (ADR 0007)", () => {
  it('is an Ed25519 PKCS#8 key under the data folder, made once and kept', () => {
    const dir = dataDir();
    const path = loadOrCreateTransparencyKey(dir);
    expect(path).toBe(join(dir, 'dev-keys', 'transparency-ed25519.pem'));
    const pem = readFileSync(path, 'utf8');
    expect(pem).toContain('-----BEGIN PRIVATE KEY-----');
    expect(keyIdOf(publicKeyPemOf(pem))).toMatch(/^[0-9a-f]{64}$/);
    expect(loadOrCreateTransparencyKey(dir)).toBe(path);
    expect(readFileSync(path, 'utf8')).toBe(pem);
  });
});
