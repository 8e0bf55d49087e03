import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/domain/canonical-json.ts';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { ROUTES } from '../../shared/http/routes.ts';
import { agencyId, companyPenalty, personPenalty } from './fixtures/decisions.ts';
import { eventuallyWithin } from './support/eventually.ts';
import { call } from './support/http.ts';
import { tokenFor } from './support/tokens.ts';

const AGENCY = agencyId('siping-gxj');
const OTHER = agencyId('changzhi-gxj');
let submitter: string;
let colleague: string;
let reviewer: string;
let secondReviewer: string;
let both: string;
let otherReviewer: string;
let otherSubmitter: string;
let operator: string;

beforeAll(async () => {
  submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
  colleague = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'zhao.lei' });
  reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
  secondReviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'sun.li' });
  both = await tokenFor({ agency: AGENCY, roles: ['submitter', 'reviewer'], user: 'chen.jie' });
  otherReviewer = await tokenFor({ agency: OTHER, roles: ['reviewer'], user: 'zhou.min' });
  otherSubmitter = await tokenFor({ agency: OTHER, roles: ['submitter'], user: 'hu.bin' });
  operator = await tokenFor({ agency: 'platform', roles: ['operator'], user: 'ops.sun' });
});

async function submit(body: unknown = companyPenalty(), token = submitter) {
  const reply = await call('POST', '/v1/decisions', { token, body });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

async function count(token = submitter, query = '') {
  let total = 0;
  let cursor: string | undefined;
  do {
    const page = await call(
      'GET',
      `/v1/decisions?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token },
    );
    expect(page.status).toBe(200);
    total += page.body.items.length;
    cursor = page.body.cursor;
  } while (cursor);
  return total;
}

describe('submit → review → withdraw over HTTP', () => {
  it('walks a decision through its life, with its deadline, ETag and a verifying audit chain', async () => {
    const created = await call('POST', '/v1/decisions', { token: submitter, body: companyPenalty() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      version: 1,
      status: 'pending_review',
      publishBy: '2025-10-14',
      agencyId: AGENCY,
    });
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/v1/decisions/${created.body.id}`);
    const id = created.body.id;

    const read = await call('GET', `/v1/decisions/${id}`, { token: reviewer });
    expect(read.status).toBe(200);
    expect(read.body.deadlines.publication.explanation).toContain('截止2025-10-14');
    expect(read.body.deadlines.publication.explanation).toContain('2025-10-01至2025-10-08');
    expect(read.body.preview).toMatchObject({
      caseNumber: read.body.caseNumber,
      party: { name: '四平市鑫达化工有限公司' },
    });
    // What this reviewer could start: the review, never the submitter's correction or discard.
    expect(read.body.allowedActions).toEqual(['approve', 'reject']);
    // Never published: discarded, not withdrawn; its submitter corrects or discards it, never reviews it.
    const own = await call('GET', `/v1/decisions/${id}`, { token: submitter });
    expect(own.body.allowedActions).toEqual(['correct', 'discard']);

    const approved = await call('POST', `/v1/decisions/${id}/review`, {
      token: reviewer,
      body: { outcome: 'approve', comment: '同意公开' },
      headers: { 'if-match': '"1"' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'publishing',
      version: 2,
      publicRevision: 1,
      publishBy: '2025-10-14',
      outcome: 'approve',
      outcomeLabel: '同意公开',
    });

    // The stream publishes it meanwhile: the withdrawal names the version the submitter then reads.
    const current = await eventuallyWithin(30_000)(async () => {
      const reply = await call('GET', `/v1/decisions/${id}`, { token: submitter });
      expect(reply.body.status).toBe('published');
      return reply.body;
    });
    const ifMatch = { 'if-match': `"${current.version}"` };
    const noReason = await call('POST', `/v1/decisions/${id}/withdraw`, {
      token: submitter,
      body: { reason: 'revoked' },
      headers: ifMatch,
    });
    expect(noReason.status).toBe(422);
    expect(noReason.headers.get('content-type')).toContain('application/problem+json');
    expect(noReason.body).toMatchObject({ code: 'explanation_required', status: 422 });

    const withdrawn = await call('POST', `/v1/decisions/${id}/withdraw`, {
      token: submitter,
      body: {
        reason: 'revoked',
        explanation: '原处罚决定已被四平市人民政府行政复议决定撤销',
        legalEventDate: '2025-09-30',
      },
      headers: ifMatch,
    });
    expect(withdrawn.status).toBe(200);
    // R7: 3 working days from the revocation across National Day: due 2025-10-11; filed today, so late.
    expect(withdrawn.body).toMatchObject({
      status: 'withdrawn',
      publishBy: null,
      withdrawal: {
        reason: 'revoked',
        legalEventDate: '2025-09-30',
        takedownBy: '2025-10-11',
        onTime: false,
      },
    });

    const audit = await call('GET', `/v1/decisions/${id}/audit`, { token: submitter });
    expect(audit.status).toBe(200);
    expect(audit.body.verification.valid).toBe(true);
    expect(audit.body.events.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'approve',
      'publish',
      'withdraw',
    ]);
    expect(audit.body.events[1].actor).toEqual({ userId: 'wang.fang', agencyId: AGENCY });
  });

  it('counts the 2026 Spring Festival and its 调休 Saturday into publishBy', async () => {
    const body = await submit(companyPenalty({ decisionDate: '2026-02-10' }));
    expect(body.publishBy).toBe('2026-02-26');
    expect(body.publishByProvisional).toBe(false);
    expect(body.deadlines.publication.explanation).toContain('2026-02-14（星期六）');
  });
});

