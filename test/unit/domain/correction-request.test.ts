import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import { addWorkingDays } from '../../../shared/domain/calendar/work-calendar.ts';
import {
  answeredOnTime,
  type CorrectionFilingInput,
  type CorrectionRequest,
  correctionPublication,
  decideRequest,
  evidenceKey,
  isOverdue,
  MAX_EVIDENCE_BYTES,
  publicCorrectionRequest,
  REQUEST_TRANSITIONS,
  type RequestActor,
  validateCorrectionFiling,
} from '../../../shared/domain/correction-request.ts';
import { type LocalDate, parseLocalDate } from '../../../shared/domain/dates.ts';
import { correctionAnswerDeadline } from '../../../shared/domain/deadlines.ts';
import type { Decision } from '../../../shared/domain/decision.ts';
import { ForbiddenError, IllegalTransitionError, ValidationError } from '../../../shared/domain/errors.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../../shared/domain/settings.ts';

const d = (value: string): LocalDate => parseLocalDate(value);
const calendar = createDefaultCalendar();
const settings = DEFAULT_AGENCY_SETTINGS('sp-gxj');
const PUBLIC: RequestActor = { kind: 'public' };
const submitter: RequestActor = { kind: 'user', userId: 'li.na', agencyId: 'sp-gxj', roles: ['submitter'] };
const reviewer: RequestActor = { kind: 'user', userId: 'wang.fang', agencyId: 'sp-gxj', roles: ['reviewer'] };
const operator: RequestActor = { kind: 'user', userId: 'ops', agencyId: 'platform', roles: ['operator'] };

const FILING: CorrectionFilingInput = {
  what: '公示的罚款金额为伍万元，决定书原文为叁万元。',
  evidence: '附行政处罚决定书扫描件第2页。',
  attachments: [{ name: '决定书第2页.pdf', contentType: 'application/pdf', size: 120_000 }],
  contact: { name: '刘建国', phone: '13812345678', email: 'liu.jianguo@example.com' },
};

function issuesOf(run: () => unknown): { code: string; field: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) {
      return (
        (error.details?.issues ?? [{ code: error.code, field: error.field }]) as {
          code: string;
          field: string;
        }[]
      ).map(({ code, field }) => ({ code, field }));
    }
    throw error;
  }
  return [];
}

function filed(at = '2025-09-30T02:00:00.000Z', filing = FILING): CorrectionRequest {
  const deadline = correctionAnswerDeadline(d(at.slice(0, 10)), settings, calendar);
  return decideRequest(
    undefined,
    {
      type: 'file',
      id: 'R1',
      decisionId: 'D1',
      agencyId: 'sp-gxj',
      caseNumber: '四工信罚〔2025〕12号',
      filing: validateCorrectionFiling(filing),
      deadline,
      challenge: 'solved',
    },
    { actor: PUBLIC, at },
  ).request;
}

