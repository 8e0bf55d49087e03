/**
 * R7 (行政处罚法 art. 48, 85): a withdrawal of a revoked, confirmed illegal or void, redone or changed decision
 * runs 3 working days from the legal event it states; R8 (长治 §二 立即): published_in_error and emergency are
 * due the day they are made; and a withdrawal made by one person waits for another reviewer (four eyes).
 * Every date below comes from the working-day calendar itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import { addDays, type LocalDate } from '../../../shared/domain/dates.ts';
import { withdrawalConfirmationDeadline, withdrawalTiming } from '../../../shared/domain/deadlines.ts';
import {
  type Actor,
  type Decision,
  LEGAL_EVENT_REASONS,
  type WithdrawReason,
} from '../../../shared/domain/decision.ts';
import { allowedEvents, decide } from '../../../shared/domain/lifecycle.ts';
import { COMPANY_PENALTY } from '../../fixtures/decisions.ts';

const calendar = createDefaultCalendar();
const d = (s: string) => s as LocalDate;

const timing = (legalEventDate: string | undefined, filedOn: string, reason: WithdrawReason = 'revoked') =>
  withdrawalTiming({ reason, legalEventDate, decisionDate: d('2025-09-01'), filedOn: d(filedOn), calendar });

/** The n-th working day after `from`, stepping day by day through the calendar (the first day not counted). */
function nthWorkingDayAfter(from: LocalDate, n: number): LocalDate {
  let day = from;
  for (let counted = 0; counted < n; ) {
    day = addDays(day, 1);
    if (calendar.day(day).working) counted += 1;
  }
  return day;
}

