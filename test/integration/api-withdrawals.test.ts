/**
 * Over HTTP on the local platform: R7's legal event on every withdrawal that follows one (takedownBy, onTime),
 * R8's four eyes on a withdrawal made by one person (confirm, reinstate), and the discard of a decision never
 * published. Every refusal is problem+json naming its code (and field), and writes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../shared/domain/dates.ts';
import { agencyId, companyPenalty } from './fixtures/decisions.ts';
import { eventuallyWithin } from './support/eventually.ts';
import { call, type Reply } from './support/http.ts';
import { tokenFor } from './support/tokens.ts';

const AGENCY = agencyId('siping-gxj');
let submitter: string;
let colleague: string;
let reviewer: string;
let secondReviewer: string;
let both: string;

const eventually = eventuallyWithin(30_000);

beforeAll(async () => {
  submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
  colleague = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'zhao.lei' });
  reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
  secondReviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'sun.li' });
  both = await tokenFor({ agency: AGENCY, roles: ['submitter', 'reviewer'], user: 'chen.jie' });
});

async function submit(overrides: Record<string, unknown> = {}) {
  const reply = await call('POST', '/v1/decisions', { token: submitter, body: companyPenalty(overrides) });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { id: string; version: number };
}

async function read(id: string) {
  const reply = await call('GET', `/v1/decisions/${id}`, { token: reviewer });
  expect(reply.status).toBe(200);
  return reply.body;
}

/** Submitted (decided 2025-09-28), approved, and published by the stream. */
async function published() {
  const { id } = await submit();
  const approved = await call('POST', `/v1/decisions/${id}/review`, {
    token: reviewer,
    body: { outcome: 'approve', comment: '同意公开' },
    headers: { 'if-match': '"1"' },
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return eventually(async () => {
    const body = await read(id);
    expect(body.status).toBe('published');
    return body as { id: string; version: number };
  });
}

const post = (path: string, token: string, body: unknown, version?: number) =>
  call('POST', path, {
    token,
    body,
    ...(version === undefined ? {} : { headers: { 'if-match': `"${version}"` } }),
  });

function refused(reply: Reply, status: number, code: string, field?: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers.get('content-type')).toContain('application/problem+json');
  expect(reply.body.code).toBe(code);
  if (field !== undefined) {
    expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  }
}

describe('R7: a withdrawal states the legal event its 3 working days run from', () => {
  it('refuses a missing, future, pre-decision, impossible or malformed legalEventDate, naming the field, writing nothing', async () => {
    const decision = await published();
    const path = `/v1/decisions/${decision.id}/withdraw`;
    const today = shanghaiDate(new Date());
    const body = (extra: Record<string, unknown>, reason = 'revoked') => ({
      reason,
      explanation: '原处罚决定已被行政复议决定撤销',
      ...extra,
    });
    for (const reason of ['revoked', 'confirmed_illegal', 'confirmed_invalid', 'redo_ordered', 'changed']) {
      refused(
        await post(path, submitter, body({}, reason), decision.version),
        422,
        'legal_event_date_required',
        'legalEventDate',
      );
    }
    refused(
      await post(path, submitter, body({ legalEventDate: addDays(today, 1) }), decision.version),
      422,
      'legal_event_in_future',
      'legalEventDate',
    );
    refused(
      await post(path, submitter, body({ legalEventDate: '2025-09-27' }), decision.version),
      422,
      'legal_event_before_decision',
      'legalEventDate',
    );
    refused(
      await post(path, submitter, body({ legalEventDate: '2025-02-30' }), decision.version),
      422,
      'invalid_date',
      'legalEventDate',
    );
    refused(
      await post(path, submitter, body({ legalEventDate: '30.09.2025' }), decision.version),
      400,
      'invalid_request',
      'legalEventDate',
    );
    refused(
      await post(path, submitter, body({ legalEventDate: '2025-09-30' }, 'emergency'), decision.version),
      422,
      'legal_event_date_not_applicable',
      'legalEventDate',
    );
    const untouched = await read(decision.id);
    expect(untouched).toMatchObject({ status: 'published', version: decision.version, withdrawal: null });
    const audit = await call('GET', `/v1/decisions/${decision.id}/audit`, { token: reviewer });
    expect(audit.body.events.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'approve',
      'publish',
    ]);
  });

  it('answers takedownBy and onTime, explained from the event, on the answer and on the decision', async () => {
    const late = await published();
    // Confirmed void on 2025-09-30 (art. 48): 3 working days across National Day, the adjusted 10-11 counted.
    const reply = await post(
      `/v1/decisions/${late.id}/withdraw`,
      submitter,
      { reason: 'confirmed_invalid', explanation: '原处罚决定已被确认无效', legalEventDate: '2025-09-30' },
      late.version,
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.withdrawal).toMatchObject({
      reason: 'confirmed_invalid',
      legalEventDate: '2025-09-30',
      takedownBy: '2025-10-11',
      onTime: false,
    });
    expect(reply.body.withdrawal.takedownExplanation).toContain(
      '自2025-09-30（原决定被确认无效之日，当日不计）',
    );
    expect(reply.body.withdrawal.takedownExplanation).toContain('截止2025-10-11');
    expect((await read(late.id)).withdrawal).toEqual(reply.body.withdrawal);

    // Changed today (变更): due 3 working days on, and on time.
    const prompt = await published();
    const today = shanghaiDate(new Date());
    const onTime = await post(
      `/v1/decisions/${prompt.id}/withdraw`,
      reviewer,
      { reason: 'changed', explanation: '原处罚决定已依法变更', legalEventDate: today },
      prompt.version,
    );
    expect(onTime.status, JSON.stringify(onTime.body)).toBe(200);
    expect(onTime.body.withdrawal).toMatchObject({ reason: 'changed', legalEventDate: today, onTime: true });
    expect(onTime.body.withdrawal.takedownBy > today).toBe(true);

    // R8: published in error is due the day it is made.
    const inError = await published();
    const same = await post(
      `/v1/decisions/${inError.id}/withdraw`,
      submitter,
      { reason: 'published_in_error', explanation: '不应公开而公开' },
      inError.version,
    );
    expect(same.status).toBe(200);
    expect(same.body.withdrawal).toMatchObject({ takedownBy: today, onTime: true });
    expect(same.body.withdrawal.legalEventDate).toBeUndefined();
  });

  it('counts the late withdrawal in the compliance report', async () => {
    const decision = await published();
    await post(
      `/v1/decisions/${decision.id}/withdraw`,
      submitter,
      { reason: 'revoked', explanation: '原处罚决定已被撤销', legalEventDate: '2025-09-30' },
      decision.version,
    );
    const report = await call('GET', '/v1/reports/compliance?from=2025-09-01&to=2025-10-31', {
      token: reviewer,
    });
    expect(report.status).toBe(200);
    expect(report.body.withdrawnLate.decisions.map((d: { id: string }) => d.id)).toContain(decision.id);
    expect(report.body.notes.join(' ')).toContain('withdrawnLate');
  });

  it('puts the new reasons and legalEventDate in the OpenAPI document, and If-Match on the new routes', async () => {
    const doc = (await call('GET', '/v1/openapi.json')).body;
    const input = doc.components.schemas.WithdrawInput;
    expect(input.properties.reason.enum).toEqual(expect.arrayContaining(['confirmed_invalid', 'changed']));
    expect(input.properties.legalEventDate).toBeDefined();
    for (const path of ['withdrawal/confirm', 'withdrawal/reinstate', 'discard']) {
      const operation = doc.paths[`/v1/decisions/{id}/${path}`].post;
      expect(operation.parameters, path).toContainEqual(
        expect.objectContaining({ name: 'If-Match', in: 'header', required: true }),
      );
      expect(Object.keys(operation.responses), path).toEqual(
        expect.arrayContaining(['409', '412', '422', '428']),
      );
    }
  });
});

