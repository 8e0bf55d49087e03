/**
 * The life of a decision as ONE explicit transition table. `decide` is the only way a decision changes: it
 * finds the row for (event, status), checks who may act (roles, agency, R2) and the rule guards, and returns
 * the new decision with the audit entry describing the change (R11). Storage appends that entry to the chain
 * in the same transaction as the decision.
 */
import type { AuditEntry } from './audit.ts';
import { digestOf } from './audit.ts';
import { type Acting, actsAs, auditActorOf, transitionRefusal } from './authority.ts';
import type { WorkCalendar } from './calendar/work-calendar.ts';
import { canonicalJson } from './canonical-json.ts';
import { type LocalDate, shanghaiDate } from './dates.ts';
import { withdrawalTiming } from './deadlines.ts';
import type {
  Actor,
  CorrectionMeanwhile,
  Decision,
  DecisionContent,
  DecisionStatus,
  MaskedFinding,
  Reinstatement,
  Review,
  ReviewOutcome,
  Revision,
  Withdrawal,
  WithdrawReason,
} from './decision.ts';
import {
  isLegalEventReason,
  LEGAL_EVENT_REASONS,
  latestRevision,
  REVIEW_OUTCOME_LABELS,
  revisionOf,
} from './decision.ts';
import { ForbiddenError, IllegalTransitionError, RuleViolationError, ValidationError } from './errors.ts';
import { neverPublishReason } from './exemptions.ts';

export type DecisionEvent =
  | {
      readonly type: 'submit';
      readonly id: string;
      readonly content: DecisionContent;
      readonly basisDate: LocalDate;
    }
  // R2: the approval is bound to the hash of the public projection the reviewer was shown (approval.ts).
  | {
      readonly type: 'approve';
      readonly comment: string;
      readonly projectionHash: string;
      /** R4: the reviewer's resolutions of the suspected personal-data findings (findings.ts). */
      readonly resolutions?: Readonly<Record<string, 'mask' | 'keep'>>;
      /** What the `mask` resolutions name, as written: kept with the review, applied by the projection. */
      readonly masked?: readonly MaskedFinding[];
      /** The resolutions' problem (findings.ts checkResolutions), thrown once the reviewer is authorised. */
      readonly resolutionProblem?: Error;
    }
  | {
      readonly type: 'reject';
      readonly comment: string;
      readonly resolutions?: Readonly<Record<string, 'mask' | 'keep'>>;
      readonly resolutionProblem?: Error;
    }
  | { readonly type: 'exempt'; readonly comment: string }
  | { readonly type: 'resubmit'; readonly content: DecisionContent; readonly basisDate: LocalDate }
  | {
      readonly type: 'correct';
      readonly content: DecisionContent;
      readonly basisDate: LocalDate;
      /** R8: for a published decision, what the public sees while the correction is reviewed (default show). */
      readonly meanwhile?: CorrectionMeanwhile;
    }
  | { readonly type: 'publish' }
  | {
      readonly type: 'withdraw';
      readonly reason: WithdrawReason;
      readonly explanation: string;
      /** R7: the day of the legal event, for the reasons that follow one (LEGAL_EVENT_REASONS). */
      readonly legalEventDate?: string;
    }
  | { readonly type: 'confirm_takedown' }
  // R8: four eyes on a withdrawal made by one person: a reviewer confirms it, or reinstates the decision.
  | { readonly type: 'confirm_withdrawal'; readonly comment: string }
  | { readonly type: 'reinstate'; readonly comment: string }
  // A decision never published is discarded by its submitter, with a reason: it is not a withdrawal.
  | { readonly type: 'discard'; readonly reason: string };

export type DecisionEventType = DecisionEvent['type'];

/**
 * `correction_pending`: correcting a published decision leaves it published with a revision pending review
 * (R8). `takedown_unconfirmed`: a withdrawal whose removal from the public site is not yet confirmed (R7).
 */
type Guard = 'correction_pending' | 'takedown_unconfirmed' | 'withdrawal_unconfirmed' | 'reinstatable';

export interface TransitionRule {
  readonly event: DecisionEventType;
  readonly from: DecisionStatus | 'none';
  readonly to: DecisionStatus;
  readonly by: readonly Acting[];
  readonly when?: Guard;
  /** For withdraw: the reasons this row accepts. */
  readonly reasons?: readonly WithdrawReason[];
}