describe('R2: the reviewer is someone else of the same agency', () => {
  it('refuses self-review, a reviewer of another agency, and a submitter approving', async () => {
    const mine = await submit(companyPenalty(), both);
    const self = await call('POST', `/v1/decisions/${mine.id}/review`, {
      token: both,
      body: { outcome: 'approve' },
      headers: { 'if-match': '"1"' },
    });
    expect(self).toMatchObject({ status: 403, body: { code: 'self_review' } });

    const decision = await submit();
    const foreign = await call('POST', `/v1/decisions/${decision.id}/review`, {
      token: otherReviewer,
      body: { outcome: 'approve' },
      headers: { 'if-match': '"1"' },
    });
    expect(foreign).toMatchObject({ status: 404, body: { code: 'not_found' } });
    const notReviewer = await call('POST', `/v1/decisions/${decision.id}/review`, {
      token: colleague,
      body: { outcome: 'approve' },
      headers: { 'if-match': '"1"' },
    });
    expect(notReviewer).toMatchObject({ status: 403, body: { code: 'role_required' } });
    const rejectWithoutReason = await call('POST', `/v1/decisions/${decision.id}/review`, {
      token: reviewer,
      body: { outcome: 'reject' },
      headers: { 'if-match': '"1"' },
    });
    expect(rejectWithoutReason).toMatchObject({ status: 422, body: { code: 'comment_required' } });

    const untouched = await call('GET', `/v1/decisions/${decision.id}`, { token: submitter });
    expect(untouched.body).toMatchObject({ status: 'pending_review', version: 1 });
  });

  it('lets exactly one of 10 concurrent approvals of the same version win; the others get 409 or 412', async () => {
    const decision = await submit();
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call('POST', `/v1/decisions/${decision.id}/review`, {
          token: i % 2 ? reviewer : secondReviewer,
          body: { outcome: 'approve', comment: `reviewer ${i}` },
          headers: { 'if-match': `"${decision.version}"` },
        }),
      ),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = replies.filter((r) => r.status !== 200);
    expect(losers).toHaveLength(9);
    // Lost the race in the store (409), or came after the winner and named a version no longer current (412).
    for (const r of losers)
      expect(['409 conflict', '412 version_mismatch']).toContain(`${r.status} ${r.body.code}`);
    const audit = await call('GET', `/v1/decisions/${decision.id}/audit`, { token: submitter });
    expect(audit.body.verification.valid).toBe(true);
    expect(audit.body.events.filter((e: { action: string }) => e.action === 'approve')).toHaveLength(1);
  });
});

