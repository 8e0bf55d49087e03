/**
 * R8 (长治 §二 立即) over HTTP on the local platform: the moment a correction of a published decision is submitted,
 * its public page says that a correction is under way (the published content stays), or, when the submitter
 * says it must not stay, a notice takes its place; the review is due the working day the correction was
 * submitted; once approved, the page lists the fields that changed, masked as published; a correction sent back
 * puts the published content back as it was. The transparency log accounts for every public document.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDefaultCalendar } from '../../shared/domain/calendar/sources.ts';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { correctionReviewDeadline } from '../../shared/domain/deadlines.ts';
import { httpFetcher, verifySite } from '../../shared/transparency/verify.ts';
import { agencyId, companyPenalty, personPenalty } from './fixtures/decisions.ts';
import { eventuallyWithin } from './support/eventually.ts';
import { call, type Reply } from './support/http.ts';
import { tokenFor } from './support/tokens.ts';

const AGENCY = agencyId('siping-r8');
let submitter: string;
let reviewer: string;
let secondReviewer: string;

const eventually = eventuallyWithin(30_000);

beforeAll(async () => {
  submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
  reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
  secondReviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'sun.li' });
});
afterAll(() => undefined);

async function site(key: string): Promise<{ status: number; body: string }> {
  const response = await fetch(new URL(key, inject('siteUrl')));
  return { status: response.status, body: response.status === 200 ? await response.text() : '' };
}

async function read(id: string) {
  const reply = await call('GET', `/v1/decisions/${id}`, { token: reviewer });
  expect(reply.status).toBe(200);
  return reply.body;
}

async function published(body: Record<string, unknown> = companyPenalty()) {
  const created = await call('POST', '/v1/decisions', { token: submitter, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const approved = await call('POST', `/v1/decisions/${created.body.id}/review`, {
    token: reviewer,
    headers: { 'if-match': `"${created.body.version}"` },
    body: { outcome: 'approve', comment: '同意公开' },
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  const id = created.body.id as string;
  await eventually(async () => expect((await read(id)).status).toBe('published'));
  const json = await eventually(async () => {
    const page = await site(`decisions/${id}.json`);
    expect(page.status).toBe(200);
    return page.body;
  });
  return { id, body, json };
}

function correct(id: string, version: number, body: unknown, meanwhile?: string): Promise<Reply> {
  const query = meanwhile === undefined ? '' : `?meanwhile=${encodeURIComponent(meanwhile)}`;
  return call('PUT', `/v1/decisions/${id}${query}`, {
    token: submitter,
    body,
    headers: { 'if-match': `"${version}"` },
  });
}

function review(id: string, version: number, outcome: 'approve' | 'reject', token = secondReviewer) {
  return call('POST', `/v1/decisions/${id}/review`, {
    token,
    headers: { 'if-match': `"${version}"` },
    body: { outcome, comment: outcome === 'approve' ? '更正无误' : '更正依据不足，退回' },
  });
}

function refused(reply: Reply, status: number, code: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers.get('content-type')).toContain('application/problem+json');
  expect(reply.body.code).toBe(code);
}

const fetchText = httpFetcher();

/** Other files publish beside this one: a publication in flight may show for a moment, never for long. */
async function logAccountsForEverything() {
  await eventually(async () => {
    const report = await verifySite({ siteUrl: inject('siteUrl'), fetch: fetchText, now: new Date() });
    expect(report.problems).toEqual([]);
  });
}