const AGENCY_STAFF: readonly Acting[] = ['submitter', 'reviewer'];
// R7 and R8: reasons an agency gives for taking a decision down; `expired` (R6) belongs to the sweep.
const TAKEDOWN: readonly WithdrawReason[] = [...LEGAL_EVENT_REASONS, 'published_in_error'];
/** Statuses of a decision that was never public: it is discarded, not withdrawn. */
const NEVER_PUBLISHED: readonly DecisionStatus[] = ['pending_review', 'rejected', 'exempt'];

export const TRANSITIONS: readonly TransitionRule[] = [
  { event: 'submit', from: 'none', to: 'pending_review', by: ['submitter'] },
  // R2: nothing reaches the public side without a reviewer's approval.
  { event: 'approve', from: 'pending_review', to: 'publishing', by: ['reviewer'] },
  { event: 'approve', from: 'published', to: 'publishing', by: ['reviewer'], when: 'correction_pending' },
  { event: 'reject', from: 'pending_review', to: 'rejected', by: ['reviewer'] },
  { event: 'reject', from: 'published', to: 'published', by: ['reviewer'], when: 'correction_pending' },
  // R3: a reviewer confirms that a decision is never published; it is kept and counted.
  { event: 'exempt', from: 'pending_review', to: 'exempt', by: ['reviewer'] },
  { event: 'resubmit', from: 'rejected', to: 'pending_review', by: ['submitter'] },
  { event: 'correct', from: 'pending_review', to: 'pending_review', by: ['submitter'] },
  // R8: a correction is a new revision; the published one stays until the new one is approved.
  { event: 'correct', from: 'published', to: 'published', by: ['submitter'] },
  { event: 'correct', from: 'exempt', to: 'pending_review', by: ['submitter'] },
  // "A record says published only once the public side holds it": only the publisher moves it there.
  { event: 'publish', from: 'publishing', to: 'published', by: ['system'] },
  { event: 'withdraw', from: 'published', to: 'withdrawn', by: AGENCY_STAFF, reasons: TAKEDOWN },
  { event: 'withdraw', from: 'publishing', to: 'withdrawn', by: AGENCY_STAFF, reasons: TAKEDOWN },
  // R8: serious harm: an emergency takedown, which an operator may also order.
  {
    event: 'withdraw',
    from: 'published',
    to: 'withdrawn',
    by: [...AGENCY_STAFF, 'operator'],
    reasons: ['emergency'],
  },
  {
    event: 'withdraw',
    from: 'publishing',
    to: 'withdrawn',
    by: [...AGENCY_STAFF, 'operator'],
    reasons: ['emergency'],
  },
  // R6: the withdrawal sweep takes expired decisions down.
  { event: 'withdraw', from: 'published', to: 'withdrawn', by: ['system'], reasons: ['expired'] },
  // A decision never published is discarded by its submitter (with a reason), never "withdrawn" (R12 counts apart).
  ...NEVER_PUBLISHED.map((from) => ({
    event: 'discard' as const,
    from,
    to: 'discarded' as const,
    by: ['submitter'] as const,
  })),
  // R8: a withdrawal made by one person is confirmed by another reviewer of the agency within 1 working day...
  {
    event: 'confirm_withdrawal',
    from: 'withdrawn',
    to: 'withdrawn',
    by: ['reviewer'],
    when: 'withdrawal_unconfirmed',
  },
  // R8: ...or the decision, withdrawn by mistake, is published again with its last approved revision.
  { event: 'reinstate', from: 'withdrawn', to: 'publishing', by: ['reviewer'], when: 'reinstatable' },
  // R7 (行政处罚法 art. 48/85): the publisher confirms, once, that the site no longer shows the decision.
  {
    event: 'confirm_takedown',
    from: 'withdrawn',
    to: 'withdrawn',
    by: ['system'],
    when: 'takedown_unconfirmed',
  },
];

export interface TransitionContext {
  readonly actor: Actor;
  /** ISO 8601 instant, from the injected clock. */
  readonly at: string;
  /** R7, R8: the working-day calendar a withdrawal's deadline is counted on (required to withdraw). */
  readonly calendar?: WorkCalendar;
}

export interface TransitionResult {
  readonly decision: Decision;
  readonly audit: AuditEntry;
}

/** The events that the table allows from a decision's current state (for an API's `allowedActions`). */
export function allowedEvents(decision: Decision | undefined): readonly DecisionEventType[] {
  return [...new Set(TRANSITIONS.filter((r) => matchesState(r, decision)).map((r) => r.event))];
}

