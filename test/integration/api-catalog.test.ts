/**
 * The catalogue over HTTP on the local platform (R10): the real handlers behind the local API, DynamoDB Local,
 * the S3 server (uploads by presigned PUT, the site bucket) and the stream poller feeding the publisher.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/aws-config.ts';
import { createDefaultCalendar } from '../../shared/domain/calendar/sources.ts';
import { lawChangeDeadline } from '../../shared/domain/catalog.ts';
import { addDays, type LocalDate, shanghaiDate } from '../../shared/domain/dates.ts';
import type { CatalogStore, CorrectionRequestStore, Dependencies } from '../../shared/ports.ts';
import {
  dutiesInput,
  flowchartInput,
  HAZCHEM_REGULATION,
  licenceInput,
  PNG_BYTES,
  staffInput,
} from '../fixtures/catalog.ts';
import { agencyId } from './fixtures/decisions.ts';
import { eventuallyWithin } from './support/eventually.ts';
import { call } from './support/http.ts';
import { tokenFor } from './support/tokens.ts';

const AGENCY = agencyId('siping-cat');
let submitter: string;
let reviewer: string;
let author: string;
let operator: string;
let deps: Dependencies & { readonly requests: CorrectionRequestStore };
let catalog: CatalogStore;
let sweep: typeof import('../../shared/app/sweeps.ts').deadlineSweep;
const saved = { ...process.env };

beforeAll(async () => {
  submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
  reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
  author = await tokenFor({ agency: AGENCY, roles: ['submitter', 'reviewer'], user: 'zhao.lei' });
  operator = await tokenFor({ agency: 'platform', roles: ['operator'], user: 'ops.sun' });
  // The deadline sweep runs in this worker, as `npm run sweep` does beside `npm start`: on the platform's table.
  Object.assign(process.env, {
    TABLE_NAME: inject('tableName'),
    GONGSHI_DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  });
  ({ catalog } = await import('../../functions/lib/ports/catalog.ts'));
  // The sweep counts overdue correction answers (R9) too: the composition root with the request store.
  deps = (await import('../../functions/lib/corrections.ts')).correctionDeps;
  sweep = (await import('../../shared/app/sweeps.ts')).deadlineSweep;
});

afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
});

async function site(path: string) {
  const response = await fetch(new URL(path, inject('siteUrl')));
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
}
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

/** Polls until the check passes: the platform publishes from the stream, within seconds. */
const eventually = eventuallyWithin(30_000);

/** The client's upload: PUT the bytes to the presigned URL with the headers it names. */
async function upload(instruction: { url: string; headers: Record<string, string> }, bytes: Uint8Array) {
  const { 'content-length': _set, ...headers } = instruction.headers;
  const response = await fetch(instruction.url, { method: 'PUT', headers, body: bytes });
  expect(response.status, await response.text()).toBe(200);
}

async function publishedItem(id: string) {
  return eventually(async () => {
    const reply = await call('GET', `/v1/catalog/items/${id}`, { token: submitter });
    expect(reply.body.status).toBe('published');
    return reply.body;
  });
}

