/**
 * R9 over HTTP on the local platform: anyone files a correction request (JSON or the site's form, no token),
 * follows it, and the agency lists and answers it; accepting opens a correction that a different reviewer
 * approves, after which the site shows it. The requester's contact never reaches anything public, a flood from
 * one client is throttled, and bad input is a 4xx with nothing stored.
 */
import { randomBytes } from 'node:crypto';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { solveChallenge } from 'altcha-lib/v1';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoConfig, localS3Config } from '../../infra/local/aws-config.ts';
import { DynamoChallengeStore } from '../../shared/adapters/dynamodb/challenge-store.ts';
import { createDocumentClient, type DocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { CHALLENGE_MAX_NUMBER } from '../../shared/app/filing-challenge.ts';
import { createDefaultCalendar } from '../../shared/domain/calendar/sources.ts';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { correctionAnswerDeadline } from '../../shared/domain/deadlines.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../shared/domain/settings.ts';
import { payloadOf, solvedChallenge } from '../fixtures/challenge.ts';
import { agencyId, companyPenalty } from './fixtures/decisions.ts';
import { eventuallyWithin } from './support/eventually.ts';
import { call, callFrom, currentIfMatch, freshClient } from './support/http.ts';
import { allSiteObjects } from './support/site-objects.ts';
import { tokenFor } from './support/tokens.ts';

const AGENCY = agencyId('siping-corr');
const OTHER = agencyId('changzhi-corr');
const marker = randomBytes(4).toString('hex');
/** Distinctive, so that finding it anywhere means it leaked. */
const CONTACT = {
  name: `申请人${marker}`,
  phone: `139${String(Number.parseInt(marker, 16) % 100_000_000).padStart(8, '0')}`,
  email: `req.${marker}@example.com`,
};
const WHAT = `公示的罚款金额有误（${marker}）：决定书原文为罚款人民币叁万元。`;
const EVIDENCE = '行政处罚决定书第2页，附缴款凭证。';

let submitter: string;
let reviewer: string;
let secondReviewer: string;
let selfReviewer: string;
let otherSubmitter: string;
let s3: S3Client;
let db: DocumentClient;
/** The platform's own challenge key, read from its table: a solved challenge without the work (ADR 0016). */
let challenges: DynamoChallengeStore;

beforeAll(async () => {
  submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
  reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
  secondReviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'sun.li' });
  // The submitter of a correction, holding the reviewer role as well: R2 still refuses her approval.
  selfReviewer = await tokenFor({ agency: AGENCY, roles: ['submitter', 'reviewer'], user: 'li.na' });
  otherSubmitter = await tokenFor({ agency: OTHER, roles: ['submitter'], user: 'hu.bin' });
  s3 = new S3Client(localS3Config(inject('s3Endpoint')));
  db = createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));
  challenges = new DynamoChallengeStore({ client: db, tableName: inject('tableName') });
});
afterAll(() => {
  s3.destroy();
  db.destroy();
});

const eventually = eventuallyWithin(30_000);