/**
 * The events this actor could start on the decision now: the rows the table allows from its state, of those the
 * ones whose roles, agency and four-eyes rules (R2, R8) let this actor act, and of a review the outcome the
 * revision under review admits (R3: a never-publish revision is confirmed `exempt`, any other one `approve`d).
 * The same checks `decide` throws, asked as values; what depends on the request alone (a comment, an
 * explanation, a finding's resolution) is not judged here.
 */
export function allowedEventsFor(decision: Decision, actor: Actor): readonly DecisionEventType[] {
  const allowed = TRANSITIONS.filter(
    (rule) =>
      matchesState(rule, decision) &&
      reviewAdmits(decision, rule.event) &&
      refusalOf(decision, rule, actor) === undefined,
  );
  return [...new Set(allowed.map((r) => r.event))];
}

/** R3 (checkReview): `approve` only a revision that may be published, `exempt` only one that never is. */
function reviewAdmits(decision: Decision, event: DecisionEventType): boolean {
  if (event !== 'approve' && event !== 'exempt') return true;
  const underReview = revisionOf(decision, decision.pendingRevision);
  if (!underReview) return false;
  return (neverPublishReason(underReview.content) !== undefined) === (event === 'exempt');
}

export function decide(
  current: Decision | undefined,
  event: DecisionEvent,
  ctx: TransitionContext,
): TransitionResult {
  const rule = findRule(current, event, ctx.actor);
  const refusal = refusalOf(current, rule, ctx.actor);
  if (refusal) throw refusal;
  const next = apply(current, event, rule, ctx);
  return { decision: next, audit: auditEntry(current, next, event, ctx) };
}

/** Why this actor may not take this row: its roles and agency, R2's four eyes on a review, then R8's. */
function refusalOf(current: Decision | undefined, rule: TransitionRule, actor: Actor): Error | undefined {
  return (
    transitionRefusal({
      actor,
      event: rule.event,
      by: rule.by,
      record: current && {
        agencyId: current.agencyId,
        underReviewBy: revisionOf(current, current.pendingRevision)?.submittedBy,
      },
      reviews: rule.event === 'approve' || rule.event === 'reject' || rule.event === 'exempt',
      noun: 'a decision',
    }) ?? fourEyesRefusal(current, rule.event, actor)
  );
}

function matchesState(rule: TransitionRule, decision: Decision | undefined): boolean {
  const status = decision?.status ?? 'none';
  if (rule.from !== status) return false;
  if (rule.when === 'correction_pending') return decision?.pendingRevision !== undefined;
  if (rule.when === 'takedown_unconfirmed') {
    return decision?.withdrawal !== undefined && decision.takedownConfirmedAt === undefined;
  }
  if (rule.when === 'withdrawal_unconfirmed') return needsConfirmation(decision);
  // R8: a decision that had been public, withdrawn by a person (an expiry, R6, is never undone).
  if (rule.when === 'reinstatable') {
    const reason = decision?.withdrawal?.reason;
    return reason !== undefined && reason !== 'expired' && decision?.publicRevision !== undefined;
  }
  return true;
}

/** R8: a withdrawal made by one person (not the platform's expiry) that no reviewer has confirmed yet. */
export function needsConfirmation(decision: Decision | undefined): boolean {
  const withdrawal = decision?.withdrawal;
  return (
    decision?.status === 'withdrawn' &&
    withdrawal !== undefined &&
    withdrawal.reason !== 'expired' &&
    withdrawal.confirmation === undefined
  );
}

/**
 * R8: the reviewer who confirms or undoes a withdrawal is not the one who made it; a discard is the submitter's
 * own (one who submitted a revision of it).
 */
function fourEyesRefusal(
  current: Decision | undefined,
  event: DecisionEventType,
  actor: Actor,
): Error | undefined {
  if (actor.kind !== 'user' || !current) return undefined;
  if ((event === 'confirm_withdrawal' || event === 'reinstate') && current.withdrawal?.by === actor.userId) {
    return new ForbiddenError(
      'self_confirmation',
      'a withdrawal is confirmed or undone by a reviewer other than the one who made it',
    );
  }
  if (event === 'discard' && !current.revisions.some((r) => r.submittedBy === actor.userId)) {
    return new ForbiddenError('not_submitter', 'only a submitter of this decision may discard it');
  }
  return undefined;
}

