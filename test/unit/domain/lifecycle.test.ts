import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditEvent, appendAudit, headOf, verifyAuditChain } from '../../../shared/domain/audit.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import {
  type Actor,
  DECISION_STATUSES,
  type Decision,
  type DecisionContent,
  revisionOf,
  WITHDRAW_REASONS,
} from '../../../shared/domain/decision.ts';
import {
  allowedEvents,
  allowedEventsFor,
  type DecisionEvent,
  decide,
  TRANSITIONS,
} from '../../../shared/domain/lifecycle.ts';
import { COMPANY_PARTY_WITH_REPRESENTATIVE, COMPANY_PENALTY } from '../../fixtures/decisions.ts';

/** R2: the hash of the projection the reviewer was shown, which an approval records (approval.ts). */
const SHOWN_HASH = 'a'.repeat(64);

const d = (s: string) => s as LocalDate;
const AGENCY = 'siping-gxj';
const submitter: Actor = { kind: 'user', userId: 'li.na', agencyId: AGENCY, roles: ['submitter'] };
const colleague: Actor = { kind: 'user', userId: 'zhao.lei', agencyId: AGENCY, roles: ['submitter'] };
const reviewer: Actor = { kind: 'user', userId: 'wang.fang', agencyId: AGENCY, roles: ['reviewer'] };
const bothRoles: Actor = {
  kind: 'user',
  userId: 'li.na',
  agencyId: AGENCY,
  roles: ['submitter', 'reviewer'],
};
const otherReviewer: Actor = {
  kind: 'user',
  userId: 'chen.gang',
  agencyId: 'changzhi-gxj',
  roles: ['reviewer'],
};
const operator: Actor = { kind: 'user', userId: 'ops.sun', agencyId: 'platform', roles: ['operator'] };
const system: Actor = { kind: 'system', userId: 'system:publisher' };

const penalty: DecisionContent = { ...COMPANY_PENALTY, party: COMPANY_PARTY_WITH_REPRESENTATIVE };
const tradeSecret: DecisionContent = {
  ...penalty,
  caseNumber: '四工信罚〔2025〕13号',
  exemption: { reason: 'trade_secret' },
};

const calendar = createDefaultCalendar();
let clock = Date.parse('2025-09-28T02:00:00Z');
const ctx = (actor: Actor) => {
  clock += 60_000;
  return { actor, at: new Date(clock).toISOString(), calendar };
};
/** R7: the legal event of the withdrawals below: the decision's own day (2025-09-28, a 调休 working Sunday). */
const EVENT = '2025-09-28';

function run(start: Decision | undefined, steps: ReadonlyArray<[DecisionEvent, Actor]>) {
  let decision = start;
  const audit: AuditEvent[] = [];
  for (const [event, actor] of steps) {
    const result = decide(decision, event, ctx(actor));
    decision = result.decision;
    audit.push(appendAudit(headOf(audit), result.audit));
  }
  return { decision: decision as Decision, audit };
}

const submit = (content = penalty): [DecisionEvent, Actor] => [
  { type: 'submit', id: 'dec-1', content, basisDate: content.decisionDate },
  submitter,
];
const approve: [DecisionEvent, Actor] = [
  { type: 'approve', comment: '同意公开', projectionHash: SHOWN_HASH },
  reviewer,
];
const publish: [DecisionEvent, Actor] = [{ type: 'publish' }, system];