describe('R8: a withdrawal made by one person is confirmed or undone by another reviewer', () => {
  it('is confirmed by another reviewer of the agency; never by the withdrawer or a submitter, nor without If-Match', async () => {
    const decision = await published();
    const withdrawn = await post(
      `/v1/decisions/${decision.id}/withdraw`,
      both,
      { reason: 'published_in_error', explanation: '不应公开而公开' },
      decision.version,
    );
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.deadlines.confirmation).toMatchObject({ rule: 'R8', amount: 1 });
    // The withdrawer is not offered what R8 leaves to another reviewer; that reviewer is offered both.
    expect(withdrawn.body.allowedActions).not.toContain('confirm_withdrawal');
    expect(withdrawn.body.allowedActions).not.toContain('reinstate');
    const shown = await call('GET', `/v1/decisions/${decision.id}`, { token: reviewer });
    expect(shown.body.allowedActions).toEqual(['confirm_withdrawal', 'reinstate']);
    const path = `/v1/decisions/${decision.id}/withdrawal/confirm`;
    const v = withdrawn.body.version;
    refused(await post(path, both, { comment: '' }, v), 403, 'self_confirmation');
    refused(await post(path, submitter, { comment: '' }, v), 403, 'role_required');
    refused(await post(path, reviewer, { comment: '' }), 428, 'if_match_required');
    refused(await post(path, reviewer, { comment: '' }, v + 5), 412, 'version_mismatch');
    refused(await post(path, reviewer, { comment: 7 }, v), 400, 'invalid_request', 'comment');
    const confirmed = await post(path, reviewer, { comment: '核实无误' }, (await read(decision.id)).version);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.withdrawal.confirmation).toMatchObject({ by: 'wang.fang', comment: '核实无误' });
    expect(confirmed.body.deadlines.confirmation).toBeNull();
    refused(await post(path, secondReviewer, {}, confirmed.body.version), 409, 'illegal_transition');
  });

  it('reinstates a decision withdrawn by mistake: published again by the publisher, a reinstatement in the audit chain', async () => {
    const decision = await published();
    const withdrawn = await post(
      `/v1/decisions/${decision.id}/withdraw`,
      submitter,
      { reason: 'revoked', explanation: '原处罚决定已被撤销', legalEventDate: '2025-09-30' },
      decision.version,
    );
    expect(withdrawn.status).toBe(200);
    const path = `/v1/decisions/${decision.id}/withdrawal/reinstate`;
    const current = await eventually(async () => {
      const body = await read(decision.id);
      expect(body.version).toBeGreaterThan(withdrawn.body.version); // the takedown confirmed by the publisher
      return body;
    });
    refused(
      await post(path, reviewer, { comment: ' ' }, current.version),
      422,
      'comment_required',
      'comment',
    );
    refused(await post(path, submitter, { comment: '误撤' }, current.version), 403, 'role_required');
    const back = await post(path, reviewer, { comment: '误撤：撤销的是另一案' }, current.version);
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ status: 'publishing', publicRevision: 1, withdrawal: null });
    expect(back.body.reinstatements).toEqual([
      expect.objectContaining({
        by: 'wang.fang',
        withdrawal: expect.objectContaining({ reason: 'revoked' }),
      }),
    ]);
    await eventually(async () => expect((await read(decision.id)).status).toBe('published'));
    const audit = await call('GET', `/v1/decisions/${decision.id}/audit`, { token: reviewer });
    expect(audit.body.verification.valid).toBe(true);
    const actions = audit.body.events.map((e: { action: string }) => e.action);
    expect(actions.slice(-2)).toEqual(['reinstate', 'publish']);
    expect(audit.body.events.find((e: { action: string }) => e.action === 'reinstate').detail).toMatchObject({
      reinstatement: true,
      reason: 'revoked',
      withdrawnBy: 'li.na',
    });
  });
});