function findRule(current: Decision | undefined, event: DecisionEvent, actor: Actor): TransitionRule {
  const candidates = TRANSITIONS.filter((r) => r.event === event.type && matchesState(r, current));
  const status = current?.status ?? 'none';
  if (
    candidates.length === 0 &&
    event.type === 'withdraw' &&
    // R7: a legal event takes down only what was public; a decision never published is discarded instead.
    isLegalEventReason(event.reason) &&
    NEVER_PUBLISHED.includes(status as DecisionStatus)
  ) {
    // Who may not withdraw as this reason at all is told so first, as where the reason applies.
    if (!AGENCY_STAFF.some((role) => actsAs(actor, role))) {
      throw new ForbiddenError('role_required', `withdraw needs the role ${AGENCY_STAFF.join(' or ')}`);
    }
    throw new RuleViolationError(
      'never_published_use_discard',
      `a decision that is ${status} was never published: it is discarded (POST …/discard with a reason), not withdrawn`,
      { field: 'reason', details: { event: 'withdraw', status, reason: event.reason } },
    );
  }
  if (candidates.length === 0) {
    throw new IllegalTransitionError(
      current
        ? `cannot ${event.type} a decision that is ${status}${current.pendingRevision === undefined ? '' : ' with a correction under review'}`
        : `cannot ${event.type} a decision that does not exist`,
      { details: { event: event.type, status, allowed: allowedEvents(current) } },
    );
  }
  if (event.type !== 'withdraw') return candidates[0] as TransitionRule;
  const forReason = candidates.filter((r) => r.reasons?.includes(event.reason));
  if (forReason.length === 0) {
    throw new IllegalTransitionError(`a decision that is ${status} cannot be withdrawn as ${event.reason}`, {
      field: 'reason',
      details: { event: 'withdraw', status, reason: event.reason },
    });
  }
  // Several rows may share a reason only if they differ in who may act; prefer the one this actor fits.
  return forReason.find((r) => r.by.some((role) => actsAs(actor, role))) ?? (forReason[0] as TransitionRule);
}