describe('R8: a correction of a published decision, while it is reviewed', () => {
  it('keeps the published content up with a note on the page, due for review the same working day', async () => {
    const { id, body, json } = await published();
    const before = await read(id);
    const corrected = { ...body, result: '罚款人民币叁万元', penalty: { types: ['fine'], fineYuan: 30000 } };
    const reply = await correct(id, before.version, corrected);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.status).toBe('published');
    expect(reply.body.correctionUnderWay).toMatchObject({ revision: 2, meanwhile: 'show' });
    // R8 立即: the working day it was submitted (the next one when submitted on a day off).
    const submittedOn = shanghaiDate(new Date(reply.body.correctionUnderWay.since));
    const due = correctionReviewDeadline(submittedOn, createDefaultCalendar()).due;
    expect(reply.body.deadlines.correctionReview).toMatchObject({
      kind: 'correction_review',
      rule: 'R8',
      due,
    });

    const page = await eventually(async () => {
      const html = (await site(`decisions/${id}.html`)).body;
      expect(html).toContain('正在更正');
      return html;
    });
    // The old content stays until the reviewer approves; the public JSON is the approved record, unchanged.
    expect(page).toContain('罚款人民币伍万元');
    expect((await site(`decisions/${id}.json`)).body).toBe(json);

    const approved = await review(id, reply.body.version, 'approve');
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const after = await eventually(async () => {
      const html = (await site(`decisions/${id}.html`)).body;
      expect(html).toContain('罚款人民币叁万元');
      expect(html).not.toContain('正在更正');
      return html;
    });
    // What changed, field by field, by label.
    expect(after).toContain('更正项目为执法决定（结果）、罚款金额');
    const document = JSON.parse((await site(`decisions/${id}.json`)).body);
    expect(document.corrections).toEqual([
      expect.objectContaining({ revision: 2, fields: ['执法决定（结果）', '罚款金额'] }),
    ]);
    expect((await read(id)).deadlines.correctionReview).toBeUndefined();
    await logAccountsForEverything();
  });

  it('withholds the published content behind a notice when the submitter says it must not stay; sent back, it returns as it was', async () => {
    const { id, body, json } = await published();
    const before = await read(id);
    const wrongParty = {
      ...body,
      content: '2025年9月10日现场检查发现，该公司未按规定落实危险化学品安全管理制度（更正当事人）。',
    };
    const reply = await correct(id, before.version, wrongParty, 'withhold');
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.correctionUnderWay).toMatchObject({ revision: 2, meanwhile: 'withhold' });

    const notice = await eventually(async () => {
      const page = await site(`decisions/${id}.json`);
      const parsed = JSON.parse(page.body);
      expect(parsed.status).toBe('withdrawn');
      return parsed;
    });
    expect(notice.withdrawal.reason).toBe('correcting');
    // Nothing of the withheld content: no party, no content, no result.
    expect(JSON.stringify(notice)).not.toContain('四平市鑫达化工有限公司');
    expect(JSON.stringify(notice)).not.toContain('罚款人民币伍万元');
    // A takedown writes the JSON before the page: the notice page may follow a moment later.
    const html = await eventually(async () => {
      const page = (await site(`decisions/${id}.html`)).body;
      expect(page).toContain('更正中');
      return page;
    });
    expect(html).not.toContain('罚款人民币伍万元');
    await logAccountsForEverything();

    const rejected = await review(id, reply.body.version, 'reject');
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(rejected.body.status).toBe('published');
    // The published revision back, byte for byte.
    await eventually(async () => expect((await site(`decisions/${id}.json`)).body).toBe(json));
    expect((await site(`decisions/${id}.html`)).body).toContain('罚款人民币伍万元');
    await logAccountsForEverything();
  });

  it('a withheld correction approved publishes the corrected version in the notice’s place', async () => {
    const { id, body } = await published();
    const reply = await correct(
      id,
      (await read(id)).version,
      { ...body, legalBasis: '《危险化学品安全管理条例》第八十条第一款' },
      'withhold',
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    await eventually(async () =>
      expect(JSON.parse((await site(`decisions/${id}.json`)).body).status).toBe('withdrawn'),
    );
    const approved = await review(id, reply.body.version, 'approve');
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const document = await eventually(async () => {
      const parsed = JSON.parse((await site(`decisions/${id}.json`)).body);
      expect(parsed.status).toBe('published');
      return parsed;
    });
    expect(document.legalBasis).toBe('《危险化学品安全管理条例》第八十条第一款');
    expect(document.corrections).toEqual([expect.objectContaining({ revision: 2, fields: ['执法依据'] })]);
    await logAccountsForEverything();
  });

  it('lists a change inside a masked value without un-masking anything', async () => {
    const { id, body } = await published(personPenalty());
    const party = body.party as Record<string, unknown>;
    const phone = '13912345678';
    const reply = await correct(id, (await read(id)).version, {
      ...body,
      content: String(body.content).replace('13812345678', phone),
      party,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect((await review(id, reply.body.version, 'approve')).status).toBe(200);
    const document = await eventually(async () => {
      const parsed = JSON.parse((await site(`decisions/${id}.json`)).body);
      expect(parsed.revision).toBe(2);
      return parsed;
    });
    const html = (await site(`decisions/${id}.html`)).body;
    for (const text of [JSON.stringify(document), html]) {
      expect(text).not.toContain(phone);
      expect(text).not.toContain('13812345678');
      expect(text).not.toContain(String(party.idNumber));
    }
  });

  it('refuses meanwhile where it does not apply, and a value it does not know, changing nothing', async () => {
    const created = await call('POST', '/v1/decisions', { token: submitter, body: companyPenalty() });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    refused(await correct(id, 1, companyPenalty(), 'withhold'), 422, 'meanwhile_not_applicable');
    refused(await correct(id, 1, companyPenalty(), 'hide'), 400, 'invalid_request');
    const after = await read(id);
    expect(after.version).toBe(1);
    expect(after.revisions).toHaveLength(1);
  });
});