async function publishedDecision(body: unknown = companyPenalty()) {
  const created = await call('POST', '/v1/decisions', { token: submitter, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const approved = await call('POST', `/v1/decisions/${created.body.id}/review`, {
    token: reviewer,
    headers: { 'if-match': `"${created.body.version}"` },
    body: { outcome: 'approve', comment: '同意公开' },
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return eventually(async () => {
    const reply = await call('GET', `/v1/decisions/${created.body.id}`, { token: submitter });
    expect(reply.body.status).toBe('published');
    return reply.body;
  });
}

function filing(decisionId: string, overrides: Record<string, unknown> = {}) {
  return { decisionId, what: WHAT, evidence: EVIDENCE, contact: CONTACT, ...overrides };
}

/** Someone else: a contact of their own. */
const someone = (n: number) => ({
  name: `申请人${n}`,
  phone: `137${String(n).padStart(8, '0')}`,
  email: `r${n}.${marker}@example.com`,
});

/** As the site's form files with JavaScript on: with a solved challenge. */
async function file(decisionId: string, overrides: Record<string, unknown> = {}, ip = freshClient()) {
  const challenge = await solvedChallenge(challenges, new Date());
  return callFrom(ip, 'POST', '/v1/corrections', { body: filing(decisionId, { challenge, ...overrides }) });
}

async function openRequests(token = submitter, query = '') {
  const items: {
    id: string;
    decisionId: string;
    attachments?: { check: string }[];
    [key: string]: unknown;
  }[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(
      'GET',
      `/v1/corrections?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token },
    );
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.cursor;
  } while (cursor);
  return items;
}

function expectNoContact(text: string, where: string) {
  for (const value of Object.values(CONTACT)) expect(text, `${where} holds ${value}`).not.toContain(value);
}

let decision: { id: string; version: number; decision: Record<string, unknown> };
let jsonRequest: { id: string; statusUrl: string };
let formRequestUrl: string;

describe('filing and following a correction request (R9)', () => {
  beforeAll(async () => {
    decision = await publishedDecision();
  });

  it('files as JSON without a token: 201, a ticket id, its status URL, the answer deadline and presigned uploads', async () => {
    const reply = await file(decision.id, {
      attachments: [
        { name: '决定书第2页.pdf', contentType: 'application/pdf', size: 2048 },
        { name: '缴款凭证.png', contentType: 'image/png', size: 100 },
      ],
    });
    expect(reply.status, reply.text).toBe(201);
    const { request, statusUrl, uploads } = reply.body;
    expect(statusUrl).toBe(`${inject('apiUrl')}/v1/corrections/${request.id}`);
    expect(reply.headers.get('location')).toBe(statusUrl);
    const today = shanghaiDate(new Date());
    const due = correctionAnswerDeadline(today, DEFAULT_AGENCY_SETTINGS(AGENCY), createDefaultCalendar()).due;
    expect(request).toMatchObject({ decisionId: decision.id, status: 'open', filedOn: today, answerBy: due });
    expect(uploads).toHaveLength(2);
    expectNoContact(reply.text, 'the filing answer');
    jsonRequest = { id: request.id, statusUrl };

    // The presigned PUT round trip to the local S3 server: the file lands in the private uploads bucket.
    const [pdf, png] = uploads as { url: string; headers: Record<string, string>; size: number }[];
    if (!pdf || !png) throw new Error('two uploads expected');
    const put = await fetch(pdf.url, {
      method: 'PUT',
      headers: pdf.headers,
      body: Buffer.alloc(2048, 7),
    });
    expect(put.status).toBe(200);
    const head = await s3.send(
      new HeadObjectCommand({
        Bucket: inject('uploadsBucket'),
        Key: `quarantine/correction-requests/${request.id}/1`,
      }),
    );
    expect(head).toMatchObject({ ContentLength: 2048, ContentType: 'application/pdf' });
    // s3rver checks no signature: a file of another size gets in locally (S3 refuses it), and the agency sees it.
    await fetch(png.url, { method: 'PUT', headers: png.headers, body: Buffer.alloc(5000, 1) });
    const listed = (await openRequests()).find((r) => r.id === request.id);
    expect(listed?.attachments?.map((a) => a.check)).toEqual(['ok', 'mismatch']);
    // The agency's staff download it through a 5-minute presigned GET, offered as a file under its name.
    const download = (listed?.attachments?.[0] as { download?: { url: string; expiresAt: string } })
      ?.download;
    expect(Date.parse(download?.expiresAt ?? '') - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    const got = await fetch(download?.url ?? '');
    expect(got.status).toBe(200);
    expect((await got.arrayBuffer()).byteLength).toBe(2048);
    expect(got.headers.get('content-disposition')).toContain('attachment');
    expect(decodeURIComponent(got.headers.get('content-disposition') ?? '')).toContain('决定书第2页.pdf');
    // Evidence is never on the site.
    expect(
      [...(await allSiteObjects(s3, inject('siteBucket'))).keys()].some((key) => key.includes('quarantine')),
    ).toBe(false);
  });

  it('follows it as JSON and as an HTML page, without the contact or the requester’s texts', async () => {
    const json = await callFrom(freshClient(), 'GET', `/v1/corrections/${jsonRequest.id}`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(json.body).toMatchObject({
      id: jsonRequest.id,
      status: 'open',
      statusLabel: '待答复',
      attachments: 2,
    });
    expectNoContact(json.text, 'the status JSON');
    expect(json.text).not.toContain(marker);
    const page = await callFrom(freshClient(), 'GET', `/v1/corrections/${jsonRequest.id}`, {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.text).toContain('待答复');
    expect(page.text).toContain(`${inject('siteUrl')}/decisions/${decision.id}.html`);
    expectNoContact(page.text, 'the status page');
    expect(page.text).not.toContain(marker);

    const unknown = await callFrom(freshClient(), 'GET', '/v1/corrections/01K0000000000000000000NONE');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    // The public reads the answer in Chinese; the English stays beside it.
    expect(unknown.body).toMatchObject({
      code: 'not_found',
      detail: expect.stringMatching(/^未找到/),
      detailEn: expect.any(String),
    });
    const unknownPage = await callFrom(freshClient(), 'GET', '/v1/corrections/01K0000000000000000000NONE', {
      headers: { accept: 'text/html' },
    });
    expect(unknownPage.status).toBe(404);
    expect(unknownPage.text).toContain('未找到该更正申请');
    // The front page's lookup, the third public route, refuses in Chinese too.
    const lookup = await callFrom(freshClient(), 'GET', '/v1/lookup?q=%20-');
    expect(lookup.status).toBe(400);
    expect(lookup.body).toMatchObject({
      code: 'invalid_query',
      detail: expect.stringMatching(/^请输入统一社会信用代码/),
      detailEn: expect.stringMatching(/^enter a unified social credit code/),
    });
  });

  it('files from the HTML form without JavaScript: 303 to the status page', async () => {
    const reply = await callFrom(freshClient(), 'POST', '/v1/corrections', {
      form: { decisionId: decision.id, what: WHAT, evidence: EVIDENCE, ...CONTACT },
      headers: { accept: 'text/html' },
    });
    expect(reply.status, reply.text).toBe(303);
    const location = reply.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^${inject('apiUrl')}/v1/corrections/[0-9A-Z]{26}$`));
    formRequestUrl = location;
    const page = await fetch(location, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>更正申请');
  });

  it("takes the form from the site's own pages only: another origin is refused (403) and nothing stored", async () => {
    const before = (await openRequests()).length;
    const site = new URL(inject('siteUrl')).origin;
    const forged = await callFrom(freshClient(), 'POST', '/v1/corrections', {
      form: { decisionId: decision.id, what: WHAT, evidence: EVIDENCE, ...someone(7) },
      headers: { accept: 'text/html', origin: 'https://attacker.example' },
    });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('请通过公示网站上该决定页面的表单提交更正申请');
    expect((await openRequests()).length).toBe(before);
    const own = await callFrom(freshClient(), 'POST', '/v1/corrections', {
      form: { decisionId: decision.id, what: WHAT, evidence: EVIDENCE, ...someone(8) },
      headers: { accept: 'text/html', origin: site },
    });
    expect(own.status, own.text).toBe(303);
    expect((await openRequests()).length).toBe(before + 1);
  });

  it("takes the form from the site's script with evidence declared: JSON and upload URLs the site may read", async () => {
    const site = new URL(inject('siteUrl')).origin;
    const form = (files: Record<string, string>, who = someone(11)) =>
      callFrom(freshClient(), 'POST', '/v1/corrections', {
        form: { decisionId: decision.id, what: WHAT, evidence: EVIDENCE, ...who, ...files },
        headers: { accept: 'application/json', origin: site },
      });
    const before = (await openRequests()).length;
    // Bad input: problem+json the page's script can read, and nothing stored.
    for (const [files, status] of [
      [
        {
          'attachments.0.name': 'a.exe',
          'attachments.0.contentType': 'application/x-msdownload',
          'attachments.0.size': '10',
        },
        422,
      ],
      [
        {
          'attachments.0.name': 'a.pdf',
          'attachments.0.contentType': 'application/pdf',
          'attachments.0.size': String(10 * 1024 * 1024 + 1),
        },
        422,
      ],
      [
        {
          'attachments.0.name': 'a.pdf',
          'attachments.0.contentType': 'application/pdf',
          'attachments.0.size': 'many',
        },
        400,
      ],
      [{ 'attachments.0.name': 'a.pdf', 'attachments.0.contentType': 'application/pdf' }, 400],
    ] as const) {
      const refused = await form(files);
      expect(refused.status, refused.text).toBe(status);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.headers.get('access-control-allow-origin')).toBe(site);
    }
    expect((await openRequests()).length).toBe(before);
    const filed = await form({
      'attachments.0.name': '决定书.pdf',
      'attachments.0.contentType': 'application/pdf',
      'attachments.0.size': '1024',
    });
    expect(filed.status, filed.text).toBe(201);
    expect(filed.headers.get('access-control-allow-origin')).toBe(site);
    expect(filed.body.uploads).toMatchObject([{ name: '决定书.pdf', size: 1024, method: 'PUT' }]);
    expect(filed.body.statusUrl).toBe(`${inject('apiUrl')}/v1/corrections/${filed.body.request.id}`);
    // The local uploads bucket lets the site's pages PUT there (CORS), as the bucket on AWS does.
    const preflight = await fetch(filed.body.uploads[0].url, {
      method: 'OPTIONS',
      headers: {
        origin: site,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
  });

  it('answers a bad form with the form again, what to fix and the input (400), and stores nothing', async () => {
    const before = (await openRequests()).length;
    const reply = await callFrom(freshClient(), 'POST', '/v1/corrections', {
      form: { decisionId: decision.id, what: WHAT, evidence: '', name: '张三', phone: '12345', email: '' },
    });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toContain('text/html');
    expect(reply.text).toContain('申请没有提交');
    expect(reply.text).toContain('请填写证据说明');
    expect(reply.text).toContain('联系电话应为手机号码');
    expect(reply.text).toContain(`value="张三"`);
    expect(reply.text).toContain(`<form class="correction-form" method="post"`);
    const unknown = await callFrom(freshClient(), 'POST', '/v1/corrections', {
      form: { decisionId: '01K0000000000000000000NONE', what: WHAT, evidence: EVIDENCE, ...CONTACT },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('未找到该公示决定');
    expect((await openRequests()).length).toBe(before);
  });
});

describe("the agency's side (R9)", () => {
  it('lists its open requests with deadlines and the contact; another agency and the public see none', async () => {
    const mine = await openRequests();
    const request = mine.find((r) => r.id === jsonRequest.id);
    expect(request).toMatchObject({
      decisionId: decision.id,
      status: 'open',
      overdue: false,
      contact: CONTACT,
      what: WHAT,
      deadline: {
        kind: 'correction_answer',
        rule: 'R9',
        explanation: expect.stringContaining('答复更正申请的期限'),
      },
    });
    expect((await openRequests(otherSubmitter)).map((r) => r.id)).not.toContain(jsonRequest.id);
    expect((await callFrom(freshClient(), 'GET', '/v1/corrections')).status).toBe(401);
  });

  it("shows a platform operator the requests and their deadlines, never the requester's contact", async () => {
    const operator = await tokenFor({ agency: 'province', roles: ['operator'], user: 'ops.zhang' });
    const listed = await openRequests(operator, `&agency=${AGENCY}`);
    const seen = listed.find((r) => r.id === jsonRequest.id);
    expect(seen).toMatchObject({ decisionId: decision.id, what: WHAT, contact: null, allowedActions: [] });
    expectNoContact(JSON.stringify(listed), 'the operator’s list');
    // The agency that answers still sees it.
    expect((await openRequests()).find((r) => r.id === jsonRequest.id)).toMatchObject({ contact: CONTACT });
    expect(
      (
        await call('POST', `/v1/corrections/${jsonRequest.id}/answer`, {
          token: otherSubmitter,
          body: { outcome: 'reject', reasons: '无' },
        })
      ).status,
    ).toBe(404);
  });

  it('rejects with reasons, which the requester then reads', async () => {
    const id = formRequestUrl.split('/').at(-1) as string;
    const noReason = await call('POST', `/v1/corrections/${id}/answer`, {
      token: reviewer,
      body: { outcome: 'reject', reasons: '' },
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.code).toBe('reasons_required');
    const rejected = await call('POST', `/v1/corrections/${id}/answer`, {
      token: reviewer,
      body: { outcome: 'reject', reasons: '经核对，公示内容与决定书原件一致。' },
    });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(rejected.body.request).toMatchObject({ status: 'rejected', answer: { outcome: 'reject' } });
    const status = await callFrom(freshClient(), 'GET', `/v1/corrections/${id}`);
    expect(status.body).toMatchObject({
      status: 'rejected',
      answer: { outcome: 'reject', reasons: '经核对，公示内容与决定书原件一致。' },
    });
    const again = await call('POST', `/v1/corrections/${id}/answer`, {
      token: reviewer,
      body: { outcome: 'reject', reasons: '再次' },
    });
    expect(again.status).toBe(409);
  });

  it('accepts: a correction awaits review, a different reviewer approves it, and the site shows it', async () => {
    const current = (await call('GET', `/v1/decisions/${decision.id}`, { token: submitter })).body;
    const corrected = { ...current.decision, result: `罚款人民币叁万元（${marker}）` };
    const byReviewer = await call('POST', `/v1/corrections/${jsonRequest.id}/answer`, {
      token: reviewer,
      body: { outcome: 'accept', decision: corrected },
      headers: { 'if-match': `"${current.version}"` },
    });
    expect(byReviewer.status).toBe(403);
    const noIfMatch = await call('POST', `/v1/corrections/${jsonRequest.id}/answer`, {
      token: submitter,
      body: { outcome: 'accept', decision: corrected },
    });
    expect(noIfMatch.status).toBe(428);
    const accepted = await call('POST', `/v1/corrections/${jsonRequest.id}/answer`, {
      token: submitter,
      body: { outcome: 'accept', reasons: '罚款金额更正为叁万元', decision: corrected },
      headers: { 'if-match': `"${current.version}"` },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.correction).toMatchObject({ status: 'published', underReview: true });
    expect(accepted.body.request).toMatchObject({
      status: 'accepted',
      answer: { outcome: 'accept', correctionVersion: current.version + 1 },
    });
    // R2: not by the person who submitted the correction, even holding the reviewer role.
    const self = await call('POST', `/v1/decisions/${decision.id}/review`, {
      token: selfReviewer,
      headers: await currentIfMatch(selfReviewer, decision.id),
      body: { outcome: 'approve', comment: '同意' },
    });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('self_review');
    const approved = await call('POST', `/v1/decisions/${decision.id}/review`, {
      token: secondReviewer,
      headers: await currentIfMatch(secondReviewer, decision.id),
      body: { outcome: 'approve', comment: '同意更正' },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const page = await eventually(async () => {
      const reply = await fetch(new URL(`decisions/${decision.id}.html`, `${inject('siteUrl')}/`));
      const text = await reply.text();
      expect(text).toContain(`罚款人民币叁万元（${marker}）`);
      return text;
    });
    expect(page).toContain('更正于');
    // R8: the requester's status page says the correction is public, from when, and where (read from the decision).
    const status = await eventually(async () => {
      const reply = await callFrom(freshClient(), 'GET', `/v1/corrections/${jsonRequest.id}`);
      expect(reply.body.correction).not.toBeNull();
      return reply;
    });
    const today = shanghaiDate(new Date());
    expect(status.body).toMatchObject({
      status: 'accepted',
      statusLabel: '已更正并公开',
      answer: { outcome: 'accept' },
      correction: { publishedOn: today },
    });
    const statusPage = await callFrom(freshClient(), 'GET', `/v1/corrections/${jsonRequest.id}`, {
      headers: { accept: 'text/html' },
    });
    expect(statusPage.text).toContain(
      `<strong>已更正并公开</strong>：更正后的内容已于 <time datetime="${today}">`,
    );
    expect(statusPage.text).not.toContain('正在更正');
    expect(statusPage.text).toContain(`${inject('siteUrl')}/decisions/${decision.id}.html`);
  });

  it('never lets the contact reach the public side: every object of the site bucket, the feeds included', async () => {
    const objects = await allSiteObjects(s3, inject('siteBucket'));
    expect(objects.has('feed.json')).toBe(true);
    expect(objects.has('atom.xml')).toBe(true);
    for (const [key, body] of objects) expectNoContact(body, key);
    // The decision page carries the form, which posts to the API.
    expect(objects.get(`decisions/${decision.id}.html`)).toContain(
      `action="${inject('apiUrl')}/v1/corrections"`,
    );
  });
});

describe('flood and bad input (R9)', () => {
  it('throttles a flood from one client: 5 filed, the rest 429 with Retry-After, nothing stored beyond', async () => {
    const target = await publishedDecision();
    const ip = freshClient();
    const replies = [];
    // Eight people behind one address (their own contacts): the address's rate is what refuses.
    for (let i = 0; i < 8; i++) replies.push(await file(target.id, { contact: someone(i) }, ip));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    const refused = replies[7];
    expect(refused?.headers.get('content-type')).toContain('application/problem+json');
    expect(refused?.body).toMatchObject({
      status: 429,
      code: 'rate_limited',
      detail: expect.stringMatching(/^请求过于频繁，请约\d+分钟后再试/),
    });
    const retryAfter = Number(refused?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    const form = await callFrom(ip, 'POST', '/v1/corrections', {
      form: { decisionId: target.id, what: WHAT, evidence: EVIDENCE, ...CONTACT },
    });
    expect(form.status).toBe(429);
    expect(form.headers.get('retry-after')).toEqual(expect.any(String));
    expect(form.text).toContain('提交过于频繁');
    const stored = (await openRequests()).filter((r) => r.decisionId === target.id);
    expect(stored).toHaveLength(5);
    // Another client is not affected.
    expect((await file(target.id)).status).toBe(201);
  });

  it('takes 2 filings per address without a solved challenge, and holds them out of the figures until answered', async () => {
    const target = await publishedDecision();
    const ip = freshClient();
    const replies = [];
    for (let i = 0; i < 3; i++)
      replies.push(
        await callFrom(ip, 'POST', '/v1/corrections', {
          body: filing(target.id, { contact: someone(500 + i) }),
        }),
      );
    expect(replies.map((r) => r.status)).toEqual([201, 201, 429]);
    const stored = (await openRequests()).filter((r) => r.decisionId === target.id);
    expect(stored.map((r) => r.challenge)).toEqual(['none', 'none']);
    const today = shanghaiDate(new Date());
    const report = await call('GET', `/v1/reports/compliance?agency=${AGENCY}&from=${today}&to=${today}`, {
      token: reviewer,
    });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const heldIds = report.body.correctionRequestsHeld.requests.map((r: { id: string }) => r.id);
    const filedIds = report.body.correctionRequestsFiled.requests.map((r: { id: string }) => r.id);
    for (const r of stored) {
      expect(heldIds).toContain(r.id);
      expect(filedIds).not.toContain(r.id);
    }
  });

  it('hands out a challenge the page solves by trying numbers; its solution files once, then 422 and nothing stored', async () => {
    const target = await publishedDecision();
    const asked = await call('GET', '/v1/corrections/challenge');
    expect(asked.status).toBe(200);
    expect(asked.headers.get('cache-control')).toBe('no-store');
    expect(asked.headers.get('access-control-allow-origin')).toBe('*');
    expect(asked.body).toMatchObject({ algorithm: 'SHA-256', maxnumber: CHALLENGE_MAX_NUMBER });
    const found = await solveChallenge(asked.body.challenge, asked.body.salt, 'SHA-256', CHALLENGE_MAX_NUMBER)
      .promise;
    const challenge = payloadOf({ ...asked.body, number: found?.number ?? -1 });
    const filed = await callFrom(freshClient(), 'POST', '/v1/corrections', {
      body: filing(target.id, { challenge, contact: someone(600) }),
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const again = await callFrom(freshClient(), 'POST', '/v1/corrections', {
      body: filing(target.id, { challenge, contact: someone(601) }),
    });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({
      code: 'challenge_failed',
      detail: expect.stringMatching(/验证/),
      errors: [{ field: 'challenge', code: 'challenge_failed', message: expect.stringMatching(/验证/) }],
    });
    const form = await callFrom(freshClient(), 'POST', '/v1/corrections', {
      form: { decisionId: target.id, what: WHAT, evidence: EVIDENCE, ...someone(602), challenge },
      headers: { accept: 'text/html', origin: new URL(inject('siteUrl')).origin },
    });
    expect(form.status).toBe(400);
    expect(form.text).toContain('刷新页面');
    const stored = (await openRequests()).filter((r) => r.decisionId === target.id);
    expect(stored.map((r) => [r.id, r.challenge])).toEqual([[filed.body.request.id, 'solved']]);
  });

  it('holds one requester to 3 open requests on a decision, whatever the address; a flood never blocks another', async () => {
    const target = await publishedDecision();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await file(target.id)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const refused = await file(target.id, { contact: { name: '刘先生', phone: CONTACT.phone } });
    expect(refused.body).toMatchObject({ status: 429, code: 'too_many_open_requests' });
    // Forty others, each from an address and with a contact of their own: all taken, and so is the next one.
    for (let i = 0; i < 40; i++)
      expect((await file(target.id, { contact: someone(100 + i) })).status).toBe(201);
    expect((await file(target.id, { contact: someone(999) })).status).toBe(201);
  });

  it('answers bad input with a 4xx problem, never a 500, and stores nothing', async () => {
    const target = await publishedDecision();
    const unpublished = (await call('POST', '/v1/decisions', { token: submitter, body: companyPenalty() }))
      .body;
    const withdrawn = await publishedDecision();
    const takenDown = await call('POST', `/v1/decisions/${withdrawn.id}/withdraw`, {
      token: submitter,
      headers: await currentIfMatch(submitter, withdrawn.id),
      body: {
        reason: 'revoked',
        legalEventDate: shanghaiDate(new Date()),
        explanation: '原处罚决定已被撤销',
      },
    });
    expect(takenDown.status).toBe(200);
    // One client for all of them: refused input does not use up its filings either.
    const ip = freshClient();
    const json = (body: unknown) => callFrom(ip, 'POST', '/v1/corrections', { body });
    const cases: [string, Promise<{ status: number; headers: Headers }>, number][] = [
      ['an empty object', json({}), 400],
      ['missing contact', json({ decisionId: target.id, what: WHAT, evidence: EVIDENCE }), 400],
      ['wrong types', json({ ...filing(target.id), what: 123, attachments: 'x' }), 400],
      ['an unknown field', json({ ...filing(target.id), secret: 1 }), 400],
      ['a huge string', json(filing(target.id, { what: '错'.repeat(50_000) })), 400],
      ['a string over the domain limit', json(filing(target.id, { what: '错'.repeat(2_001) })), 422],
      ['no phone nor e-mail', json(filing(target.id, { contact: { name: '张三' } })), 422],
      [
        'a forbidden file type',
        json(
          filing(target.id, {
            attachments: [{ name: 'a.exe', contentType: 'application/x-msdownload', size: 10 }],
          }),
        ),
        422,
      ],
      [
        'six files',
        json(
          filing(target.id, {
            attachments: Array(6).fill({ name: 'a.pdf', contentType: 'application/pdf', size: 10 }),
          }),
        ),
        422,
      ],
      ['an unknown decision', json(filing('01K0000000000000000000NONE')), 404],
      ['an id with a key separator', json(filing('abc#def')), 400],
      ['an unpublished decision', json(filing(unpublished.id)), 404],
      ['a withdrawn decision', json(filing(withdrawn.id)), 409],
      [
        'malformed JSON',
        callFrom(ip, 'POST', '/v1/corrections', {
          raw: '{"what":',
          headers: { 'content-type': 'application/json' },
        }),
        400,
      ],
      [
        'plain text',
        callFrom(ip, 'POST', '/v1/corrections', { raw: 'hello', headers: { 'content-type': 'text/plain' } }),
        415,
      ],
      ['a body over 1 MB', json({ ...filing(target.id), evidence: 'x'.repeat(1_100_000) }), 413],
    ];
    for (const [name, reply, status] of cases) {
      const answered = await reply;
      expect(answered.status, name).toBe(status);
      expect(answered.headers.get('content-type'), name).toContain('application/problem+json');
    }
    const stored = (await openRequests()).filter((r) =>
      [target.id, unpublished.id, withdrawn.id].includes(r.decisionId),
    );
    expect(stored).toEqual([]);
    expect((await file(target.id, {}, ip)).status).toBe(201);
  });
});