function apply(
  current: Decision | undefined,
  event: DecisionEvent,
  rule: TransitionRule,
  ctx: TransitionContext,
): Decision {
  const { actor, at } = ctx;
  if (event.type === 'submit') {
    if (actor.kind !== 'user')
      throw new ForbiddenError('role_required', 'only agency staff submit decisions');
    return {
      id: event.id,
      agencyId: actor.agencyId,
      status: rule.to,
      version: 1,
      createdAt: at,
      updatedAt: at,
      revisions: [newRevision(1, event.content, event.basisDate, actor.userId, at)],
      pendingRevision: 1,
    };
  }
  const decision = current as Decision;
  const base = { ...decision, status: rule.to, version: decision.version + 1, updatedAt: at };
  switch (event.type) {
    case 'approve':
    case 'reject':
    case 'exempt': {
      const revision = revisionOf(decision, decision.pendingRevision) as Revision;
      checkReview(revision.content, event.type, event.comment);
      // R4: an approval leaves no suspected personal-data finding unresolved; a kept one says why. The use case
      // checks (the detectors stay out of the publisher's bundle); the verdict counts only for who may review.
      if (event.type !== 'exempt' && event.resolutionProblem) throw event.resolutionProblem;
      const review: Review = {
        reviewerId: actor.userId,
        at,
        outcome: event.type as ReviewOutcome,
        comment: event.comment,
        ...(event.type === 'approve' ? { projectionHash: event.projectionHash } : {}),
        ...(event.type !== 'exempt' && event.resolutions && Object.keys(event.resolutions).length > 0
          ? { resolutions: event.resolutions }
          : {}),
        ...(event.type === 'approve' && event.masked && event.masked.length > 0
          ? { masked: event.masked }
          : {}),
      };
      const revisions = decision.revisions.map((r) => (r.number === revision.number ? { ...r, review } : r));
      const { pendingRevision: _reviewed, ...rest } = base;
      return event.type === 'approve'
        ? { ...rest, revisions, publicRevision: revision.number }
        : { ...rest, revisions };
    }
    case 'resubmit':
    case 'correct': {
      // R3 and R8: what is already public and turns out to be never-publish is withdrawn, not corrected.
      if (decision.status === 'published' && neverPublishReason(event.content)) {
        throw new RuleViolationError(
          'correction_would_exempt',
          'a published decision that must not be public is withdrawn (reason published_in_error), not corrected',
        );
      }
      const meanwhile = event.type === 'correct' ? event.meanwhile : undefined;
      // R8: only a published decision has a public page to keep or withhold while it is corrected.
      if (meanwhile !== undefined && decision.status !== 'published') {
        throw new ValidationError(
          'meanwhile_not_applicable',
          `a decision that is ${decision.status} has no public page yet: leave meanwhile out`,
          { field: 'meanwhile' },
        );
      }
      const number = Math.max(...decision.revisions.map((r) => r.number)) + 1;
      const written = newRevision(number, event.content, event.basisDate, actor.userId, at);
      const revision =
        decision.status === 'published' ? { ...written, meanwhile: meanwhile ?? ('show' as const) } : written;
      return { ...base, revisions: [...decision.revisions, revision], pendingRevision: number };
    }
    case 'publish':
      return { ...base, publishedAt: decision.publishedAt ?? at, lastPublishedAt: at };
    case 'confirm_takedown':
      return { ...base, takedownConfirmedAt: at };
    case 'withdraw': {
      const explanation = event.explanation.trim();
      // R7: the notice left in the decision's place carries the necessary explanation (必要的说明).
      if (event.reason !== 'expired' && explanation === '') {
        throw new ValidationError(
          'explanation_required',
          'a withdrawal needs an explanation for the public notice',
          {
            field: 'explanation',
          },
        );
      }
      const calendar = ctx.calendar;
      if (!calendar) throw new Error('a withdrawal is counted on the working-day calendar (ctx.calendar)');
      // R7: 3 working days from the legal event the withdrawal states; R8: the same day for the others.
      const timing = withdrawalTiming({
        reason: event.reason,
        legalEventDate: event.legalEventDate,
        decisionDate: latestRevision(decision).content.decisionDate,
        filedOn: shanghaiDate(at),
        calendar,
      });
      const { pendingRevision: _dropped, ...rest } = base;
      return {
        ...rest,
        withdrawal: {
          reason: event.reason,
          explanation,
          at,
          by: actor.userId,
          ...(timing.legalEventDate === undefined ? {} : { legalEventDate: timing.legalEventDate }),
          takedownBy: timing.deadline.due,
          onTime: timing.onTime,
          ...(timing.deadline.explanation === '' ? {} : { takedownExplanation: timing.deadline.explanation }),
        },
      };
    }
    case 'confirm_withdrawal': {
      const withdrawal = decision.withdrawal as Withdrawal;
      return {
        ...base,
        withdrawal: { ...withdrawal, confirmation: { by: actor.userId, at, comment: event.comment } },
      };
    }
    case 'reinstate': {
      // R8: a reinstatement says why, for the audit chain and whoever reads it later.
      if (event.comment.trim() === '') {
        throw new ValidationError(
          'comment_required',
          'a reinstatement says why the withdrawal was a mistake',
          {
            field: 'comment',
          },
        );
      }
      const { withdrawal, takedownConfirmedAt: _gone, ...rest } = base;
      const reinstatement: Reinstatement = {
        by: actor.userId,
        at,
        comment: event.comment.trim(),
        withdrawal: withdrawal as Withdrawal,
      };
      return { ...rest, reinstatements: [...(decision.reinstatements ?? []), reinstatement] };
    }
    case 'discard': {
      const reason = event.reason.trim();
      if (reason === '') {
        throw new ValidationError('discard_reason_required', 'a discard says why the decision is dropped', {
          field: 'reason',
        });
      }
      const { pendingRevision: _dropped, ...rest } = base;
      return { ...rest, discard: { by: actor.userId, at, reason } };
    }
  }
}

function newRevision(
  number: number,
  content: DecisionContent,
  basisDate: LocalDate,
  by: string,
  at: string,
): Revision {
  return { number, content, submittedBy: by, submittedAt: at, basisDate };
}

function checkReview(content: DecisionContent, outcome: ReviewOutcome, comment: string): void {
  const exemption = neverPublishReason(content);
  // R3: a never-publish decision can only be confirmed exempt, and only such a decision can be.
  if (outcome === 'approve' && exemption) {
    throw new RuleViolationError(
      'exempt_not_publishable',
      `this decision is never published (${exemption.reason})`,
      {
        details: { reason: exemption.reason, source: exemption.source },
      },
    );
  }
  if (outcome === 'exempt' && !exemption) {
    throw new RuleViolationError('not_exempt', 'no ground of 四平 §四(三) applies to this decision');
  }
  if (outcome === 'reject' && comment.trim() === '') {
    throw new ValidationError('comment_required', 'a rejection says why, so the submitter can fix it', {
      field: 'comment',
    });
  }
}