describe('the answer deadline of a correction request (R9) on the real calendar', () => {
  it('runs 7 working days from a filing on 2025-09-30 across the National Day holiday, counting the 调休 Saturday', () => {
    const deadline = correctionAnswerDeadline(d('2025-09-30'), settings, calendar);
    // Computed from the calendar in the repo: 2025-10-01…08 are off, Saturday 2025-10-11 is a working day.
    const fromCalendar = addWorkingDays(calendar, d('2025-09-30'), 7);
    expect(fromCalendar.counted.map((day) => day.date)).toEqual([
      '2025-10-09',
      '2025-10-10',
      '2025-10-11',
      '2025-10-13',
      '2025-10-14',
      '2025-10-15',
      '2025-10-16',
    ]);
    expect(deadline.due).toBe(fromCalendar.due);
    expect(deadline.due).toBe('2025-10-16');
    expect(deadline.adjustedWorkdays).toEqual([
      { date: '2025-10-11', name: expect.stringContaining('国庆') },
    ]);
    expect(deadline.explanation).toContain('2025-10-01至2025-10-08');
    expect(deadline.explanation).toContain('2025-10-11（星期六）');
  });

  it('runs across the 2026 Spring Festival to the 调休 Saturday 2026-02-28', () => {
    expect(filed('2026-02-12T02:00:00.000Z').deadline.due).toBe('2026-02-28');
  });

  it('follows an agency setting of 5 working days', () => {
    const deadline = correctionAnswerDeadline(
      d('2025-09-30'),
      { ...settings, correctionAnswerWorkingDays: 5 },
      calendar,
    );
    expect(deadline.due).toBe('2025-10-14');
  });

  it('is overdue from the day after its last day, while open', () => {
    const request = filed();
    expect(isOverdue(request, d('2025-10-16'))).toBe(false);
    expect(isOverdue(request, d('2025-10-17'))).toBe(true);
    const rejected = decideRequest(
      request,
      { type: 'reject', reasons: '经核对无误' },
      { actor: reviewer, at: '2025-10-20T02:00:00Z' },
    );
    expect(isOverdue(rejected.request, d('2025-10-21'))).toBe(false);
    expect(answeredOnTime(rejected.request)).toBe(false);
  });

  it('counts an answer on the last day (Asia/Shanghai) as on time', () => {
    // 2025-10-16T15:59Z is 23:59 in Shanghai on the last day.
    const answered = decideRequest(
      filed(),
      { type: 'reject', reasons: '经核对无误' },
      {
        actor: reviewer,
        at: '2025-10-16T15:59:00Z',
      },
    );
    expect(answeredOnTime(answered.request)).toBe(true);
  });
});

describe('a filing (R9)', () => {
  it('keeps the trimmed texts, the contact and the declared files', () => {
    const filing = validateCorrectionFiling({ ...FILING, what: `  ${FILING.what}\r\n` });
    expect(filing.what).toBe(FILING.what);
    expect(filing.contact).toEqual(FILING.contact);
    expect(filing.attachments).toEqual(FILING.attachments);
  });

  it('needs what is wrong, the evidence, a name and a phone or an e-mail, all at once', () => {
    const issues = issuesOf(() =>
      validateCorrectionFiling({ what: ' ', evidence: '', contact: { name: '', phone: '', email: '' } }),
    );
    expect(issues).toEqual([
      { code: 'required', field: 'what' },
      { code: 'required', field: 'evidence' },
      { code: 'required', field: 'contact.name' },
      { code: 'contact_required', field: 'contact' },
    ]);
  });

  it('accepts a landline or an e-mail alone', () => {
    expect(
      validateCorrectionFiling({ ...FILING, contact: { name: '刘建国', phone: '0434-3212345' } }).contact,
    ).toEqual({
      name: '刘建国',
      phone: '0434-3212345',
    });
    expect(
      validateCorrectionFiling({ ...FILING, contact: { name: '刘建国', email: 'a@b.cn' } }).contact,
    ).toEqual({
      name: '刘建国',
      email: 'a@b.cn',
    });
  });

  it('refuses a malformed phone or e-mail, texts too long and control characters', () => {
    const issues = issuesOf(() =>
      validateCorrectionFiling({
        what: '错'.repeat(2001),
        evidence: 'a\u0000b',
        contact: { name: '刘建国', phone: '12345', email: 'not-an-address' },
      }),
    );
    expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual([
      'what:too_long',
      'evidence:invalid_characters',
      'contact.phone:invalid_phone',
      'contact.email:invalid_email',
    ]);
  });

  it('takes at most 5 files, each a PNG, JPEG or PDF of at most 10 MB', () => {
    const file = { name: 'a.png', contentType: 'image/png', size: 1 };
    expect(issuesOf(() => validateCorrectionFiling({ ...FILING, attachments: Array(6).fill(file) }))).toEqual(
      [{ code: 'too_many_attachments', field: 'attachments' }],
    );
    const issues = issuesOf(() =>
      validateCorrectionFiling({
        ...FILING,
        attachments: [
          { name: 'a.exe', contentType: 'application/x-msdownload', size: 10 },
          { name: 'big.pdf', contentType: 'application/pdf', size: MAX_EVIDENCE_BYTES + 1 },
          { name: '../x.png', contentType: 'image/png', size: 10 },
          { name: 'ok.JPG', contentType: 'IMAGE/JPEG', size: MAX_EVIDENCE_BYTES },
        ],
      }),
    );
    expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual([
      'attachments.0.contentType:unsupported_type',
      'attachments.1.size:invalid_size',
      'attachments.2.name:invalid_file_name',
    ]);
  });

  it('stores evidence under the request, never under a name the requester chose', () => {
    const request = filed();
    expect(request.attachments.map((a) => a.key)).toEqual([evidenceKey('R1', 0)]);
    expect(evidenceKey('R1', 0)).toBe('quarantine/correction-requests/R1/1');
  });
});