describe('the decision lifecycle', () => {
  it('goes submit → approve → publish, one version per event, the audit chain recording each step', () => {
    const { decision, audit } = run(undefined, [submit(), approve, publish]);
    expect(decision).toMatchObject({ status: 'published', version: 3, publicRevision: 1, agencyId: AGENCY });
    expect(decision.pendingRevision).toBeUndefined();
    expect(decision.publishedAt).toBe(decision.lastPublishedAt);
    expect(revisionOf(decision, 1)?.review).toMatchObject({
      reviewerId: 'wang.fang',
      outcome: 'approve',
      comment: '同意公开',
    });
    expect(audit.map((e) => [e.action, e.before?.status, e.after?.status])).toEqual([
      ['submit', undefined, 'pending_review'],
      ['approve', 'pending_review', 'publishing'],
      ['publish', 'publishing', 'published'],
    ]);
    expect(audit[1]?.actor).toEqual({ userId: 'wang.fang', agencyId: AGENCY });
    expect(verifyAuditChain(audit, { expectedHead: headOf(audit) }).valid).toBe(true);
  });

  it('keeps the published revision public while a correction is under review (R8)', () => {
    const corrected = { ...penalty, result: '罚款人民币肆万元' };
    const { decision, audit } = run(undefined, [
      submit(),
      approve,
      publish,
      [{ type: 'correct', content: corrected, basisDate: d('2025-10-20') }, colleague],
    ]);
    expect(decision).toMatchObject({ status: 'published', publicRevision: 1, pendingRevision: 2 });
    expect(revisionOf(decision, 2)).toMatchObject({ basisDate: '2025-10-20', submittedBy: 'zhao.lei' });
    expect(audit.at(-1)?.detail).toMatchObject({ revision: 2, changedFields: ['result'] });

    const approved = run(decision, [approve, publish]).decision;
    expect(approved).toMatchObject({ status: 'published', publicRevision: 2 });
    expect(approved.lastPublishedAt).not.toBe(approved.publishedAt);

    const rejected = run(decision, [[{ type: 'reject', comment: '金额有误' }, reviewer]]).decision;
    expect(rejected).toMatchObject({ status: 'published', publicRevision: 1 });
    expect(rejected.pendingRevision).toBeUndefined();
  });

  it('sends a rejected decision back, and takes it again as a new revision', () => {
    const { decision } = run(undefined, [
      submit(),
      [{ type: 'reject', comment: '法律依据条款错误' }, reviewer],
      [
        {
          type: 'resubmit',
          content: { ...penalty, legalBasis: '《危险化学品安全管理条例》第七十八条' },
          basisDate: d('2025-09-30'),
        },
        submitter,
      ],
    ]);
    expect(decision).toMatchObject({ status: 'pending_review', pendingRevision: 2, version: 3 });
    expect(revisionOf(decision, 1)?.review?.outcome).toBe('reject');
  });

  it('refuses a rejection without a reason', () => {
    expect(() => run(undefined, [submit(), [{ type: 'reject', comment: '  ' }, reviewer]])).toThrow(
      expect.objectContaining({ code: 'comment_required' }),
    );
  });

  describe('R2: review by someone else of the same agency', () => {
    it('refuses self-review, even by a user who holds both roles', () => {
      const [event] = submit();
      const mine = decide(undefined, event, ctx(bothRoles)).decision;
      expect(() => decide(mine, approve[0], ctx(bothRoles))).toThrow(
        expect.objectContaining({ code: 'self_review' }),
      );
    });

    it('refuses a reviewer of another agency, and a submitter who is not a reviewer', () => {
      const { decision } = run(undefined, [submit()]);
      expect(() => decide(decision, approve[0], ctx(otherReviewer))).toThrow(
        expect.objectContaining({ code: 'agency_mismatch' }),
      );
      expect(() => decide(decision, approve[0], ctx(colleague))).toThrow(
        expect.objectContaining({ code: 'role_required' }),
      );
      expect(() => decide(decision, approve[0], ctx(operator))).toThrow(
        expect.objectContaining({ code: 'role_required' }),
      );
    });

    it('lets the reviewer of a correction be the submitter of the first revision, but not of the correction', () => {
      const { decision } = run(undefined, [
        submit(),
        approve,
        publish,
        [
          {
            type: 'correct',
            content: { ...penalty, result: '罚款人民币叁万元' },
            basisDate: d('2025-10-20'),
          },
          { ...colleague, roles: ['submitter', 'reviewer'] },
        ],
      ]);
      expect(decide(decision, approve[0], ctx(bothRoles)).decision.status).toBe('publishing');
      expect(() => decide(decision, approve[0], ctx({ ...colleague, roles: ['reviewer'] }))).toThrow(
        expect.objectContaining({ code: 'self_review' }),
      );
    });
  });

  describe('R3: never-publish decisions', () => {
    it('cannot be approved for publication, only confirmed exempt, and then never gets a public revision', () => {
      const { decision } = run(undefined, [submit(tradeSecret)]);
      expect(() => decide(decision, approve[0], ctx(reviewer))).toThrow(
        expect.objectContaining({ code: 'exempt_not_publishable' }),
      );
      const exempt = decide(
        decision,
        { type: 'exempt', comment: '涉及商业秘密，不予公开' },
        ctx(reviewer),
      ).decision;
      expect(exempt.status).toBe('exempt');
      expect(exempt.publicRevision).toBeUndefined();
      expect(() => decide(exempt, publish[0], ctx(system))).toThrow(
        expect.objectContaining({ code: 'illegal_transition' }),
      );
    });

    it('records an approval that exempts as what it is: approved, result exempt, with its reason, never 同意公开', () => {
      const { decision } = run(undefined, [submit(tradeSecret)]);
      const { decision: exempt, audit } = decide(decision, { type: 'exempt', comment: '' }, ctx(reviewer));
      expect(audit.action).toBe('exempt');
      expect(audit.detail).toMatchObject({
        outcome: 'approve',
        result: 'exempt',
        label: '同意，不予公开（豁免）',
        reason: 'trade_secret',
        source: 'declared',
      });
      expect(JSON.stringify(audit)).not.toContain('同意公开');
      expect(exempt.revisions[0]?.review).toMatchObject({ outcome: 'exempt', reviewerId: 'wang.fang' });
    });

    it('offers a reviewer the exemption of a never-publish revision, never its approval for publication', () => {
      const { decision } = run(undefined, [submit(tradeSecret)]);
      expect(allowedEventsFor(decision, reviewer)).toEqual(['reject', 'exempt']);
      const publishable = run(undefined, [submit()]).decision;
      expect(allowedEventsFor(publishable, reviewer)).toEqual(['approve', 'reject']);
      // R2: never to the author, whatever roles they hold; the discard is the author's alone.
      expect(allowedEventsFor(publishable, { ...submitter, roles: ['submitter', 'reviewer'] })).toEqual([
        'correct',
        'discard',
      ]);
      expect(allowedEventsFor(publishable, colleague)).toEqual(['correct']);
      expect(allowedEventsFor(publishable, otherReviewer)).toEqual([]);
    });

    it('refuses to confirm an exemption that no ground supports', () => {
      const { decision } = run(undefined, [submit()]);
      expect(() => decide(decision, { type: 'exempt', comment: '' }, ctx(reviewer))).toThrow(
        expect.objectContaining({ code: 'not_exempt' }),
      );
    });

    it('refuses to "correct" a published decision into a never-publish one: that is a withdrawal', () => {
      const { decision } = run(undefined, [submit(), approve, publish]);
      const correction: DecisionEvent = {
        type: 'correct',
        content: { ...penalty, exemption: { reason: 'state_secret' } },
        basisDate: d('2025-10-02'),
      };
      expect(() => decide(decision, correction, ctx(submitter))).toThrow(
        expect.objectContaining({ code: 'correction_would_exempt' }),
      );
    });
  });

  describe('withdrawal (R6, R7, R8)', () => {
    const published = () => run(undefined, [submit(), approve, publish]).decision;

    it('takes a revoked decision down with its explanation, dropping a pending correction', () => {
      const withCorrection = decide(
        published(),
        { type: 'correct', content: { ...penalty, result: '警告' }, basisDate: d('2025-11-01') },
        ctx(submitter),
      ).decision;
      const out = decide(
        withCorrection,
        {
          type: 'withdraw',
          reason: 'revoked',
          explanation: '原处罚决定已被四平市人民政府行政复议决定撤销',
          legalEventDate: EVENT,
        },
        ctx(reviewer),
      );
      // R7: 09-29, 09-30 and, after National Day and Mid-Autumn (10-01 to 10-08), 10-09.
      expect(out.decision).toMatchObject({
        status: 'withdrawn',
        withdrawal: {
          reason: 'revoked',
          by: 'wang.fang',
          legalEventDate: EVENT,
          takedownBy: '2025-10-09',
          onTime: true,
        },
      });
      expect(out.decision.withdrawal?.takedownExplanation).toContain(
        '自2025-09-28（原决定被依法撤销之日，当日不计）',
      );
      expect(out.decision.pendingRevision).toBeUndefined();
      expect(out.audit.detail).toEqual({
        reason: 'revoked',
        explanation: '原处罚决定已被四平市人民政府行政复议决定撤销',
        legalEventDate: EVENT,
        takedownBy: '2025-10-09',
        onTime: true,
      });
    });

    it('needs the necessary explanation (必要的说明) for every reason but expiry', () => {
      expect(() =>
        decide(
          published(),
          { type: 'withdraw', reason: 'confirmed_illegal', explanation: ' ' },
          ctx(submitter),
        ),
      ).toThrow(expect.objectContaining({ code: 'explanation_required' }));
      expect(
        decide(published(), { type: 'withdraw', reason: 'expired', explanation: '' }, ctx(system)).decision
          .status,
      ).toBe('withdrawn');
    });

    it('leaves expiry to the sweep, and lets an operator of the platform order an emergency takedown', () => {
      expect(() =>
        decide(published(), { type: 'withdraw', reason: 'expired', explanation: 'x' }, ctx(submitter)),
      ).toThrow(expect.objectContaining({ code: 'role_required' }));
      const emergency = decide(
        published(),
        { type: 'withdraw', reason: 'emergency', explanation: '公开后造成严重后果，紧急撤下' },
        ctx(operator),
      );
      expect(emergency.decision.status).toBe('withdrawn');
      expect(() =>
        decide(published(), { type: 'withdraw', reason: 'revoked', explanation: '撤销' }, ctx(operator)),
      ).toThrow(expect.objectContaining({ code: 'role_required' }));
      expect(() =>
        decide(published(), { type: 'withdraw', reason: 'revoked', explanation: '撤销' }, ctx(otherReviewer)),
      ).toThrow(expect.objectContaining({ code: 'agency_mismatch' }));
    });

    it('never withdraws a decision that was never published: it is discarded by its submitter instead', () => {
      const { decision } = run(undefined, [submit()]);
      expect(() =>
        decide(
          decision,
          { type: 'withdraw', reason: 'published_in_error', explanation: '误发' },
          ctx(submitter),
        ),
      ).toThrow(expect.objectContaining({ code: 'illegal_transition' }));
      for (const reason of ['redo_ordered', 'revoked', 'confirmed_invalid', 'changed'] as const) {
        expect(() =>
          decide(
            decision,
            { type: 'withdraw', reason, explanation: '责令重新作出', legalEventDate: EVENT },
            ctx(submitter),
          ),
        ).toThrow(expect.objectContaining({ code: 'never_published_use_discard', field: 'reason' }));
      }
      // Only one who submitted it discards it, and says why.
      expect(() => decide(decision, { type: 'discard', reason: '重复录入' }, ctx(colleague))).toThrow(
        expect.objectContaining({ code: 'not_submitter' }),
      );
      expect(() => decide(decision, { type: 'discard', reason: '重复录入' }, ctx(reviewer))).toThrow(
        expect.objectContaining({ code: 'role_required' }),
      );
      expect(() => decide(decision, { type: 'discard', reason: '  ' }, ctx(submitter))).toThrow(
        expect.objectContaining({ code: 'discard_reason_required', field: 'reason' }),
      );
      const { decision: dropped, audit } = decide(
        decision,
        { type: 'discard', reason: '重复录入' },
        ctx(submitter),
      );
      expect(dropped).toMatchObject({ status: 'discarded', discard: { by: 'li.na', reason: '重复录入' } });
      expect(dropped.withdrawal).toBeUndefined();
      expect(dropped.pendingRevision).toBeUndefined();
      expect(audit).toMatchObject({ action: 'discard', detail: { reason: '重复录入' } });
      expect(allowedEvents(dropped)).toEqual([]);
      // Sent back or exempt: still never published, still discarded.
      const rejected = run(undefined, [submit(), [{ type: 'reject', comment: '退回' }, reviewer]]).decision;
      expect(decide(rejected, { type: 'discard', reason: '撤回' }, ctx(submitter)).decision.status).toBe(
        'discarded',
      );
      // A published one is withdrawn, never discarded.
      expect(() => decide(published(), { type: 'discard', reason: '撤回' }, ctx(submitter))).toThrow(
        expect.objectContaining({ code: 'illegal_transition' }),
      );
    });

    it('is final: nothing happens to a withdrawn decision any more but the takedown confirmation', () => {
      const gone = decide(
        published(),
        { type: 'withdraw', reason: 'revoked', explanation: '撤销', legalEventDate: EVENT },
        ctx(submitter),
      ).decision;
      expect(allowedEvents(gone)).toEqual(['confirm_withdrawal', 'reinstate', 'confirm_takedown']);
      for (const [event, actor] of [
        approve,
        publish,
        submit(),
        [{ type: 'withdraw', reason: 'emergency', explanation: 'x' }, operator],
      ] as const) {
        expect(() => decide(gone, event, ctx(actor))).toThrow(
          expect.objectContaining({ code: 'illegal_transition' }),
        );
      }
    });

    it('takes one takedown confirmation, from the system only (R7)', () => {
      const gone = decide(
        published(),
        { type: 'withdraw', reason: 'revoked', explanation: '撤销', legalEventDate: EVENT },
        ctx(submitter),
      ).decision;
      for (const actor of [submitter, reviewer, operator]) {
        expect(() => decide(gone, { type: 'confirm_takedown' }, ctx(actor))).toThrow(
          expect.objectContaining({ code: 'role_required' }),
        );
      }
      const { decision: confirmed, audit } = decide(gone, { type: 'confirm_takedown' }, ctx(system));
      expect(confirmed.status).toBe('withdrawn');
      expect(confirmed.takedownConfirmedAt).toBeDefined();
      expect(confirmed.version).toBe(gone.version + 1);
      expect(audit).toMatchObject({ action: 'confirm_takedown', detail: { reason: 'revoked' } });
      expect(allowedEvents(confirmed)).toEqual(['confirm_withdrawal', 'reinstate']);
      expect(() => decide(confirmed, { type: 'confirm_takedown' }, ctx(system))).toThrow(
        expect.objectContaining({ code: 'illegal_transition' }),
      );
      // Nothing to confirm on a decision that was never withdrawn.
      expect(() => decide(published(), { type: 'confirm_takedown' }, ctx(system))).toThrow(
        expect.objectContaining({ code: 'illegal_transition' }),
      );
    });
  });

  it('names every illegal transition with the stable code illegal_transition and what is allowed instead', () => {
    const { decision } = run(undefined, [submit()]);
    try {
      decide(decision, publish[0], ctx(system));
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: 'illegal_transition',
        details: { event: 'publish', status: 'pending_review' },
      });
      expect((error as { details: { allowed: string[] } }).details.allowed).toEqual(
        expect.arrayContaining(['approve', 'reject', 'exempt', 'correct', 'discard']),
      );
    }
    expect(() => decide(decision, submit()[0], ctx(submitter))).toThrow(
      expect.objectContaining({ code: 'illegal_transition' }),
    );
  });

  it('has a table whose every row leads to a status of the contract', () => {
    for (const row of TRANSITIONS) expect(DECISION_STATUSES).toContain(row.to);
    const withdrawReasons = new Set(TRANSITIONS.flatMap((r) => r.reasons ?? []));
    expect([...withdrawReasons].sort()).toEqual([...WITHDRAW_REASONS].sort());
  });

  it('keeps its invariants under any sequence of events by anyone (property)', () => {
    const actors = [submitter, colleague, reviewer, bothRoles, otherReviewer, operator, system];
    const eventArb: fc.Arbitrary<DecisionEvent> = fc.oneof(
      fc.constant<DecisionEvent>({ type: 'approve', comment: 'ok', projectionHash: SHOWN_HASH }),
      fc.constantFrom<DecisionEvent>({ type: 'reject', comment: '退回' }, { type: 'reject', comment: '' }),
      fc.constant<DecisionEvent>({ type: 'exempt', comment: '不予公开' }),
      fc.constant<DecisionEvent>({ type: 'publish' }),
      fc
        .constantFrom(penalty, tradeSecret, { ...penalty, result: '警告' })
        .map((content): DecisionEvent => ({ type: 'correct', content, basisDate: d('2025-10-09') })),
      fc
        .constantFrom(penalty, tradeSecret)
        .map((content): DecisionEvent => ({ type: 'resubmit', content, basisDate: d('2025-10-09') })),
      fc
        .record({
          reason: fc.constantFrom(...WITHDRAW_REASONS),
          explanation: fc.constantFrom('', '撤销说明'),
          legalEventDate: fc.constantFrom(undefined, EVENT, '2025-09-27', '2099-01-01'),
        })
        .map(
          ({ legalEventDate, ...w }): DecisionEvent => ({
            type: 'withdraw',
            ...w,
            ...(legalEventDate === undefined ? {} : { legalEventDate }),
          }),
        ),
      fc.constantFrom<DecisionEvent>(
        { type: 'discard', reason: '重复录入' },
        { type: 'confirm_withdrawal', comment: '' },
        { type: 'reinstate', comment: '误撤' },
      ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(penalty, tradeSecret),
        fc.array(fc.tuple(eventArb, fc.constantFrom(...actors)), { maxLength: 25 }),
        (first, steps) => {
          let decision = decide(undefined, submit(first)[0], ctx(submitter)).decision;
          const audit: AuditEvent[] = [];
          let applied = 1;
          for (const [event, actor] of steps) {
            let result: ReturnType<typeof decide>;
            try {
              result = decide(decision, event, ctx(actor));
            } catch (error) {
              expect(error).toHaveProperty('code');
              continue;
            }
            decision = result.decision;
            audit.push(appendAudit(headOf(audit), result.audit));
            applied += 1;
            expect(decision.version).toBe(applied);
            const publicRev = revisionOf(decision, decision.publicRevision);
            // R2: whatever is public was approved by someone other than its submitter, of the same agency.
            if (publicRev) {
              expect(publicRev.review?.outcome).toBe('approve');
              expect(publicRev.review?.reviewerId).not.toBe(publicRev.submittedBy);
              // R3: no never-publish revision is ever public.
              expect(publicRev.content.exemption).toBeUndefined();
            }
            if (decision.status === 'publishing' || decision.status === 'published')
              expect(publicRev).toBeDefined();
            if (decision.status === 'exempt' || decision.status === 'rejected')
              expect(decision.pendingRevision).toBeUndefined();
          }
          expect(verifyAuditChain(audit).valid).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