describe('R2: an approval is bound to what the reviewer was shown (ADR 0011)', () => {
  it('refuses a review or withdrawal without If-Match (428) or with a stale one (412), changing nothing', async () => {
    const decision = await submit();
    const path = `/v1/decisions/${decision.id}`;
    const approve = { outcome: 'approve', comment: '同意公开' };
    const revoke = { reason: 'revoked', explanation: '原决定已被撤销', legalEventDate: '2025-09-30' };
    for (const [action, token, body] of [
      ['review', reviewer, approve],
      ['withdraw', submitter, revoke],
    ] as const) {
      const missing = await call('POST', `${path}/${action}`, { token, body });
      expect(missing, action).toMatchObject({
        status: 428,
        body: { code: 'if_match_required', status: 428, currentVersion: 1 },
      });
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
      const stale = await call('POST', `${path}/${action}`, { token, body, headers: { 'if-match': '"7"' } });
      expect(stale, action).toMatchObject({
        status: 412,
        body: { code: 'version_mismatch', currentVersion: 1 },
      });
      expect(stale.headers.get('content-type')).toContain('application/problem+json');
    }
    const untouched = await call('GET', path, { token: submitter });
    expect(untouched.body).toMatchObject({ status: 'pending_review', version: 1 });
    const audit = await call('GET', `${path}/audit`, { token: submitter });
    expect(audit.body.events.map((e: { action: string }) => e.action)).toEqual(['submit']);

    // The contract says so too: the header is required, and 428 is one of the answers.
    const doc = (await call('GET', '/v1/openapi.json')).body;
    for (const action of ['review', 'withdraw']) {
      const operation = doc.paths[`/v1/decisions/{id}/${action}`].post;
      expect(operation.parameters, action).toContainEqual(
        expect.objectContaining({ name: 'If-Match', in: 'header', required: true }),
      );
      expect(Object.keys(operation.responses), action).toEqual(expect.arrayContaining(['412', '428']));
    }
  });

  it('shows the hash of the preview beside it, and the approval records that hash', async () => {
    const decision = await submit();
    const read = await call('GET', `/v1/decisions/${decision.id}`, { token: reviewer });
    // SHA-256 of the preview's canonical JSON: anyone holding the preview can check it.
    const expected = createHash('sha256').update(canonicalJson(read.body.preview)).digest('hex');
    expect(read.body.previewHash).toBe(expected);
    expect(decision.previewHash).toBe(expected);

    const approved = await call('POST', `/v1/decisions/${decision.id}/review`, {
      token: reviewer,
      body: { outcome: 'approve', comment: '同意公开' },
      headers: { 'if-match': `"${read.body.version}"` },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const after = await call('GET', `/v1/decisions/${decision.id}`, { token: submitter });
    expect(after.body.revisions[0].review).toMatchObject({ outcome: 'approve', projectionHash: expected });
    expect(after.body.previewHash).toBe(expected);
    const audit = await call('GET', `/v1/decisions/${decision.id}/audit`, { token: submitter });
    const approval = audit.body.events.find((e: { action: string }) => e.action === 'approve');
    expect(approval.detail).toMatchObject({ revision: 1, projectionHash: expected });
    expect(audit.body.verification.valid).toBe(true);
  });

  it('records no hash for what is never published (R3)', async () => {
    const secret = await submit(companyPenalty({ exemption: { reason: 'trade_secret' } }));
    expect(secret.previewHash).toBeNull();
    const reviewed = await call('POST', `/v1/decisions/${secret.id}/review`, {
      token: reviewer,
      body: { outcome: 'approve' },
      headers: { 'if-match': `"${secret.version}"` },
    });
    expect(reviewed.body.status).toBe('exempt');
    expect(reviewed.body.revisions[0].review.projectionHash).toBeUndefined();
  });
});

describe('R3: never published', () => {
  it('turns the approval of a declared trade secret into exempt, with nothing to publish', async () => {
    const secret = await submit(companyPenalty({ exemption: { reason: 'trade_secret', note: '涉及配方' } }));
    expect(secret.exemption).toEqual({ reason: 'trade_secret', source: 'declared' });
    expect(secret.preview).toBeNull();
    const reviewed = await call('POST', `/v1/decisions/${secret.id}/review`, {
      token: reviewer,
      body: { outcome: 'approve' },
      headers: { 'if-match': `"${secret.version}"` },
    });
    expect(reviewed.body).toMatchObject({ status: 'exempt', publishBy: null, publicRevision: null });
  });

  it('says that the approval exempted it, and records it so: never as 同意公开', async () => {
    const secret = await submit(companyPenalty({ exemption: { reason: 'trade_secret', note: '涉及配方' } }));
    const shown = await call('GET', `/v1/decisions/${secret.id}`, { token: reviewer });
    // The reviewer is told beforehand: approving this confirms the exemption.
    expect([...shown.body.allowedActions].sort()).toEqual(['approve', 'exempt', 'reject']);
    const reviewed = await call('POST', `/v1/decisions/${secret.id}/review`, {
      token: reviewer,
      body: { outcome: 'approve', comment: '核实属实' },
      headers: { 'if-match': `"${secret.version}"` },
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({
      status: 'exempt',
      outcome: 'exempt',
      outcomeLabel: '同意，不予公开（豁免）',
      exemption: { reason: 'trade_secret', source: 'declared' },
      publicRevision: null,
    });
    expect(reviewed.body.revisions[0].review).toMatchObject({ outcome: 'exempt', comment: '核实属实' });
    const audit = await call('GET', `/v1/decisions/${secret.id}/audit`, { token: reviewer });
    const last = audit.body.events.at(-1);
    expect(last).toMatchObject({
      action: 'exempt',
      detail: {
        outcome: 'approve',
        result: 'exempt',
        label: '同意，不予公开（豁免）',
        reason: 'trade_secret',
      },
    });
    expect(JSON.stringify(audit.body.events)).not.toContain('同意公开');
    expect(audit.body.verification.valid).toBe(true);
  });

  it('detects a minor from the resident ID on the decision date', async () => {
    const minor = await submit(personPenalty('2010-05-01'));
    expect(minor.exemption).toEqual({ reason: 'minor', source: 'detected' });
    const reviewed = await call('POST', `/v1/decisions/${minor.id}/review`, {
      token: reviewer,
      body: { outcome: 'approve' },
      headers: { 'if-match': `"${minor.version}"` },
    });
    expect(reviewed.body.status).toBe('exempt');
  });

  it('previews an adult natural person redacted (R4)', async () => {
    const adult = await submit(personPenalty('1985-03-12'));
    expect(adult.preview.party.name).toBe('欧阳**');
    expect(JSON.stringify(adult.preview)).not.toContain('13812345678');
    expect(JSON.stringify(adult.preview)).not.toContain(adult.decision.party.idNumber);
  });
});

describe('idempotency and uniqueness', () => {
  it('answers a retried submission with the same decision, and refuses the key with another body', async () => {
    const body = companyPenalty();
    const key = `push-${Date.now()}`;
    const first = await call('POST', '/v1/decisions', {
      token: submitter,
      body,
      headers: { 'idempotency-key': key },
    });
    const again = await call('POST', '/v1/decisions', {
      token: submitter,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const other = await call('POST', '/v1/decisions', {
      token: submitter,
      body: { ...body, result: '警告' },
      headers: { 'idempotency-key': key },
    });
    expect(other).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
  });

  it('creates one decision from five concurrent requests with one key', async () => {
    const body = companyPenalty();
    const key = `burst-${Date.now()}`;
    const replies = await Promise.all(
      Array.from({ length: 5 }, () =>
        call('POST', '/v1/decisions', { token: submitter, body, headers: { 'idempotency-key': key } }),
      ),
    );
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
  });

  it('keeps case numbers unique per agency, not across agencies', async () => {
    const body = companyPenalty();
    await submit(body);
    const duplicate = await call('POST', '/v1/decisions', { token: colleague, body });
    expect(duplicate).toMatchObject({ status: 409, body: { code: 'case_number_taken' } });
    expect(duplicate.body.errors[0].field).toBe('caseNumber');
    await submit(body, otherSubmitter);
  });
});

describe('corrections (R8)', () => {
  it('needs If-Match, refuses a stale one with 412, and adds a revision', async () => {
    const decision = await submit();
    const correction = { ...decision.decision, result: '罚款人民币肆万元' };
    const missing = await call('PUT', `/v1/decisions/${decision.id}`, { token: submitter, body: correction });
    expect(missing).toMatchObject({ status: 428, body: { code: 'if_match_required', currentVersion: 1 } });
    const stale = await call('PUT', `/v1/decisions/${decision.id}`, {
      token: submitter,
      body: correction,
      headers: { 'if-match': '"7"' },
    });
    expect(stale).toMatchObject({ status: 412, body: { code: 'version_mismatch' } });
    const ok = await call('PUT', `/v1/decisions/${decision.id}`, {
      token: submitter,
      body: correction,
      headers: { 'if-match': '"1"' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      version: 2,
      pendingRevision: 2,
      status: 'pending_review',
      publishBy: '2025-10-14',
    });
    expect(ok.body.revisions).toHaveLength(2);
    expect(ok.headers.get('etag')).toBe('"2"');
  });

  it('resubmits what a reviewer sent back', async () => {
    const decision = await submit();
    await call('POST', `/v1/decisions/${decision.id}/review`, {
      token: reviewer,
      body: { outcome: 'reject', comment: '依据条款有误' },
      headers: { 'if-match': '"1"' },
    });
    const fixed = await call('PUT', `/v1/decisions/${decision.id}`, {
      token: submitter,
      body: { ...decision.decision, legalBasis: '《危险化学品安全管理条例》第七十八条' },
      headers: { 'if-match': '"2"' },
    });
    expect(fixed.body).toMatchObject({ status: 'pending_review', pendingRevision: 2 });
  });
});

describe('batch pushes from case systems (R13)', () => {
  it('reports a result per item: created, refused by a rule, refused by shape', async () => {
    const before = await count();
    const bad = companyPenalty({ party: { ...companyPenalty().party, idNumber: '91220300MA0Y4K7Q1X' } });
    const reply = await call('POST', '/v1/decisions/batch', {
      token: submitter,
      body: { items: [companyPenalty(), bad, { caseNumber: 12 }] },
    });
    expect(reply.status).toBe(207);
    expect(reply.body).toMatchObject({ accepted: 1, rejected: 2 });
    expect(reply.body.results.map((r: { status: number }) => r.status)).toEqual([201, 422, 400]);
    expect(reply.body.results[1].problem.code).toBe('invalid_uscc');
    expect(reply.body.results[0].publishBy).toBe('2025-10-14');
    expect(await count()).toBe(before + 1);
  });

  it('refuses more than 100 items', async () => {
    const reply = await call('POST', '/v1/decisions/batch', {
      token: submitter,
      body: { items: Array.from({ length: 101 }, () => ({})) },
    });
    expect(reply).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
  });
});

describe('lists', () => {
  it('lists only the own agency, filters by status and type, and pages with a cursor', async () => {
    const agency = agencyId('list');
    const token = await tokenFor({ agency, roles: ['submitter'], user: 'lister' });
    const rev = await tokenFor({ agency, roles: ['reviewer'], user: 'lister.rev' });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push(
        (
          await submit(
            companyPenalty({
              actionType: i < 2 ? 'license' : 'penalty',
              penalty: i < 2 ? undefined : { types: ['fine'], fineYuan: 100 },
            }),
            token,
          )
        ).id,
      );
    await call('POST', `/v1/decisions/${ids[6]}/review`, {
      token: rev,
      body: { outcome: 'reject', comment: '补正' },
      headers: { 'if-match': '"1"' },
    });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        'GET',
        `/v1/decisions?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token },
      );
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((d: { id: string }) => d.id));
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());

    expect(await count(token, '&actionType=license')).toBe(2);
    const rejected = await call('GET', '/v1/decisions?status=rejected', { token });
    expect(rejected.body.items.map((d: { id: string }) => d.id)).toEqual([ids[6]]);
    expect(await count(otherSubmitter, '&status=rejected')).toBe(0);
    const byOperator = await call('GET', `/v1/decisions?agency=${agency}&limit=100`, { token: operator });
    expect(byOperator.body.items).toHaveLength(7);

    const badCursor = await call('GET', '/v1/decisions?cursor=not-a-cursor', { token });
    expect(badCursor).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
    const badQuery = await call('GET', '/v1/decisions?status=lost&limit=1000', { token });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'status']);
  });
});

describe("a reviewer's day: the review queue (R5)", () => {
  it('lists pending decisions by publication deadline, earliest first, ties by id, page by page', async () => {
    const agency = agencyId('queue');
    const token = await tokenFor({ agency, roles: ['submitter'], user: 'queue.sub' });
    const today = shanghaiDate(new Date());
    const on = async (decisionDate: string) =>
      (await submit(companyPenalty({ decisionDate }), token)) as { id: string; publishBy: string };
    const fresh = await on(today);
    const tieA = await on('2025-09-10');
    const earliest = await on('2025-09-01');
    const tieB = await on('2025-09-10');
    expect(tieA.publishBy).toBe(tieB.publishBy);
    const ties = [tieA, tieB].map((d) => d.id).sort();
    const expected = [earliest.id, ...ties, fresh.id];

    const seen: { id: string; publishBy: string; overdue: boolean; workingDaysLeft: number }[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        'GET',
        `/v1/decisions?status=pending_review&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token },
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen.map((d) => d.id)).toEqual(expected);

    // Overdue once today is after publishBy; the working days left count after today up to publishBy.
    const byId = new Map(seen.map((d) => [d.id, d]));
    expect(byId.get(fresh.id)).toMatchObject({ overdue: false, workingDaysLeft: 7 });
    const late = byId.get(earliest.id);
    expect(late).toMatchObject({ publishBy: '2025-09-10', overdue: true });
    expect(late?.workingDaysLeft).toBeLessThan(0);
    const one = await call('GET', `/v1/decisions/${earliest.id}`, { token });
    expect(one.body).toMatchObject({ overdue: true, workingDaysLeft: late?.workingDaysLeft });

    // Every other status is listed as before: newest first, and without a deadline nothing is counted.
    const rev = await tokenFor({ agency, roles: ['reviewer'], user: 'queue.rev' });
    for (const d of [tieA, fresh]) {
      const reply = await call('POST', `/v1/decisions/${d.id}/review`, {
        token: rev,
        body: { outcome: 'reject', comment: '补正' },
        headers: { 'if-match': '"1"' },
      });
      expect(reply.status).toBe(200);
    }
    const rejected = await call('GET', '/v1/decisions?status=rejected', { token });
    expect(rejected.body.items.map((d: { id: string }) => d.id)).toEqual([tieA.id, fresh.id]);
    const queue = await call('GET', '/v1/decisions?status=pending_review', { token });
    expect(queue.body.items.map((d: { id: string }) => d.id)).toEqual([earliest.id, tieB.id]);
  });
});

describe('bad input changes nothing', () => {
  const cases: Array<[string, () => Parameters<typeof call>[2], number, string]> = [
    [
      'malformed JSON',
      () => ({ raw: '{"caseNumber": ', headers: { 'content-type': 'application/json' } }),
      400,
      'malformed_json',
    ],
    [
      'not JSON',
      () => ({ raw: 'caseNumber=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      415,
      'unsupported_media_type',
    ],
    [
      'wrong types',
      () => ({ body: { ...companyPenalty(), penalty: { types: 'fine' }, party: 'someone' } }),
      400,
      'invalid_request',
    ],
    [
      'an unknown field',
      () => ({ body: { ...companyPenalty(), decisonDate: '2025-09-28' } }),
      400,
      'invalid_request',
    ],
    [
      'an impossible date',
      () => ({ body: companyPenalty({ decisionDate: '2025-02-30' }) }),
      422,
      'invalid_date',
    ],
    [
      'a future decision date',
      () => ({ body: companyPenalty({ decisionDate: '2099-01-01' }) }),
      422,
      'date_in_future',
    ],
    [
      'a wrong credit-code check digit',
      () => ({
        body: companyPenalty({ party: { ...companyPenalty().party, idNumber: '914403001922038217' } }),
      }),
      422,
      'invalid_uscc',
    ],
    [
      'a wrong resident-ID check digit',
      () => ({
        body: personPenalty('1985-03-12', {
          party: { ...personPenalty().party, idNumber: '220302198503121230' },
        }),
      }),
      422,
      'invalid_resident_id',
    ],
    [
      'an oversized body',
      () => ({ body: companyPenalty({ content: '违'.repeat(400_000) }) }),
      413,
      'payload_too_large',
    ],
    [
      'an empty body',
      () => ({ raw: '', headers: { 'content-type': 'application/json' } }),
      400,
      'body_required',
    ],
    ['a JSON array', () => ({ body: [companyPenalty()] }), 400, 'invalid_request'],
    [
      'a bad Idempotency-Key',
      () => ({ body: companyPenalty(), headers: { 'idempotency-key': 'x'.repeat(300) } }),
      400,
      'invalid_idempotency_key',
    ],
  ];

  it.each(cases)(
    'refuses %s with a problem+json 4xx and writes nothing',
    async (_name, options, status, code) => {
      const before = await count();
      const reply = await call('POST', '/v1/decisions', { token: submitter, ...options() });
      expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).toBe(status);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(reply.body).toMatchObject({ code, status, type: `urn:gongshi:problem:${code}` });
      expect(await count()).toBe(before);
    },
  );

  it('lists every failing field of a shape error', async () => {
    const reply = await call('POST', '/v1/decisions', {
      token: submitter,
      body: { ...companyPenalty(), actionType: 'fine', decisionDate: 20250928 },
    });
    expect(reply.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'actionType',
      'decisionDate',
    ]);
  });

  it('says the shape error in Chinese, naming the fields as 双公示 does, with the English and the codes kept', async () => {
    const reply = await call('POST', '/v1/decisions', {
      token: submitter,
      body: { ...companyPenalty(), actionType: 'fine', decisionDate: 20250928 },
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      code: 'invalid_request',
      detail: expect.stringMatching(/请求正文不符合要求的格式/),
      detailEn: 'the body does not have the expected shape',
    });
    const byField = Object.fromEntries(
      reply.body.errors.map((e: { field: string }) => [e.field, e] as const),
    );
    expect(byField.actionType).toMatchObject({
      code: 'invalid_value',
      message: expect.stringMatching(/^执法行为类别须为以下之一/),
      messageEn: expect.stringMatching(/^Invalid option/),
    });
    expect(byField.decisionDate).toMatchObject({
      code: 'invalid_type',
      message: '决定日期的类型不正确，应为文本',
      messageEn: expect.stringMatching(/expected string/),
    });
  });
});

describe('R3, R5, R14: rules on the content refuse with the field named and write nothing', () => {
  const { penalty: _penalty, ...notPenalty } = companyPenalty();
  const inspection = (overrides: Record<string, unknown> = {}) => ({
    ...notPenalty,
    caseNumber: `${companyPenalty().caseNumber}检`,
    actionType: 'inspection',
    result: '抽查未发现问题',
    ...overrides,
  });
  const review = { opinionNumber: '四工信法审〔2025〕7号', reviewedOn: '2025-09-26' };
  const cases: Array<[string, () => unknown, string, string]> = [
    [
      'a random inspection on a penalty',
      () => companyPenalty({ randomInspection: { endDate: '2025-09-20', outcome: 'normal' } }),
      'random_inspection_not_allowed',
      'randomInspection',
    ],
    [
      'a random inspection that ends after its decision',
      () => inspection({ randomInspection: { endDate: '2025-09-29', outcome: 'normal' } }),
      'inspection_after_decision',
      'randomInspection.endDate',
    ],
    [
      'a higher authority’s exemption without a note',
      () => companyPenalty({ exemption: { reason: 'higher_authority' } }),
      'exemption_note_required',
      'exemption.note',
    ],
    [
      'another law’s exemption that names no article',
      () => companyPenalty({ exemption: { reason: 'other_law', note: '《中华人民共和国保守国家秘密法》' } }),
      'exemption_note_required',
      'exemption.note',
    ],
    [
      'an exemption for hampering enforcement without a review date',
      () => companyPenalty({ exemption: { reason: 'hampers_enforcement' } }),
      'review_date_required',
      'exemption.reviewOn',
    ],
    [
      'a review date on the decision date',
      () => companyPenalty({ exemption: { reason: 'hampers_enforcement', reviewOn: '2025-09-28' } }),
      'review_date_not_after_decision',
      'exemption.reviewOn',
    ],
    [
      'a major decision without its legal review',
      () => companyPenalty({ majorDecision: true }),
      'legal_review_required',
      'legalReview',
    ],
    [
      'a legal review after the decision',
      () => companyPenalty({ majorDecision: true, legalReview: { ...review, reviewedOn: '2025-09-29' } }),
      'legal_review_after_decision',
      'legalReview.reviewedOn',
    ],
  ];

  it.each(cases)('refuses %s with 422 naming the field', async (_name, body, code, field) => {
    const before = await count();
    const reply = await call('POST', '/v1/decisions', { token: submitter, body: body() });
    expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).toBe(422);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(reply.body).toMatchObject({ code, status: 422, detail: expect.stringMatching(/[\u4e00-\u9fff]/) });
    expect(reply.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
    const named = reply.body.errors.find((e: { field: string }) => e.field === field);
    expect(named.message).toMatch(/[\u4e00-\u9fff]/);
    expect(named.messageEn).toEqual(expect.any(String));
    expect(await count()).toBe(before);
  });

  it('keeps a major decision’s legal review and previews 经法制审核 with the date, not the opinion number (R14)', async () => {
    const created = await submit(companyPenalty({ majorDecision: true, legalReview: review }));
    const read = await call('GET', `/v1/decisions/${created.id}`, { token: reviewer });
    expect(read.body.decision).toMatchObject({ majorDecision: true, legalReview: review });
    expect(read.body.preview).toMatchObject({
      majorDecision: true,
      legalReview: { reviewedOn: '2025-09-26' },
    });
    expect(JSON.stringify(read.body.preview)).not.toContain('法审');
  });

  it('gives a normal random inspection 20 working days from its end, and keeps an exemption’s note and review date (R5, R3)', async () => {
    const checked = await submit(
      inspection({ randomInspection: { endDate: '2025-09-20', outcome: 'normal' } }),
    );
    expect(checked.publishBy).toBe('2025-10-23');
    const exemption = {
      reason: 'hampers_enforcement',
      note: '关联案件尚在侦查，公开可能妨害调查',
      reviewOn: '2026-03-31',
    };
    const exempt = await submit(companyPenalty({ exemption }));
    const read = await call('GET', `/v1/decisions/${exempt.id}`, { token: reviewer });
    expect(read.body.decision.exemption).toEqual(exemption);
    expect(read.body.exemption).toEqual({ reason: 'hampers_enforcement', source: 'declared' });
    expect(read.body.deadlines.exemptionReview).toBeUndefined();
    const confirmed = await call('POST', `/v1/decisions/${exempt.id}/review`, {
      token: reviewer,
      headers: { 'if-match': `"${read.body.version}"` },
      body: { outcome: 'approve', comment: '关联案件尚在侦查' },
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const kept = await call('GET', `/v1/decisions/${exempt.id}`, { token: reviewer });
    expect(kept.body.status).toBe('exempt');
    expect(kept.body.deadlines.exemptionReview).toMatchObject({
      kind: 'exemption_review',
      rule: 'R3',
      due: '2026-03-31',
    });
    const ruled = await submit(
      companyPenalty({
        exemption: { reason: 'other_law', note: '《中华人民共和国保守国家秘密法》第九条' },
      }),
    );
    expect(ruled.status).toBe('pending_review');
  });
});

describe('auth', () => {
  it('answers 401 without a token and 404 for another agency’s decision', async () => {
    const decision = await submit();
    expect((await call('GET', `/v1/decisions/${decision.id}`)).status).toBe(401);
    expect((await call('GET', `/v1/decisions/${decision.id}`, { token: 'not.a.jwt' })).status).toBe(401);
    const foreign = await call('GET', `/v1/decisions/${decision.id}`, { token: otherSubmitter });
    expect(foreign).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect((await call('GET', `/v1/decisions/${decision.id}/audit`, { token: otherSubmitter })).status).toBe(
      404,
    );
    expect((await call('GET', `/v1/decisions/${decision.id}`, { token: operator })).status).toBe(200);
    expect((await call('GET', '/v1/decisions/UNKNOWN0000000000000000000', { token: submitter })).status).toBe(
      404,
    );
  });

  it('lets an operator order an emergency takedown of any agency, and nothing else', async () => {
    const decision = await submit();
    const revoke = await call('POST', `/v1/decisions/${decision.id}/withdraw`, {
      token: operator,
      body: { reason: 'revoked', explanation: '撤销' },
      headers: { 'if-match': '"1"' },
    });
    expect(revoke.status).toBe(403);
    const emergency = await call('POST', `/v1/decisions/${decision.id}/withdraw`, {
      token: operator,
      body: { reason: 'emergency', explanation: '严重后果' },
      headers: { 'if-match': '"1"' },
    });
    expect(emergency.status).toBe(409); // nothing public to take down yet
    expect(emergency.body.code).toBe('illegal_transition');
  });
});

describe('GET /v1/openapi.json', () => {
  it('describes every route of the route table, generated from the schemas', async () => {
    const reply = await call('GET', '/v1/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe('3.1.0');
    for (const route of ROUTES)
      expect(reply.body.paths[route.path][route.method.toLowerCase()]).toBeDefined();
    expect(reply.body.components.schemas.DecisionInput.properties.actionType.enum).toContain('penalty');
    expect(reply.body.components.schemas.Problem).toBeDefined();
    // The review's answer says what it did (R3), and every decision where it stands against publishBy (R5).
    const schemas = reply.body.components.schemas;
    expect(schemas.ReviewAnswer.properties.outcome.enum).toEqual(['approve', 'reject', 'exempt']);
    expect(schemas.DecisionSummary.properties).toHaveProperty('overdue');
    expect(schemas.DecisionSummary.properties).toHaveProperty('workingDaysLeft');
    expect(schemas.Decision.properties).toHaveProperty('workingDaysLeft');
    expect(
      reply.body.paths['/v1/decisions/{id}/review'].post.responses['200'].content['application/json'].schema,
    ).toEqual({ $ref: '#/components/schemas/ReviewAnswer' });
  });
});