describe('discarding a decision never published', () => {
  it('is its submitter’s, with a reason; revoked on it is refused with a code that says so; nothing written on refusal', async () => {
    const decision = await submit();
    const withdraw = await post(
      `/v1/decisions/${decision.id}/withdraw`,
      submitter,
      { reason: 'revoked', explanation: '撤销', legalEventDate: '2025-09-30' },
      1,
    );
    refused(withdraw, 409, 'never_published_use_discard');
    const path = `/v1/decisions/${decision.id}/discard`;
    refused(await post(path, submitter, {}, 1), 400, 'invalid_request', 'reason');
    refused(await post(path, submitter, { reason: '  ' }, 1), 422, 'discard_reason_required', 'reason');
    refused(await post(path, colleague, { reason: '重复' }, 1), 403, 'not_submitter');
    refused(await post(path, reviewer, { reason: '重复' }, 1), 403, 'role_required');
    refused(await post(path, submitter, { reason: '重复' }), 428, 'if_match_required');
    expect(await read(decision.id)).toMatchObject({ status: 'pending_review', version: 1 });

    const dropped = await post(path, submitter, { reason: '重复录入' }, 1);
    expect(dropped.status, JSON.stringify(dropped.body)).toBe(200);
    expect(dropped.body).toMatchObject({
      status: 'discarded',
      discard: { by: 'li.na', reason: '重复录入' },
      withdrawal: null,
      publishBy: null,
    });
    // A published decision is withdrawn, never discarded.
    const live = await published();
    refused(
      await post(`/v1/decisions/${live.id}/discard`, submitter, { reason: '不要了' }, live.version),
      409,
      'illegal_transition',
    );

    const report = await call('GET', '/v1/reports/compliance?from=2025-09-01&to=2025-10-31', {
      token: reviewer,
    });
    const idsOf = (t: { decisions: { id: string }[] }) => t.decisions.map((d) => d.id);
    expect(idsOf(report.body.discarded)).toContain(decision.id);
    expect(idsOf(report.body.withdrawn)).not.toContain(decision.id);
    expect(idsOf(report.body.pendingPastDeadline)).not.toContain(decision.id);
  });
});
