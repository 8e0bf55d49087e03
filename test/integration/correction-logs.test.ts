/**
 * R9: the requester's contact never reaches a log line. The real handler modules on the shared emulators, the
 * most talkative logging (DEBUG, and event logging switched on by environment as an operator might), stdout
 * captured, every path taken: a filing, a refused filing, a 429, the status page, the agency's list.
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/aws-config.ts';
import { agencyId, companyPenalty } from './fixtures/decisions.ts';
import { call } from './support/http.ts';
import { tokenFor } from './support/tokens.ts';

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
const marker = randomBytes(4).toString('hex');
const CONTACT = { name: `联系人${marker}`, phone: '13700001111', email: `log.${marker}@example.com` };
const AGENCY = agencyId('siping-logs');
const ENV = {
  TABLE_NAME: '',
  UPLOADS_BUCKET: '',
  SITE_URL: '',
  API_URL: '',
  GONGSHI_DYNAMODB_ENDPOINT: '',
  GONGSHI_S3_ENDPOINT: '',
  AWS_REGION: LOCAL_REGION,
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  POWERTOOLS_LOG_LEVEL: 'DEBUG',
  POWERTOOLS_LOGGER_LOG_EVENT: 'true',
  POWERTOOLS_METRICS_DISABLED: 'false',
  POWERTOOLS_DEV: 'true',
};
const saved = Object.fromEntries(Object.keys(ENV).map((k) => [k, process.env[k]]));
let file: Handler;
let status: Handler;
let list: Handler;
let decisionId: string;

beforeAll(async () => {
  const submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
  const reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
  const created = await call('POST', '/v1/decisions', { token: submitter, body: companyPenalty() });
  await call('POST', `/v1/decisions/${created.body.id}/review`, {
    token: reviewer,
    headers: { 'if-match': `"${created.body.version}"` },
    body: { outcome: 'approve' },
  });
  for (let waited = 0; ; waited += 100) {
    const reply = await call('GET', `/v1/decisions/${created.body.id}`, { token: submitter });
    if (reply.body.status === 'published') break;
    if (waited > 8_000) throw new Error(`decision still ${reply.body.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  decisionId = created.body.id;
  // The handler modules read their configuration when first imported: the environment must hold it first.
  Object.assign(process.env, {
    ...ENV,
    TABLE_NAME: inject('tableName'),
    UPLOADS_BUCKET: inject('uploadsBucket'),
    SITE_URL: `${inject('siteUrl')}/`,
    API_URL: `${inject('apiUrl')}/`,
    GONGSHI_DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    GONGSHI_S3_ENDPOINT: inject('s3Endpoint'),
  });
  file = (await import('../../functions/file-correction-request/handler.ts')).handler as unknown as Handler;
  status = (await import('../../functions/get-correction-request/handler.ts')).handler as unknown as Handler;
  list = (await import('../../functions/list-correction-requests/handler.ts')).handler as unknown as Handler;
});

afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

function event(overrides: Partial<APIGatewayProxyEventV2WithJWTAuthorizer> & { sourceIp?: string }) {
  const { sourceIp = '198.51.100.7', ...rest } = overrides;
  return {
    version: '2.0',
    routeKey: 'POST /v1/corrections',
    rawPath: '/v1/corrections',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'POST', path: '/v1/corrections', protocol: 'HTTP/1.1', sourceIp, userAgent: 'test' },
      requestId: 'r',
      routeKey: 'POST /v1/corrections',
    },
    ...rest,
  };
}

const context = {
  functionName: 'file-correction-request',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 10_000,
};

async function capture(run: () => Promise<unknown>): Promise<string> {
  const chunks: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  });
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      chunks.push(`${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`);
    }),
  );
  try {
    await run();
  } finally {
    write.mockRestore();
    for (const spy of spies) spy.mockRestore();
  }
  return chunks.join('');
}

describe('the logs of the correction handlers (R9)', () => {
  it('never hold the requester’s contact, on any path', async () => {
    const body = (overrides = {}) =>
      JSON.stringify({
        decisionId,
        what: '罚款金额有误',
        evidence: '决定书',
        contact: CONTACT,
        ...overrides,
      });
    let requestId = '';
    const output = await capture(async () => {
      const filed = await file(event({ body: body() }), context);
      expect(filed.statusCode).toBe(201);
      requestId = JSON.parse(filed.body ?? '{}').request.id;
      // Refused: a rule, a shape, a form, the rate limit, an unknown decision.
      expect((await file(event({ body: body({ what: '' }) }), context)).statusCode).toBe(422);
      expect((await file(event({ body: body({ extra: 1 }) }), context)).statusCode).toBe(400);
      const form = new URLSearchParams({ decisionId, what: '', evidence: 'x', ...CONTACT }).toString();
      const formEvent = event({
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect((await file(formEvent, context)).statusCode).toBe(400);
      for (let i = 0; i < 5; i++) await file(event({ body: body(), sourceIp: '198.51.100.8' }), context);
      expect((await file(event({ body: body(), sourceIp: '198.51.100.8' }), context)).statusCode).toBe(429);
      expect(
        (await file(event({ body: body({ decisionId: '01K0000000000000000000NONE' }) }), context)).statusCode,
      ).toBe(404);
      const get = event({
        routeKey: 'GET /v1/corrections/{id}',
        pathParameters: { id: requestId },
        headers: { accept: 'text/html' },
      });
      expect((await status(get, context)).statusCode).toBe(200);
      const listed = await list(
        event({
          routeKey: 'GET /v1/corrections',
          requestContext: {
            http: {
              method: 'GET',
              path: '/v1/corrections',
              protocol: 'HTTP/1.1',
              sourceIp: '10.0.0.1',
              userAgent: 't',
            },
            requestId: 'r',
            routeKey: 'GET /v1/corrections',
            authorizer: {
              jwt: {
                claims: { sub: 'li.na', agency: AGENCY, 'cognito:groups': '[submitter]' },
                scopes: null,
              },
            },
          } as never,
        }),
        context,
      );
      // The agency itself does see the contact, in the answer; not in the log.
      expect(listed.body).toContain(CONTACT.email);
    });
    expect(output.length).toBeGreaterThan(0);
    for (const value of Object.values(CONTACT)) expect(output).not.toContain(value);
    // The metrics were written (so the capture saw the handlers' output), without a contact either.
    expect(output).toContain('CorrectionRequestsFiled');
  });
});