describe('the catalogue API (R10)', () => {
  it('publishes an item after review, with its flowchart; a revision replaces it after a second review', async () => {
    const created = await call('POST', '/v1/catalog/items', { token: submitter, body: flowchartInput() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/catalog/items/${created.body.id}`);
    expect(created.body).toMatchObject({ status: 'pending_review', kind: 'flowcharts', version: 1 });
    const { id } = created.body;

    // Declared but not uploaded: the approval is refused, nothing changes.
    const early = await call('POST', `/v1/catalog/items/${id}/review`, {
      token: reviewer,
      body: { outcome: 'approve' },
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('attachment_missing');

    await upload(created.body.uploads[0], PNG_BYTES);
    const approved = await call('POST', `/v1/catalog/items/${id}/review`, {
      token: reviewer,
      body: { outcome: 'approve', comment: '同意公开' },
      headers: { 'if-match': '"1"' },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'publishing', attachments: [{ uploaded: true }] });

    const published = await publishedItem(id);
    expect(published.publishedAt).toEqual(expect.any(String));
    const page = await site(`catalog/${AGENCY}/${id}.html`);
    expect(page.status).toBe(200);
    expect(text(page.bytes)).toContain('行政处罚流程图');
    const file = await site(`catalog/${AGENCY}/files/${id}-1-1.png`);
    expect(file.status).toBe(200);
    expect([...file.bytes]).toEqual([...PNG_BYTES]);
    const json = JSON.parse(text((await site(`catalog/${AGENCY}/${id}.json`)).bytes));
    expect(json).toMatchObject({ id, kindNumber: 17, revision: 1 });
    expect(text((await site(`catalog/${AGENCY}/index.html`)).bytes)).toContain(`${id}.html`);
    expect(text((await site('catalog/index.html')).bytes)).toContain(`${AGENCY}/index.html`);

    const revised = await call('PUT', `/v1/catalog/items/${id}`, {
      token: submitter,
      body: flowchartInput({ title: '行政处罚流程图（修订）' }),
      headers: { 'if-match': `"${published.version}"` },
    });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.body).toMatchObject({ status: 'published', pendingRevision: 2, publicRevision: 1 });
    await upload(revised.body.uploads[0], PNG_BYTES);
    const again = await call('POST', `/v1/catalog/items/${id}/review`, {
      token: reviewer,
      body: { outcome: 'approve' },
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    await eventually(async () => {
      expect(text((await site(`catalog/${AGENCY}/${id}.html`)).bytes)).toContain('行政处罚流程图（修订）');
    });
    expect((await site(`catalog/${AGENCY}/files/${id}-2-1.png`)).status).toBe(200);
    const audit = (await publishedItem(id)).audit;
    expect(audit.verification.valid).toBe(true);
    expect(audit.events.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'approve',
      'publish',
      'revise',
      'approve',
      'publish',
    ]);
  });

  it('gives the reviewer a short-lived link to download each uploaded file, with its SHA-256; the submitter no second upload URL (R2)', async () => {
    const created = await call('POST', '/v1/catalog/items', { token: submitter, body: flowchartInput() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id } = created.body;
    const [instruction] = created.body.uploads;
    // Minutes, not an hour; signed so that S3 refuses a second PUT.
    expect(Date.parse(instruction.expiresAt) - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    expect(instruction.headers).toMatchObject({ 'content-type': 'image/png', 'if-none-match': '*' });
    // Declared, not yet uploaded: a fresh URL for the submitter, nothing to download.
    const waiting = await call('GET', `/v1/catalog/items/${id}`, { token: submitter });
    expect(waiting.status, JSON.stringify(waiting.body)).toBe(200);
    expect(waiting.body.uploads).toHaveLength(1);
    expect(waiting.body.attachments[0]).toMatchObject({ uploaded: false, sha256: null, download: null });

    await upload(instruction, PNG_BYTES);
    const shown = await call('GET', `/v1/catalog/items/${id}`, { token: reviewer });
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    const [attachment] = shown.body.attachments;
    const sha256 = createHash('sha256').update(PNG_BYTES).digest('hex');
    // The local S3 server keeps no versions: versionId is null here, the bucket's version on AWS.
    expect(attachment).toMatchObject({
      uploaded: true,
      sha256,
      versionId: null,
      download: { method: 'GET' },
    });
    expect(Date.parse(attachment.download.expiresAt) - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    const downloaded = await fetch(attachment.download.url);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-disposition')).toContain('attachment');
    expect([...new Uint8Array(await downloaded.arrayBuffer())]).toEqual([...PNG_BYTES]);
    const own = await call('GET', `/v1/catalog/items/${id}`, { token: submitter });
    expect(own.body.uploads).toEqual([]);
    expect(own.body.attachments[0].download).toMatchObject({ method: 'GET' });

    const approved = await call('POST', `/v1/catalog/items/${id}/review`, {
      token: reviewer,
      body: { outcome: 'approve', comment: '同意公开' },
      headers: { 'if-match': `"${shown.body.version}"` },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.revisions[0].approvedFiles).toEqual([{ n: 1, sha256 }]);
  });

  it('publishes what was approved byte for byte, or nothing: a file replaced through its upload URL after the approval never reaches the site (R2)', async () => {
    const created = await call('POST', '/v1/catalog/items', { token: submitter, body: flowchartInput() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id } = created.body;
    const [instruction] = created.body.uploads;
    await upload(instruction, PNG_BYTES);
    const approved = await call('POST', `/v1/catalog/items/${id}/review`, {
      token: reviewer,
      body: { outcome: 'approve', comment: '同意公开' },
      headers: { 'if-match': '"1"' },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    // The upload URL is still valid: the same size and type, other bytes. S3 refuses it (If-None-Match: * is
    // signed in); the S3 server here takes it, and the SHA-256 the approval recorded is what binds the file.
    const replacement = PNG_BYTES.map((b, i) => (i === PNG_BYTES.length - 1 ? b ^ 0xff : b));
    const { 'content-length': _set, ...headers } = instruction.headers;
    const replaced = await fetch(instruction.url, { method: 'PUT', headers, body: replacement });
    expect([200, 412]).toContain(replaced.status);

    // The stream delivers in order: once an item approved after it is published, this one has been handled.
    const marker = await call('POST', '/v1/catalog/items', { token: submitter, body: dutiesInput() });
    await call('POST', `/v1/catalog/items/${marker.body.id}/review`, {
      token: reviewer,
      body: { outcome: 'approve' },
    });
    await publishedItem(marker.body.id);
    const item = await call('GET', `/v1/catalog/items/${id}`, { token: reviewer });
    const file = await site(`catalog/${AGENCY}/files/${id}-1-1.png`);
    if (item.body.status === 'published') {
      expect(file.status).toBe(200);
      expect([...file.bytes]).toEqual([...PNG_BYTES]);
    } else {
      // Nothing of the item: no file, no page; it stays publishing, which the reconcile sweep retries and alarms on.
      expect(item.body.status).toBe('publishing');
      expect(file.status).toBe(404);
      expect((await site(`catalog/${AGENCY}/${id}.html`)).status).toBe(404);
    }
    expect([...file.bytes]).not.toEqual([...replacement]);
    expect(approved.body.revisions[0].approvedFiles).toEqual([
      { n: 1, sha256: createHash('sha256').update(PNG_BYTES).digest('hex') },
    ]);
  });

  it('refuses self-review with 403 and a reviewer of another agency with 404 (R2)', async () => {
    const created = await call('POST', '/v1/catalog/items', { token: author, body: dutiesInput() });
    expect(created.status).toBe(201);
    const self = await call('POST', `/v1/catalog/items/${created.body.id}/review`, {
      token: author,
      body: { outcome: 'approve' },
    });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('self_review');
    const stranger = await tokenFor({
      agency: agencyId('changzhi-cat'),
      roles: ['reviewer'],
      user: 'chen.gang',
    });
    const foreign = await call('POST', `/v1/catalog/items/${created.body.id}/review`, {
      token: stranger,
      body: { outcome: 'approve' },
    });
    expect(foreign.status).toBe(404);
    const asSubmitter = await call('POST', `/v1/catalog/items/${created.body.id}/review`, {
      token: submitter,
      body: { outcome: 'approve' },
    });
    expect(asSubmitter.status).toBe(403);
    expect(asSubmitter.body.code).toBe('role_required');
    const after = await call('GET', `/v1/catalog/items/${created.body.id}`, { token: reviewer });
    expect(after.body).toMatchObject({ status: 'pending_review', version: 1 });
  });

  it('sets an update deadline 20 working days after a law change, which the deadline sweep reports once passed', async () => {
    const agency = agencyId('siping-law');
    const sub = await tokenFor({ agency, roles: ['submitter'], user: 'li.na' });
    const rev = await tokenFor({ agency, roles: ['reviewer'], user: 'wang.fang' });
    const ids: string[] = [];
    for (const body of [licenceInput(), dutiesInput(), staffInput()]) {
      const created = await call('POST', '/v1/catalog/items', { token: sub, body });
      await call('POST', `/v1/catalog/items/${created.body.id}/review`, {
        token: rev,
        body: { outcome: 'approve' },
      });
      ids.push(created.body.id);
    }
    const [licence, duties, staff] = ids as [string, string, string];
    const effectiveDate = shanghaiDate(new Date());
    const due = lawChangeDeadline(effectiveDate, createDefaultCalendar()).due;
    const recorded = await call('POST', '/v1/catalog/law-changes', {
      token: sub,
      body: {
        title: `${HAZCHEM_REGULATION}修订`,
        kind: 'regulation',
        effectiveDate,
        legalBasisContains: HAZCHEM_REGULATION,
      },
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect(recorded.body.lawChange).toMatchObject({ agencyId: agency, deadline: { due, rule: 'R10' } });
    expect(recorded.body.items.map((i: { id: string }) => i.id).sort()).toEqual([licence, duties].sort());
    const listed = await call('GET', '/v1/catalog/items?limit=10', { token: rev });
    expect(listed.status).toBe(200);
    const byId = new Map(listed.body.items.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(licence)).toMatchObject({ updateDue: { due }, overdue: false });
    expect(byId.get(staff)).toMatchObject({ updateDue: null, overdue: false });

    const at = (date: LocalDate, time: string) => new Date(`${date}T${time}+08:00`);
    const onTime = await sweep({ ...deps, catalog }, at(due, '23:00:00'));
    expect(onTime.overdueCatalogItemIds).not.toContain(licence);
    const late = await sweep({ ...deps, catalog }, at(addDays(due, 1), '00:30:00'));
    expect(late.overdueCatalogItemIds).toEqual(expect.arrayContaining([licence, duties]));
    expect(late.overdueCatalogItemIds).not.toContain(staff);
    expect(late.overdueCatalogItems).toBeGreaterThanOrEqual(2);

    // The published page says what it owes, once the publisher has written the item.
    await eventually(async () => {
      expect(text((await site(`catalog/${agency}/${licence}.html`)).bytes)).toContain('本事项应当于');
    });

    // An approved revision written after the law change answers it. The page is written before the item is
    // marked published (the publisher's last step): a revision before that is refused as 409, rightly.
    const current = await eventually(async () => {
      const item = await call('GET', `/v1/catalog/items/${licence}`, { token: sub });
      expect(item.body.status).toBe('published');
      return item;
    });
    const revised = await call('PUT', `/v1/catalog/items/${licence}`, {
      token: sub,
      body: licenceInput({ body: '依修订后的条例更新。' }),
      headers: { 'if-match': `"${current.body.version}"` },
    });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    const approved = await call('POST', `/v1/catalog/items/${licence}/review`, {
      token: rev,
      body: { outcome: 'approve' },
    });
    expect(approved.body).toMatchObject({ updateDue: null, lawChanges: [] });
    const after = await sweep({ ...deps, catalog }, at(addDays(due, 1), '00:30:00'));
    expect(after.overdueCatalogItemIds).not.toContain(licence);
    expect(after.overdueCatalogItemIds).toContain(duties);
  });

  it('answers bad input with 4xx and stores nothing', async () => {
    const agency = agencyId('siping-bad');
    const sub = await tokenFor({ agency, roles: ['submitter'], user: 'li.na' });
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      call('POST', '/v1/catalog/items', { token: sub, body, headers });
    const cases: [unknown, number, string][] = [
      [{ ...dutiesInput(), kind: 'budget' }, 400, 'invalid_request'],
      [{ ...dutiesInput(), extra: 1 }, 400, 'invalid_request'],
      [dutiesInput({ body: '' }), 422, 'required'],
      [dutiesInput({ legalBasis: [] }), 422, 'required'],
      [
        staffInput({ staff: [{ name: '王建华', certificateNumber: '13812345678', area: '铁西区' }] }),
        422,
        'certificate_looks_personal',
      ],
      [flowchartInput({ attachments: [] }), 422, 'attachment_required'],
      [
        flowchartInput({ attachments: [{ name: 'a.gif', contentType: 'image/gif', size: 1 }] }),
        400,
        'invalid_request',
      ],
      [
        flowchartInput({
          attachments: [{ name: 'a.pdf', contentType: 'application/pdf', size: 20_000_000 }],
        }),
        400,
        'invalid_request',
      ],
      [dutiesInput({ staff: staffInput().staff ?? [] }), 422, 'field_not_allowed'],
      [[], 400, 'invalid_request'],
    ];
    for (const [body, status, code] of cases) {
      const reply = await post(body);
      expect(reply.status, JSON.stringify(reply.body)).toBe(status);
      expect(reply.body.code).toBe(code);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(
      (
        await call('POST', '/v1/catalog/items', {
          token: sub,
          raw: '{not json',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('POST', '/v1/catalog/items', {
          token: sub,
          raw: 'x',
          headers: { 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(415);
    expect((await call('GET', '/v1/catalog/items?kind=budget', { token: sub })).status).toBe(400);
    expect((await call('GET', '/v1/catalog/items?cursor=nonsense', { token: sub })).status).toBe(400);
    expect((await call('GET', '/v1/catalog/items/..%2Fx', { token: sub })).status).toBe(404);

    const law = (body: unknown, token = sub) => call('POST', '/v1/catalog/law-changes', { token, body });
    const base = { title: '机构改革', kind: 'reorganisation', effectiveDate: shanghaiDate(new Date()) };
    expect((await law({ ...base, legalBasisContains: HAZCHEM_REGULATION })).body.code).toBe(
      'no_items_affected',
    );
    expect((await law({ ...base, itemIds: ['NOPE'] })).body.code).toBe('unknown_items');
    expect((await law({ ...base, effectiveDate: '2025-02-30', itemIds: ['NOPE'] })).body.code).toBe(
      'invalid_date',
    );
    expect((await law({ ...base, kind: 'decree' })).status).toBe(400);
    expect((await law(base)).status).toBe(422);
    const asReviewer = await tokenFor({ agency, roles: ['reviewer'], user: 'wang.fang' });
    expect((await law({ ...base, itemIds: ['NOPE'] }, asReviewer)).status).toBe(403);

    const listed = await call('GET', '/v1/catalog/items', { token: sub });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([]);
  });

  it('never answers 500, whatever JSON arrives (property)', async () => {
    const created = await call('POST', '/v1/catalog/items', { token: submitter, body: dutiesInput() });
    const id = created.body.id as string;
    const nearly = fc.oneof(
      fc.jsonValue(),
      fc.record({
        kind: fc.oneof(fc.constantFrom('duties', 'staff', 'flowcharts', 'contacts'), fc.string()),
        title: fc.string({ maxLength: 300 }),
        body: fc.oneof(fc.string(), fc.constant(undefined)),
        legalBasis: fc.array(fc.string(), { maxLength: 3 }),
        staff: fc.array(fc.record({ name: fc.string(), certificateNumber: fc.string(), area: fc.string() }), {
          maxLength: 2,
        }),
        attachments: fc.array(
          fc.record({
            name: fc.string(),
            contentType: fc.constantFrom('image/png', 'application/pdf', 'text/html'),
            size: fc.oneof(fc.integer(), fc.double()),
          }),
          { maxLength: 6 },
        ),
      }),
      fc.record({
        title: fc.string(),
        kind: fc.constantFrom('law', 'reorganisation', 'decree'),
        effectiveDate: fc.oneof(fc.string(), fc.constantFrom('2026-02-29', '2025-09-26', '1999-01-01')),
        itemIds: fc.array(fc.oneof(fc.string(), fc.constant(id)), { maxLength: 3 }),
        legalBasisContains: fc.string(),
        agency: fc.string(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(nearly, async (body) => {
        for (const [method, path, token] of [
          ['POST', '/v1/catalog/items', submitter],
          ['PUT', `/v1/catalog/items/${id}`, submitter],
          ['POST', `/v1/catalog/items/${id}/review`, reviewer],
          ['POST', '/v1/catalog/law-changes', submitter],
        ] as const) {
          const reply = await call(method, path, { token, body, headers: { 'if-match': '"1"' } });
          expect(
            reply.status,
            `${method} ${path} ${JSON.stringify(body)} → ${JSON.stringify(reply.body)}`,
          ).toBeLessThan(500);
        }
      }),
      { numRuns: 25 },
    );
    const operatorList = await call('GET', '/v1/catalog/items?agency=a%23b', { token: operator });
    expect(operatorList.status).toBe(400);
  });

  it('lets an operator list another agency’s catalogue and record a reorganisation for it', async () => {
    const listed = await call('GET', `/v1/catalog/items?agency=${AGENCY}`, { token: operator });
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    const [first] = listed.body.items;
    const recorded = await call('POST', '/v1/catalog/law-changes', {
      token: operator,
      body: {
        title: '四平市工业和信息化局职能调整',
        kind: 'reorganisation',
        effectiveDate: shanghaiDate(new Date()),
        itemIds: [first.id],
        agency: AGENCY,
      },
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect(recorded.body.items).toEqual([expect.objectContaining({ id: first.id, agencyId: AGENCY })]);
  });

  it('is described by the OpenAPI document', async () => {
    const doc = await call('GET', '/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/catalog/items',
        '/v1/catalog/items/{id}',
        '/v1/catalog/items/{id}/review',
        '/v1/catalog/law-changes',
      ]),
    );
    expect(doc.body.paths['/v1/catalog/items/{id}'].put.parameters).toContainEqual(
      expect.objectContaining({ name: 'If-Match', required: true }),
    );
    expect(doc.body.components.schemas.CatalogItemInput.properties.kind.enum).toHaveLength(23);
    // R2: what a reviewer is shown of each file, and what the approval bound.
    const item = doc.body.components.schemas.CatalogItem.properties;
    expect(Object.keys(item.attachments.items.properties)).toEqual(
      expect.arrayContaining(['uploaded', 'sha256', 'versionId', 'download']),
    );
    expect(item.revisions.items.properties).toHaveProperty('approvedFiles');
  });
});