function stateOf(decision: Decision | undefined): Record<string, unknown> | undefined {
  if (!decision) return undefined;
  const { status, version, pendingRevision, publicRevision } = decision;
  return { status, version, pendingRevision, publicRevision };
}

function auditEntry(
  before: Decision | undefined,
  after: Decision,
  event: DecisionEvent,
  ctx: TransitionContext,
): AuditEntry {
  const actor = auditActorOf(ctx.actor);
  const entry = {
    subject: after.id,
    action: event.type,
    actor,
    at: ctx.at,
    after: stateOf(after) as Record<string, unknown>,
  };
  const withBefore = before ? { ...entry, before: stateOf(before) as Record<string, unknown> } : entry;
  return { ...withBefore, detail: detailOf(before, after, event) };
}

function detailOf(
  before: Decision | undefined,
  after: Decision,
  event: DecisionEvent,
): Record<string, unknown> {
  switch (event.type) {
    case 'submit':
    case 'resubmit':
    case 'correct': {
      const previous = before?.revisions.at(-1)?.content;
      const meanwhile = revisionOf(after, after.pendingRevision)?.meanwhile;
      return {
        revision: after.pendingRevision,
        basisDate: event.basisDate,
        contentDigest: digestOf(event.content),
        ...(previous ? { changedFields: changedFields(previous, event.content) } : {}),
        ...(meanwhile ? { meanwhile } : {}),
      };
    }
    case 'approve':
      return {
        revision: before?.pendingRevision,
        comment: event.comment,
        projectionHash: event.projectionHash,
        ...(event.resolutions && Object.keys(event.resolutions).length > 0
          ? { resolutions: event.resolutions }
          : {}),
      };
    case 'reject':
      return {
        revision: before?.pendingRevision,
        comment: event.comment,
        ...(event.resolutions && Object.keys(event.resolutions).length > 0
          ? { resolutions: event.resolutions }
          : {}),
      };
    case 'exempt': {
      // R3: the reviewer approved (the request's outcome), and the result is an exemption, not a publication.
      const underReview = before && revisionOf(before, before.pendingRevision);
      const exemption = underReview && neverPublishReason(underReview.content);
      return {
        revision: before?.pendingRevision,
        comment: event.comment,
        outcome: 'approve',
        result: 'exempt',
        label: REVIEW_OUTCOME_LABELS.exempt,
        ...(exemption ? { reason: exemption.reason, source: exemption.source } : {}),
      };
    }
    case 'publish':
      return { revision: after.publicRevision };
    case 'withdraw':
      return {
        reason: event.reason,
        explanation: after.withdrawal?.explanation,
        ...(after.withdrawal?.legalEventDate ? { legalEventDate: after.withdrawal.legalEventDate } : {}),
        takedownBy: after.withdrawal?.takedownBy,
        onTime: after.withdrawal?.onTime,
      };
    case 'confirm_takedown':
      return { reason: after.withdrawal?.reason, withdrawnAt: after.withdrawal?.at };
    case 'confirm_withdrawal':
      return {
        reason: after.withdrawal?.reason,
        withdrawnBy: after.withdrawal?.by,
        withdrawnAt: after.withdrawal?.at,
        comment: event.comment,
      };
    case 'reinstate':
      return {
        reinstatement: true,
        revision: after.publicRevision,
        reason: before?.withdrawal?.reason,
        withdrawnBy: before?.withdrawal?.by,
        withdrawnAt: before?.withdrawal?.at,
        comment: event.comment,
      };
    case 'discard':
      return { reason: event.reason };
  }
}

/** Field paths (party fields one level down) whose value differs between two revisions. */
export function changedFields(a: DecisionContent, b: DecisionContent): string[] {
  const flat = (c: DecisionContent): Record<string, unknown> => {
    const { party, ...rest } = c;
    return { ...rest, ...Object.fromEntries(Object.entries(party).map(([k, v]) => [`party.${k}`, v])) };
  };
  const [fa, fb] = [flat(a), flat(b)];
  const keys = [...new Set([...Object.keys(fa), ...Object.keys(fb)])].sort();
  return keys.filter((k) => canonicalJson(fa[k] ?? null) !== canonicalJson(fb[k] ?? null));
}
