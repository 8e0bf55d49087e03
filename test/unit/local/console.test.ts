/**
 * The agency console as the local platform serves it: built in memory by esbuild (infra/local/console.ts), served
 * by the site server under /console/ with its own policy, calling the local API across origins (CORS as the HTTP
 * API's corsPreflight answers) and signing in through the local-only dev sign-in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApiServer, startApiServer } from '../../../infra/local/api-server.ts';
import { buildConsole, type ConsoleFile, consoleCsp } from '../../../infra/local/console.ts';
import { type DevKeys, loadOrCreateDevKeys, verifyToken } from '../../../infra/local/dev-keys.ts';
import { type RunningSiteServer, startSiteServer } from '../../../infra/local/site-server.ts';

const API = 'http://127.0.0.1:3000';
const SITE_ORIGIN = 'http://127.0.0.1:3001';

describe('the console build', () => {
  let files: Map<string, ConsoleFile>;
  beforeAll(async () => {
    files = await buildConsole(`${API}/`);
  });

  it('is one minified ESM script, a stylesheet and index.html, nothing else', () => {
    expect([...files.keys()].sort()).toEqual([
      '/console/app.js',
      '/console/console.css',
      '/console/index.html',
    ]);
    const script = files.get('/console/app.js')?.body.toString('utf8') ?? '';
    expect(script.length).toBeGreaterThan(1_000);
    // Minified: no line of the bundle is source-shaped, and Preact is inside (no CDN).
    expect(script.split('\n').length).toBeLessThan(5);
    expect(script).not.toMatch(/https?:\/\/(cdn|unpkg|esm\.sh)/);
  });

  it('names the API in index.html, in Chinese, with no inline script or style', () => {
    const html = files.get('/console/index.html')?.body.toString('utf8') ?? '';
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain(`<meta name="gongshi-api" content="${API}">`);
    expect(html).toContain('<script type="module" src="app.js"></script>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|style=/);
  });

  it('has a policy allowing itself and the API only', () => {
    expect(consoleCsp(API)).toBe(
      `default-src 'self'; connect-src 'self' ${API}; script-src 'self'; style-src 'self'; img-src 'self' data:; ` +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'",
    );
  });
});

describe('the console on the site server', () => {
  let site: RunningSiteServer;
  let s3: S3Client;
  beforeAll(async () => {
    // Never reached: the console's paths are answered from memory.
    s3 = new S3Client({
      region: 'cn-north-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    site = await startSiteServer({
      port: 0,
      s3,
      bucket: 'none',
      console: { files: await buildConsole(API), apiOrigin: API },
    });
  });
  afterAll(async () => {
    await site.close();
    s3.destroy();
  });

  it('serves index.html with its policy, never indexed, never cached, no referrer', async () => {
    const response = await fetch(`${site.url}/console/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(consoleCsp(API));
    expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('gongshi-api');
  });

  it('serves the script and the stylesheet with their types, redirects /console and knows no other file', async () => {
    const script = await fetch(`${site.url}/console/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    const css = await fetch(`${site.url}/console/console.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const bare = await fetch(`${site.url}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe('/console/');
    expect((await fetch(`${site.url}/console/secret.txt`)).status).toBe(404);
    expect((await fetch(`${site.url}/console/`, { method: 'POST' })).status).toBe(405);
  });
});

describe('the local API for the console: CORS for the site only, and the dev sign-in', () => {
  let dir: string;
  let keys: DevKeys;
  let api: RunningApiServer;
  let plain: RunningApiServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongshi-console-'));
    keys = await loadOrCreateDevKeys(dir);
    const loadHandler = async () => async () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json', etag: '"1"' },
      body: '{"items":[]}',
    });
    api = await startApiServer({
      port: 0,
      keys,
      loadHandler,
      corsOrigin: () => SITE_ORIGIN,
      devSignIn: true,
    });
    plain = await startApiServer({ port: 0, keys, loadHandler });
  });
  afterAll(async () => {
    await api.close();
    await plain.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers the site's preflight 204 with what the console sends", async () => {
    const response = await fetch(`${api.url}/v1/decisions/X/review`, {
      method: 'OPTIONS',
      headers: {
        origin: SITE_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, if-match',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, if-match, idempotency-key',
    );
    expect(response.headers.get('access-control-expose-headers')).toBe('etag, location');
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
  });

  it("puts the site's origin and the exposed headers on actual answers, problems included", async () => {
    const answer = await fetch(`${api.url}/v1/decisions`, { headers: { origin: SITE_ORIGIN } });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(answer.headers.get('access-control-expose-headers')).toBe('etag, location');
  });

  it('gives any other origin no CORS header, and leaves its preflight to the routes', async () => {
    for (const origin of ['http://evil.example', 'http://localhost:3001']) {
      const preflight = await fetch(`${api.url}/v1/decisions`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
      expect(preflight.status).not.toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const answer = await fetch(`${api.url}/v1/decisions`, { headers: { origin } });
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('signs in with the dev key: a token for the agency, role and user asked for', async () => {
    const response = await fetch(`${api.url}/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SITE_ORIGIN },
      body: JSON.stringify({ agency: 'siping-gxj', role: 'reviewer', user: 'wang.fang' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { token } = (await response.json()) as { token: string };
    const claims = await verifyToken(keys, token);
    expect(claims).toMatchObject({ sub: 'wang.fang', agency: 'siping-gxj', 'cognito:groups': ['reviewer'] });
  });

  it('refuses an unknown role, a missing user and bad JSON with a Chinese problem (400)', async () => {
    for (const [body, code] of [
      [{ agency: 'siping-gxj', role: 'admin', user: 'x' }, 'unknown_role'],
      [{ agency: 'siping-gxj', role: 'reviewer', user: '' }, 'invalid_user'],
      [{ agency: '', role: 'reviewer', user: 'x' }, 'invalid_agency'],
    ] as const) {
      const response = await fetch(`${api.url}/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await response.json()) as { code: string; detail: string };
      expect(problem.code).toBe(code);
      expect(problem.detail).toMatch(/[\u4e00-\u9fff]/);
    }
    const bad = await fetch(`${api.url}/dev/sign-in`, { method: 'POST', body: '{' });
    expect(bad.status).toBe(400);
    expect((await fetch(`${api.url}/dev/sign-in`)).status).toBe(405);
  });

  it('does not exist on an API server without it (404), as on AWS', async () => {
    const response = await fetch(`${plain.url}/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agency: 'siping-gxj', role: 'reviewer', user: 'wang.fang' }),
    });
    expect(response.status).toBe(404);
  });
});