describe('the transition table of a request', () => {
  it('has three rows: anyone files; a submitter accepts (a correction); a submitter or reviewer rejects', () => {
    expect(REQUEST_TRANSITIONS.map((t) => `${t.from}-${t.event}->${t.to}:${t.by.join('|')}`)).toEqual([
      'none-file->open:public',
      'open-accept->accepted:submitter',
      'open-reject->rejected:submitter|reviewer',
    ]);
  });

  it('files as the public, version 1, with an audit entry that holds no contact', () => {
    const { request, audit } = decideRequest(
      undefined,
      {
        type: 'file',
        id: 'R1',
        decisionId: 'D1',
        agencyId: 'sp-gxj',
        caseNumber: '四工信罚〔2025〕12号',
        filing: validateCorrectionFiling(FILING),
        deadline: correctionAnswerDeadline(d('2025-09-30'), settings, calendar),
        challenge: 'solved',
      },
      { actor: PUBLIC, at: '2025-09-30T02:00:00.000Z' },
    );
    expect(request).toMatchObject({ status: 'open', version: 1, decisionId: 'D1', agencyId: 'sp-gxj' });
    expect(audit).toMatchObject({
      action: 'file',
      actor: { userId: 'public' },
      after: { status: 'open', version: 1 },
    });
    const text = JSON.stringify(audit);
    for (const value of Object.values(FILING.contact)) expect(text).not.toContain(value);
  });

  it('rejects with reasons only, by a reviewer or a submitter of the agency', () => {
    const request = filed();
    expect(() =>
      decideRequest(
        request,
        { type: 'reject', reasons: ' ' },
        { actor: reviewer, at: '2025-10-09T02:00:00Z' },
      ),
    ).toThrow(expect.objectContaining({ code: 'reasons_required' }));
    const done = decideRequest(
      request,
      { type: 'reject', reasons: '经核对，公示内容与决定书一致。' },
      {
        actor: submitter,
        at: '2025-10-09T02:00:00Z',
      },
    );
    expect(done.request).toMatchObject({
      status: 'rejected',
      version: 2,
      answer: { outcome: 'reject', reasons: '经核对，公示内容与决定书一致。', by: 'li.na' },
    });
    expect(done.audit).toMatchObject({
      action: 'reject',
      before: { status: 'open' },
      after: { status: 'rejected' },
    });
  });

  it('accepts by a submitter only, remembering the correction it produced', () => {
    const request = filed();
    const accept = {
      type: 'accept' as const,
      reasons: '将更正罚款金额',
      correctionVersion: 5,
      correctionRevision: 2,
    };
    expect(() => decideRequest(request, accept, { actor: reviewer, at: '2025-10-09T02:00:00Z' })).toThrow(
      ForbiddenError,
    );
    expect(() => decideRequest(request, accept, { actor: operator, at: '2025-10-09T02:00:00Z' })).toThrow(
      ForbiddenError,
    );
    const done = decideRequest(request, accept, { actor: submitter, at: '2025-10-09T02:00:00Z' });
    expect(done.request.answer).toMatchObject({
      outcome: 'accept',
      correctionVersion: 5,
      correctionRevision: 2,
    });
  });

  it('refuses another agency, the public answering, and a second answer', () => {
    const request = filed();
    const other: RequestActor = { kind: 'user', userId: 'x', agencyId: 'changzhi', roles: ['reviewer'] };
    expect(() =>
      decideRequest(
        request,
        { type: 'reject', reasons: '理由' },
        { actor: other, at: '2025-10-09T02:00:00Z' },
      ),
    ).toThrow(expect.objectContaining({ code: 'agency_mismatch' }));
    expect(() =>
      decideRequest(
        request,
        { type: 'reject', reasons: '理由' },
        { actor: PUBLIC, at: '2025-10-09T02:00:00Z' },
      ),
    ).toThrow(expect.objectContaining({ code: 'role_required' }));
    const rejected = decideRequest(
      request,
      { type: 'reject', reasons: '理由' },
      { actor: reviewer, at: '2025-10-09T02:00:00Z' },
    );
    expect(() =>
      decideRequest(
        rejected.request,
        { type: 'reject', reasons: '理由' },
        { actor: reviewer, at: '2025-10-10T02:00:00Z' },
      ),
    ).toThrow(IllegalTransitionError);
  });
});