describe('R7: the takedown deadline runs from the legal event the withdrawal states', () => {
  it('National Day 2025: revoked on 2025-09-30, due on the adjusted working Saturday 2025-10-11', () => {
    const t = timing('2025-09-30', '2025-10-09');
    expect(t.legalEventDate).toBe('2025-09-30');
    expect(t.deadline.due).toBe('2025-10-11');
    expect(t.onTime).toBe(true);
    // The explanation names the event's day, not the day the withdrawal was filed.
    expect(t.deadline.explanation).toContain('自2025-09-30（原决定被依法撤销之日，当日不计）起算3个工作日');
    expect(t.deadline.explanation).toContain('截止2025-10-11');
    expect(t.deadline.explanation).toContain('2025-10-01至2025-10-08（国庆节、中秋节）');
    expect(t.deadline.explanation).toContain('2025-10-11（星期六）为国庆节调休上班日');
    expect(t.deadline.explanation).not.toContain('2025-10-09（');
  });

  it('Spring Festival 2026: confirmed void on 2026-02-12, due 2026-02-24 (the adjusted Saturday 02-14 counts)', () => {
    const t = timing('2026-02-12', '2026-02-13', 'confirmed_invalid');
    expect(t.deadline.due).toBe('2026-02-24');
    expect(t.deadline.explanation).toContain('原决定被确认无效之日');
    expect(t.deadline.explanation).toContain('春节');
  });

  it('a legal event on a holiday (2025-10-03, National Day) is counted from the next working days', () => {
    const t = timing('2025-10-03', '2025-10-03', 'changed');
    expect(calendar.day(d('2025-10-03')).working).toBe(false);
    // 10-09 (Thu), 10-10 (Fri), 10-11 (the adjusted Saturday).
    expect(t.deadline.due).toBe('2025-10-11');
    expect(t.deadline.explanation).toContain('自2025-10-03（原决定被依法变更之日');
  });

  it('a withdrawal filed after its deadline is late; one filed on the last day is not', () => {
    expect(timing('2025-09-30', '2025-10-11').onTime).toBe(true);
    const late = timing('2025-09-30', '2025-10-13', 'confirmed_illegal');
    expect(late).toMatchObject({ onTime: false, deadline: { due: '2025-10-11' } });
  });

  it('refuses a withdrawal without the event, with one in the future or before the decision, naming the field', () => {
    const refused = (legalEventDate: string | undefined, code: string, reason: WithdrawReason = 'revoked') =>
      expect(() => timing(legalEventDate, '2025-10-09', reason)).toThrow(
        expect.objectContaining({ code, field: 'legalEventDate' }),
      );
    for (const reason of LEGAL_EVENT_REASONS) refused(undefined, 'legal_event_date_required', reason);
    refused('2025-10-10', 'legal_event_in_future');
    refused('2025-08-31', 'legal_event_before_decision');
    refused('2025-02-30', 'invalid_date');
    refused('2025-10-01', 'legal_event_date_not_applicable', 'emergency');
    refused('2025-10-01', 'legal_event_date_not_applicable', 'published_in_error');
    // The decision's own day and today are both allowed.
    expect(timing('2025-09-01', '2025-10-09')).toMatchObject({
      onTime: false,
      deadline: { due: '2025-09-04' },
    });
    expect(timing('2025-10-09', '2025-10-09').deadline.due).toBe('2025-10-13');
  });

  it('R8: published_in_error and emergency are due the day they are made, and so always on time', () => {
    for (const reason of ['published_in_error', 'emergency'] as const) {
      const t = timing(undefined, '2025-10-04', reason);
      expect(t).toMatchObject({ onTime: true, deadline: { due: '2025-10-04', rule: 'R8', amount: 0 } });
      expect(t.legalEventDate).toBeUndefined();
      expect(t.deadline.explanation).toContain('2025-10-04（星期六）');
      expect(t.deadline.explanation).toContain('当日为最后期限');
    }
  });

  it('takedownBy is always the 3rd working day after the legal event (property)', () => {
    const dateArb = fc
      .date({
        min: new Date('2025-01-01T00:00:00Z'),
        max: new Date('2026-12-20T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((instant) => d(instant.toISOString().slice(0, 10)));
    fc.assert(
      fc.property(dateArb, fc.constantFrom(...LEGAL_EVENT_REASONS), fc.nat(30), (event, reason, after) => {
        const filedOn = addDays(event, after);
        const t = withdrawalTiming({ reason, legalEventDate: event, decisionDate: event, filedOn, calendar });
        const third = nthWorkingDayAfter(event, 3);
        expect(t.deadline.due).toBe(third);
        expect(calendar.day(t.deadline.due).working).toBe(true);
        expect(t.onTime).toBe(filedOn <= third);
        expect(t.deadline.explanation).toContain(`自${event}（`);
      }),
      { numRuns: 400 },
    );
  });

  it('R8: a confirmation is due the next working day (a Friday withdrawal before National Day: 2025-10-09)', () => {
    expect(withdrawalConfirmationDeadline(d('2025-09-30'), calendar).due).toBe('2025-10-09');
    expect(withdrawalConfirmationDeadline(d('2026-02-13'), calendar).due).toBe('2026-02-14');
  });
});

describe('R8: four eyes on a withdrawal made by one person', () => {
  const AGENCY = 'siping-gxj';
  const submitter: Actor = { kind: 'user', userId: 'li.na', agencyId: AGENCY, roles: ['submitter'] };
  const reviewer: Actor = { kind: 'user', userId: 'wang.fang', agencyId: AGENCY, roles: ['reviewer'] };
  const second: Actor = { kind: 'user', userId: 'zhao.lei', agencyId: AGENCY, roles: ['reviewer'] };
  const stranger: Actor = {
    kind: 'user',
    userId: 'chen.gang',
    agencyId: 'changzhi-gxj',
    roles: ['reviewer'],
  };
  const system: Actor = { kind: 'system', userId: 'system:withdrawal-sweep' };
  const content = COMPANY_PENALTY;
  let clock = Date.parse('2025-10-09T02:00:00Z');
  const ctx = (actor: Actor) => {
    clock += 60_000;
    return { actor, at: new Date(clock).toISOString(), calendar };
  };
  function published(): Decision {
    let decision = decide(
      undefined,
      { type: 'submit', id: 'dec-1', content, basisDate: content.decisionDate },
      ctx(submitter),
    ).decision;
    decision = decide(
      decision,
      { type: 'approve', comment: '', projectionHash: 'a'.repeat(64) },
      ctx(reviewer),
    ).decision;
    return decide(decision, { type: 'publish' }, ctx(system)).decision;
  }
  const withdrawn = (by: Actor = reviewer) =>
    decide(
      published(),
      { type: 'withdraw', reason: 'revoked', explanation: '原决定已被撤销', legalEventDate: '2025-09-30' },
      ctx(by),
    ).decision;

  it('is confirmed by another reviewer of the agency, never the withdrawer, a stranger or a submitter', () => {
    const gone = withdrawn();
    expect(gone.withdrawal).toMatchObject({ takedownBy: '2025-10-11', onTime: true });
    expect(() => decide(gone, { type: 'confirm_withdrawal', comment: '' }, ctx(reviewer))).toThrow(
      expect.objectContaining({ code: 'self_confirmation' }),
    );
    expect(() => decide(gone, { type: 'confirm_withdrawal', comment: '' }, ctx(submitter))).toThrow(
      expect.objectContaining({ code: 'role_required' }),
    );
    expect(() => decide(gone, { type: 'confirm_withdrawal', comment: '' }, ctx(stranger))).toThrow(
      expect.objectContaining({ code: 'agency_mismatch' }),
    );
    const { decision: confirmed, audit } = decide(
      gone,
      { type: 'confirm_withdrawal', comment: '核实无误' },
      ctx(second),
    );
    expect(confirmed.status).toBe('withdrawn');
    expect(confirmed.withdrawal?.confirmation).toMatchObject({ by: 'zhao.lei', comment: '核实无误' });
    expect(audit).toMatchObject({ action: 'confirm_withdrawal', detail: { withdrawnBy: 'wang.fang' } });
    // Confirmed once.
    expect(() => decide(confirmed, { type: 'confirm_withdrawal', comment: '' }, ctx(second))).toThrow(
      expect.objectContaining({ code: 'illegal_transition' }),
    );
  });

  it('lets another reviewer reinstate a decision withdrawn by mistake: publishing again its last approved revision', () => {
    const gone = withdrawn(submitter);
    expect(() => decide(gone, { type: 'reinstate', comment: '' }, ctx(reviewer))).toThrow(
      expect.objectContaining({ code: 'comment_required', field: 'comment' }),
    );
    const { decision: back, audit } = decide(
      gone,
      { type: 'reinstate', comment: '误撤，原决定未被撤销' },
      ctx(reviewer),
    );
    expect(back).toMatchObject({ status: 'publishing', publicRevision: 1 });
    expect(back.withdrawal).toBeUndefined();
    expect(back.takedownConfirmedAt).toBeUndefined();
    expect(back.reinstatements).toEqual([
      expect.objectContaining({
        by: 'wang.fang',
        withdrawal: expect.objectContaining({ reason: 'revoked', by: 'li.na' }),
      }),
    ]);
    expect(audit).toMatchObject({
      action: 'reinstate',
      after: { status: 'publishing' },
      detail: { reinstatement: true, revision: 1, reason: 'revoked', withdrawnBy: 'li.na' },
    });
    // The withdrawer never undoes their own withdrawal.
    const own = withdrawn(reviewer);
    expect(() => decide(own, { type: 'reinstate', comment: '误撤' }, ctx(reviewer))).toThrow(
      expect.objectContaining({ code: 'self_confirmation' }),
    );
  });

  it('never reinstates an expiry (R6), which needs no confirmation either', () => {
    const expired = decide(
      published(),
      { type: 'withdraw', reason: 'expired', explanation: '' },
      ctx(system),
    ).decision;
    expect(allowedEvents(expired)).toEqual(['confirm_takedown']);
    expect(() => decide(expired, { type: 'reinstate', comment: '误撤' }, ctx(reviewer))).toThrow(
      expect.objectContaining({ code: 'illegal_transition' }),
    );
  });
});
