import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiHandler, MAX_BODY_BYTES, startApiServer } from '../../infra/local/api-server.ts';
import { type DevKeys, loadOrCreateDevKeys, mintToken } from '../../infra/local/dev-keys.ts';
import type { FunctionName } from '../../shared/manifest.ts';
import { tokenFor } from './support/tokens.ts';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  json(): Record<string, unknown>;
}

/** node:http rather than fetch: the tests need repeated headers and raw bytes exactly as sent. */
function send(
  url: string,
  options: { method?: string; headers?: readonly [string, string][]; body?: Buffer | string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Raw headers replace Node's defaults, Host included, which HTTP/1.1 requires.
    const headers = [['host', new URL(url).host], ...(options.headers ?? [])].flat();
    const req = request(url, { method: options.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          json: () => JSON.parse(body.toString('utf8')) as Record<string, unknown>,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const LI_NA = { agency: 'siping-gxj', roles: ['submitter', 'reviewer'], user: 'li.na' } as const;

describe('the local API of `npm start` (global setup platform)', () => {
  const api = () => inject('apiUrl');

  it('answers an unknown path with a 404 problem', async () => {
    const answer = await send(`${api()}/v1/nothing`);

    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.json()).toMatchObject({ status: 404, code: 'not_found', title: 'Not Found' });
    expect(answer.json().type).toEqual(expect.any(String));
    expect(answer.json().detail).toEqual(expect.any(String));
  });

  it('answers a known path with another method with a 405 that lists the allowed ones', async () => {
    const answer = await send(`${api()}/v1/decisions`, { method: 'DELETE' });

    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, POST');
    expect(answer.json()).toMatchObject({ status: 405, code: 'method_not_allowed' });
  });

  it('refuses a jwt route without a token', async () => {
    const answer = await send(`${api()}/v1/decisions`);

    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.json()).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('refuses a token signed by another key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongshi-other-key-'));
    try {
      const forged = await mintToken(await loadOrCreateDevKeys(dir), LI_NA);
      const answer = await send(`${api()}/v1/decisions/d-1`, {
        headers: [['authorization', `Bearer ${forged}`]],
      });

      expect(answer.status).toBe(401);
      expect(answer.json()).toMatchObject({ code: 'unauthorized' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an expired token of the right key', async () => {
    const keys = await loadOrCreateDevKeys(inject('dataDir'));
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ agency: 'siping-gxj', 'cognito:groups': ['submitter'] })
      .setProtectedHeader({ alg: 'EdDSA', kid: keys.kid })
      .setSubject('li.na')
      .setIssuer('gongshi-local')
      .setAudience('gongshi')
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(keys.privateKey);

    const answer = await send(`${api()}/v1/decisions`, { headers: [['authorization', `Bearer ${expired}`]] });

    expect(answer.status).toBe(401);
  });

  it('serves the real handlers, configured by the platform: the OpenAPI document and a list with a valid token', async () => {
    const openapi = await send(`${api()}/v1/openapi.json`);
    const token = await tokenFor({ agency: `it-${Date.now()}`, roles: ['reviewer'], user: 'zhao.lei' });
    const list = await send(`${api()}/v1/decisions`, { headers: [['authorization', `Bearer ${token}`]] });

    expect(openapi.status).toBe(200);
    expect(openapi.json()).toHaveProperty('openapi');
    expect(list.status).toBe(200);
  });

  it('refuses a malformed authorization header', async () => {
    const token = await tokenFor(LI_NA);
    const answer = await send(`${api()}/v1/decisions`, { headers: [['authorization', `Basic ${token}`]] });

    expect(answer.status).toBe(401);
  });
});

describe('the event a handler receives (a second API server with an echo handler)', () => {
  let server: Awaited<ReturnType<typeof startApiServer>>;
  let keys: DevKeys;
  let dir: string;
  const loaded: FunctionName[] = [];

  const echo =
    (name: FunctionName): ApiHandler =>
    async (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'x-function': name },
      body: JSON.stringify({
        event,
        context: { functionName: context.functionName, remaining: context.getRemainingTimeInMillis() },
      }),
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongshi-echo-'));
    keys = await loadOrCreateDevKeys(dir);
    server = await startApiServer({
      port: 0,
      keys,
      loadHandler: async (name) => {
        loaded.push(name);
        if (name === 'get-audit') {
          return async () => {
            throw new Error('a handler that should have mapped its error');
          };
        }
        if (name === 'withdraw-decision') {
          return async () => ({
            statusCode: 201,
            headers: { 'content-type': 'application/octet-stream' },
            cookies: ['a=1; Path=/', 'b=2; Path=/'],
            body: Buffer.from([0, 1, 254, 255]).toString('base64'),
            isBase64Encoded: true,
          });
        }
        return echo(name);
      },
      logger: { info: () => {}, error: () => {} },
    });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const eventOf = (answer: Answer) => answer.json().event as APIGatewayProxyEventV2WithJWTAuthorizer;

  it('is the API Gateway payload 2.0 of a JWT route, claims flattened to strings as API Gateway does', async () => {
    const token = await mintToken(keys, LI_NA);
    const answer = await send(`${server.url}/v1/decisions/dec-42?status=published&limit=5&status=rejected`, {
      headers: [
        ['Authorization', `Bearer ${token}`],
        ['X-Trace-Note', 'first'],
        ['X-Trace-Note', 'second'],
        ['Cookie', 'lang=zh; theme=dark'],
        ['User-Agent', 'case-system/1.0'],
      ],
    });

    expect(answer.status).toBe(200);
    expect(answer.headers['x-function']).toBe('get-decision');
    const event = eventOf(answer);
    const claims = event.requestContext.authorizer.jwt.claims;
    expect(claims).toEqual({
      sub: 'li.na',
      agency: 'siping-gxj',
      'cognito:groups': '[submitter reviewer]',
      iss: 'gongshi-local',
      aud: 'gongshi',
      iat: expect.stringMatching(/^\d+$/),
      exp: expect.stringMatching(/^\d+$/),
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(43_200);
    expect(event.requestContext.authorizer.jwt.scopes).toBeNull();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/decisions/{id}',
      rawPath: '/v1/decisions/dec-42',
      rawQueryString: 'status=published&limit=5&status=rejected',
      cookies: ['lang=zh', 'theme=dark'],
      queryStringParameters: { status: 'published,rejected', limit: '5' },
      pathParameters: { id: 'dec-42' },
      isBase64Encoded: false,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        http: {
          method: 'GET',
          path: '/v1/decisions/dec-42',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'case-system/1.0',
        },
        routeKey: 'GET /v1/decisions/{id}',
        stage: '$default',
      },
    });
    expect(event.body).toBeUndefined();
    expect(event.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      'x-trace-note': 'first,second',
      'user-agent': 'case-system/1.0',
      host: `127.0.0.1:${server.port}`,
    });
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers['apigw-requestid']).toBe(event.requestContext.requestId);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(10_000);
    expect(answer.json().context).toMatchObject({ functionName: 'get-decision' });
    const remaining = (answer.json().context as { remaining: number }).remaining;
    expect(remaining).toBeGreaterThan(25_000);
    expect(remaining).toBeLessThanOrEqual(29_000);
  });

  it('passes a JSON body as text and a binary body base64-encoded; a literal segment beats {id}', async () => {
    const token = await mintToken(keys, LI_NA);
    const auth: [string, string] = ['authorization', `Bearer ${token}`];
    const json = await send(`${server.url}/v1/decisions`, {
      method: 'POST',
      headers: [auth, ['content-type', 'application/json; charset=utf-8']],
      body: JSON.stringify({ caseNumber: '四工信罚〔2025〕12号' }),
    });
    const binary = await send(`${server.url}/v1/decisions/batch`, {
      method: 'POST',
      headers: [auth, ['content-type', 'application/octet-stream']],
      body: Buffer.from([0, 159, 146, 150, 255]),
    });

    expect(eventOf(json)).toMatchObject({
      routeKey: 'POST /v1/decisions',
      body: '{"caseNumber":"四工信罚〔2025〕12号"}',
      isBase64Encoded: false,
    });
    expect(eventOf(json).pathParameters).toBeUndefined();
    expect(eventOf(json).queryStringParameters).toBeUndefined();
    expect(eventOf(binary)).toMatchObject({
      routeKey: 'POST /v1/decisions/batch',
      body: Buffer.from([0, 159, 146, 150, 255]).toString('base64'),
      isBase64Encoded: true,
    });
    expect(eventOf(binary).pathParameters).toBeUndefined();
    expect(binary.headers['x-function']).toBe('submit-batch');
  });

  it('gives a public route no authorizer and needs no token for it', async () => {
    const answer = await send(`${server.url}/v1/openapi.json`);

    expect(answer.status).toBe(200);
    const event = eventOf(answer);
    expect(event.routeKey).toBe('GET /v1/openapi.json');
    expect(event.requestContext).not.toHaveProperty('authorizer');
    expect(event).not.toHaveProperty('cookies');
  });

  it('writes back the structured result: status, headers, cookies, base64 body', async () => {
    const token = await mintToken(keys, LI_NA);
    const answer = await send(`${server.url}/v1/decisions/dec-1/withdraw`, {
      method: 'POST',
      headers: [['authorization', `Bearer ${token}`]],
    });

    expect(answer.status).toBe(201);
    expect(answer.headers['content-type']).toBe('application/octet-stream');
    expect(answer.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect([...answer.body]).toEqual([0, 1, 254, 255]);
  });

  it('answers 500 problem+json when a handler throws', async () => {
    const token = await mintToken(keys, LI_NA);
    const answer = await send(`${server.url}/v1/decisions/dec-1/audit`, {
      headers: [['authorization', `Bearer ${token}`]],
    });

    expect(answer.status).toBe(500);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.json()).toMatchObject({ status: 500, code: 'internal_error' });
    expect(answer.body.toString()).not.toContain('should have mapped');
  });

  it('refuses a body over 10 MB with 413 before any handler runs', async () => {
    const token = await mintToken(keys, LI_NA);
    const before = loaded.length;
    const answer = await send(`${server.url}/v1/decisions/batch`, {
      method: 'POST',
      headers: [
        ['authorization', `Bearer ${token}`],
        ['content-type', 'application/json'],
      ],
      body: Buffer.alloc(MAX_BODY_BYTES + 1, 0x20),
    });

    // Without a content-length the server counts the bytes as they come.
    const chunked = await send(`${server.url}/v1/decisions/batch`, {
      method: 'POST',
      headers: [
        ['authorization', `Bearer ${token}`],
        ['content-type', 'application/json'],
        ['transfer-encoding', 'chunked'],
      ],
      body: Buffer.alloc(MAX_BODY_BYTES + 1, 0x20),
    });

    expect(answer.status).toBe(413);
    expect(answer.json()).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(chunked.status).toBe(413);
    expect(loaded.length).toBe(before);
  });

  it('checks the token before anything else of a jwt route', async () => {
    const before = loaded.length;
    const answer = await send(`${server.url}/v1/decisions/dec-1`, {
      headers: [['authorization', 'Bearer x.y.z']],
    });

    expect(answer.status).toBe(401);
    expect(loaded.length).toBe(before);
  });
});