describe('what the public sees of a request', () => {
  it('is status, deadline and answer, field by field', () => {
    const view = publicCorrectionRequest(filed(), d('2025-10-17'));
    expect(Object.keys(view).sort()).toEqual(
      [
        'answer',
        'answerBy',
        'answerByExplanation',
        'attachments',
        'caseNumber',
        'correction',
        'decisionId',
        'filedAt',
        'filedOn',
        'id',
        'overdue',
        'status',
        'statusLabel',
      ].sort(),
    );
    expect(view).toMatchObject({
      status: 'open',
      answerBy: '2025-10-16',
      overdue: true,
      attachments: 1,
      answer: null,
    });
  });

  // Distinctive strings only: a name like "a" could occur in any text by chance.
  const marker = fc.stringMatching(/^[A-Za-z\u4e00-\u9fa5]{6,20}$/);
  const contact = fc.record({
    name: marker,
    phone: fc.constantFrom('13812345678', '15912345678', '0434-3212345', '+8613712345678'),
    email: fc
      .tuple(fc.stringMatching(/^[a-z][a-z0-9.]{5,15}$/), fc.constantFrom('example.com', 'qq.com', 'gov.cn'))
      .map(([local, domain]) => `${local}@${domain}`),
  });

  // Found while writing the reliability suite's leak scan: the answer went out as the agency typed it.
  it('masks the requester’s name, phone and e-mail, and any ID, quoted in the agency’s answer', () => {
    const id = '11010519491231002X';
    let request = filed('2025-09-30T02:00:00.000Z', {
      what: '罚款金额有误',
      evidence: '见原件',
      contact: { name: '赵子龙', phone: '13812345678', email: 'zhaozilong@example.com' },
    });
    request = decideRequest(
      request,
      {
        type: 'reject',
        reasons: `已电话联系赵子龙（13812345678，zhaozilong@example.com，身份证${id}），经核对原决定无误`,
      },
      { actor: reviewer, at: '2025-10-09T02:00:00Z' },
    ).request;
    const reasons = publicCorrectionRequest(request, d('2025-10-20')).answer?.reasons ?? '';
    for (const secret of ['赵子龙', '13812345678', 'zhaozilong@example.com', id])
      expect(reasons).not.toContain(secret);
    expect(reasons).toContain('经核对原决定无误');
    expect(reasons).toContain('赵**');
  });

  it("never contains the contact nor the requester's texts, whatever the request holds (property)", () => {
    fc.assert(
      fc.property(
        contact,
        marker,
        marker,
        fc.string({ maxLength: 100 }),
        fc.constantFrom('open', 'accept', 'reject'),
        (who, what, evidence, reasons, outcome) => {
          const distinct = [who.name, who.phone, who.email, what, evidence];
          fc.pre(distinct.every((a, i) => distinct.every((b, j) => i === j || !a.includes(b))));
          fc.pre(distinct.every((value) => !reasons.includes(value)));
          let request = filed('2025-09-30T02:00:00.000Z', {
            what,
            evidence,
            contact: { name: who.name, phone: who.phone, email: who.email },
          });
          const answer = { actor: outcome === 'accept' ? submitter : reviewer, at: '2025-10-09T02:00:00Z' };
          const clean =
            [...reasons]
              .filter((ch) => ch >= ' ' && ch !== '\u007f')
              .join('')
              .trim() || '经核对无误';
          if (outcome === 'reject')
            request = decideRequest(request, { type: 'reject', reasons: clean }, answer).request;
          if (outcome === 'accept') {
            const accept = {
              type: 'accept' as const,
              reasons: clean,
              correctionVersion: 3,
              correctionRevision: 2,
            };
            request = decideRequest(request, accept, answer).request;
          }
          const json = JSON.stringify(publicCorrectionRequest(request, d('2025-10-20')));
          for (const value of distinct) expect(json).not.toContain(value);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('whether an accepted request’s correction is public (R8, R9), read from the decision', () => {
  const accepted = decideRequest(
    filed(),
    { type: 'accept', reasons: '予以更正', correctionVersion: 4, correctionRevision: 2 },
    { actor: submitter, at: '2025-10-09T02:00:00.000Z' },
  ).request;
  const review = (outcome: 'approve' | 'reject', at: string) => ({
    outcome,
    at,
    by: 'wang.fang',
    comment: '',
  });
  const decision = (over: Partial<Decision>, second?: ReturnType<typeof review>): Decision =>
    ({
      id: 'D1',
      agencyId: 'sp-gxj',
      status: 'published',
      version: 5,
      revisions: [
        { number: 1, review: review('approve', '2025-09-01T02:00:00.000Z') },
        { number: 2, ...(second ? { review: second } : {}) },
      ],
      publicRevision: 1,
      publishedAt: '2025-09-01T03:00:00.000Z',
      lastPublishedAt: '2025-09-01T03:00:00.000Z',
      ...over,
    }) as unknown as Decision;

  it('is not while the correction awaits review, was sent back, or the request was not accepted', () => {
    expect(correctionPublication(accepted, decision({ pendingRevision: 2 }))).toBeUndefined();
    expect(
      correctionPublication(accepted, decision({}, review('reject', '2025-10-10T02:00:00.000Z'))),
    ).toBeUndefined();
    // Approved but the site has not taken it yet (a record says published only once the public side holds it).
    expect(
      correctionPublication(
        accepted,
        decision({ status: 'publishing', publicRevision: 2 }, review('approve', '2025-10-10T02:00:00.000Z')),
      ),
    ).toBeUndefined();
    expect(correctionPublication(filed(), decision({ publicRevision: 2 }))).toBeUndefined();
    expect(correctionPublication(accepted, undefined)).toBeUndefined();
  });

  it('is, from the day the site took it, once the decision is published with that revision', () => {
    const now = decision(
      { publicRevision: 2, lastPublishedAt: '2025-10-10T17:00:00.000Z' },
      review('approve', '2025-10-10T16:59:00.000Z'),
    );
    // Asia/Shanghai: 01:00 on the 11th.
    expect(correctionPublication(accepted, now)).toEqual({
      publishedAt: '2025-10-10T17:00:00.000Z',
      publishedOn: '2025-10-11',
    });
    const view = publicCorrectionRequest(accepted, d('2025-10-12'), correctionPublication(accepted, now));
    expect(view.statusLabel).toBe('已更正并公开');
    expect(view.status).toBe('accepted');
    // A later correction published since: the day of this one's approval, as the decision page gives it.
    const later = decision(
      { publicRevision: 3, lastPublishedAt: '2025-11-01T02:00:00.000Z' },
      review('approve', '2025-10-10T16:59:00.000Z'),
    );
    expect(correctionPublication(accepted, later)?.publishedAt).toBe('2025-10-10T16:59:00.000Z');
  });
});
