/**
 * The decision use cases. Each reads what it needs through the ports, lets the domain decide
 * (lifecycle.ts), recomputes the deadlines, chains the audit event and writes everything in one save
 * (transitionDecision, transitions.ts).
 */

import { projectionHash, projectRevision } from '../domain/approval.ts';
import { digestOf, verifyAuditChain } from '../domain/audit.ts';
import { agencyScope, canRead } from '../domain/authority.ts';
import { shanghaiDate } from '../domain/dates.ts';
import {
  type Actor,
  type CorrectionMeanwhile,
  type DecisionContent,
  revisionOf,
  type WithdrawReason,
} from '../domain/decision.ts';
import { ValidationError } from '../domain/errors.ts';
import { neverPublishReason } from '../domain/exemptions.ts';
import { type Resolutions, reviewResolutions } from '../domain/findings.ts';
import type { DecisionEvent } from '../domain/lifecycle.ts';
import { lacksLegalReview, validateDecisionContent } from '../domain/validation.ts';
import {
  type DecisionQuery,
  type Dependencies,
  type IdempotencyClaim,
  IdempotencyKeyTakenError,
  type Page,
  type StoredDecision,
} from '../ports.ts';
import { type AnchorPorts, verifyAgainstAnchors } from './audit-anchors.ts';
import { IdempotencyMismatchError, NotFoundError, requireVersion } from './errors.ts';
import { mapLimited } from './pool.ts';
import { transitionDecision } from './transitions.ts';
import {
  type DecisionSummary,
  type DecisionView,
  type ReviewAnswer,
  reviewAnswerOf,
  summaryOf,
  type ViewCaller,
  viewOf,
} from './view.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;

/** Idempotency records live a day: long enough for any client retry, short enough to keep the table lean. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export interface Submitted {
  readonly view: DecisionView;
  /** True when an earlier request with the same Idempotency-Key already created it. */
  readonly replayed: boolean;
}

export async function submitDecision(
  deps: Dependencies,
  input: { actor: UserActor; content: DecisionContent; idempotencyKey?: string },
): Promise<Submitted> {
  const { actor, idempotencyKey } = input;
  const requestHash = digestOf(input.content);
  if (idempotencyKey) {
    const replay = await replayOf(deps, actor, idempotencyKey, requestHash);
    if (replay) return replay;
  }
  const now = deps.clock.now();
  const content = await validated(deps, actor, input.content, now);
  const event: DecisionEvent = {
    type: 'submit',
    id: deps.ids.next(),
    content,
    basisDate: content.decisionDate,
  };
  const idempotency: IdempotencyClaim | undefined = idempotencyKey
    ? {
        key: idempotencyKey,
        requestHash,
        expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
      }
    : undefined;
  try {
    const { stored, agency } = await transitionDecision(deps, undefined, event, {
      actor,
      now,
      idempotency,
    });
    return { view: viewOf(stored, agency, callerOf(deps, actor, now)), replayed: false };
  } catch (error) {
    // A concurrent request with the same key won the race: answer as its replay.
    if (idempotencyKey && error instanceof IdempotencyKeyTakenError) {
      const replay = await replayOf(deps, actor, idempotencyKey, requestHash);
      if (replay) return replay;
    }
    throw error;
  }
}

async function replayOf(
  deps: Dependencies,
  actor: UserActor,
  key: string,
  requestHash: string,
): Promise<Submitted | undefined> {
  const record = await deps.store.findIdempotency(actor.agencyId, key);
  if (!record) return undefined;
  if (record.requestHash !== requestHash) throw new IdempotencyMismatchError();
  const stored = await deps.store.get(record.decisionId);
  if (!stored) return undefined;
  const agency = await deps.agencies.get(actor.agencyId);
  return { view: viewOf(stored, agency, callerOf(deps, actor)), replayed: true };
}

export async function getDecision(
  deps: Dependencies,
  input: { actor: UserActor; id: string },
): Promise<DecisionView> {
  const stored = await readable(deps, input.actor, input.id);
  return viewOf(stored, await deps.agencies.get(stored.decision.agencyId), callerOf(deps, input.actor));
}

export async function listDecisions(
  deps: Dependencies,
  input: { actor: UserActor; query: Omit<DecisionQuery, 'agencyId'> & { agencyId?: string } },
): Promise<Page<DecisionSummary>> {
  const { actor, query } = input;
  const agencyId = agencyScope(actor, query.agencyId);
  const page = await deps.store.list({ ...query, agencyId });
  const day = callerOf(deps, actor);
  return {
    items: page.items.map((stored) => summaryOf(stored, day)),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}

/**
 * PUT: a new revision. Before publication it replaces what is under review (or resubmits what was sent
 * back); after publication it is a correction that goes through review while the published one stays (R8).
 */
export async function correctDecision(
  deps: Dependencies,
  input: {
    actor: UserActor;
    id: string;
    ifMatch: number | undefined;
    content: DecisionContent;
    /** R8: for a published decision, what the public sees while the correction is reviewed (default show). */
    meanwhile?: CorrectionMeanwhile;
  },
): Promise<DecisionView> {
  const { actor, meanwhile } = input;
  const stored = await readable(deps, actor, input.id);
  requireVersionOf(stored, input.ifMatch, 'corrected');
  const now = deps.clock.now();
  const content = await validated(deps, actor, input.content, now);
  const { decision } = stored;
  // R8: only a published decision has a public page to keep or withhold while it is corrected.
  if (meanwhile !== undefined && decision.status !== 'published') {
    throw new ValidationError(
      'meanwhile_not_applicable',
      `a decision that is ${decision.status} has no public page yet: leave meanwhile out`,
      { field: 'meanwhile' },
    );
  }
  // R5: a correction of what is public is a change, counted from today; before publication the
  // information was formed on the decision date and the original deadline stands.
  const basisDate = decision.status === 'published' ? shanghaiDate(now) : content.decisionDate;
  const event: DecisionEvent =
    decision.status === 'rejected'
      ? { type: 'resubmit', content, basisDate }
      : { type: 'correct', content, basisDate, ...(meanwhile === undefined ? {} : { meanwhile }) };
  const next = await transitionDecision(deps, stored, event, { actor, now });
  return viewOf(next.stored, next.agency, callerOf(deps, actor, now));
}

/**
 * R2: a review names the version it reviewed (If-Match, 428 without, 412 when stale), and an approval records
 * the hash of the public projection of that revision, the preview the reviewer was shown (ADR 0011).
 */
export async function reviewDecision(
  deps: Dependencies,
  input: {
    actor: UserActor;
    id: string;
    ifMatch: number | undefined;
    outcome: 'approve' | 'reject';
    comment: string;
    /** R4: the reviewer's `mask` / `keep` for each suspected personal-data finding (findings.ts). */
    resolutions?: Resolutions;
  },
): Promise<ReviewAnswer> {
  const stored = await readable(deps, input.actor, input.id);
  requireVersionOf(stored, input.ifMatch, 'reviewed');
  const { decision } = stored;
  const agency = await deps.agencies.get(decision.agencyId);
  const underReview = revisionOf(decision, decision.pendingRevision);
  const resolutions = input.resolutions ?? {};
  const { comment } = input;
  // R3: a never-publish revision is confirmed exempt, with no projection to hash and nothing to resolve.
  const exempt = underReview !== undefined && neverPublishReason(underReview.content) !== undefined;
  // R4: what the reviewer masks is part of what is hashed; the resolutions' problem is thrown by the lifecycle
  // once it knows the reviewer may review at all.
  const { masked, problem } =
    underReview && !exempt
      ? reviewResolutions(underReview.content, resolutions, { outcome: input.outcome, comment })
      : { masked: [], problem: undefined };
  const projection = underReview && projectRevision(decision, underReview, agency, masked);
  const checked = problem ? { resolutionProblem: problem } : {};
  const event: DecisionEvent =
    input.outcome === 'reject'
      ? { type: 'reject', comment, resolutions, ...checked }
      : // R3: approving a never-publish decision confirms its exemption; it never goes towards publication.
        exempt
        ? { type: 'exempt', comment }
        : // With nothing under review there is nothing to hash: the lifecycle refuses the approval.
          {
            type: 'approve',
            comment,
            projectionHash: projection?.publishable ? projectionHash(projection.document) : '',
            resolutions,
            masked,
            ...checked,
          };
  const now = deps.clock.now();
  const next = await transitionDecision(deps, stored, event, { actor: input.actor, now, agency });
  // R3: the answer says what the review did: an approval of a never-publish revision is an exemption.
  const outcome = event.type === 'exempt' ? 'exempt' : input.outcome;
  return reviewAnswerOf(viewOf(next.stored, next.agency, callerOf(deps, input.actor, now)), outcome);
}

export async function withdrawDecision(
  deps: Dependencies,
  input: {
    actor: UserActor;
    id: string;
    ifMatch: number | undefined;
    reason: Exclude<WithdrawReason, 'expired'>;
    explanation: string;
    /** R7: the day of the legal event, for revoked, confirmed_illegal, confirmed_invalid, redo_ordered, changed. */
    legalEventDate?: string;
  },
): Promise<DecisionView> {
  const stored = await readable(deps, input.actor, input.id);
  requireVersionOf(stored, input.ifMatch, 'are taking down');
  const event: DecisionEvent = {
    type: 'withdraw',
    reason: input.reason,
    explanation: input.explanation,
    ...(input.legalEventDate === undefined ? {} : { legalEventDate: input.legalEventDate }),
  };
  const now = deps.clock.now();
  const next = await transitionDecision(deps, stored, event, { actor: input.actor, now });
  return viewOf(next.stored, next.agency, callerOf(deps, input.actor, now));
}

/**
 * R8: a reviewer of the agency other than the withdrawer confirms a withdrawal made by one person (within 1
 * working day; the deadline sweep counts those left unconfirmed), or reinstates a decision withdrawn by mistake:
 * it goes back to `publishing` with its last approved revision and the publisher puts it up again.
 */
export async function reviewWithdrawal(
  deps: Dependencies,
  input: {
    actor: UserActor;
    id: string;
    ifMatch: number | undefined;
    action: 'confirm' | 'reinstate';
    comment: string;
  },
): Promise<DecisionView> {
  const stored = await readable(deps, input.actor, input.id);
  requireVersionOf(stored, input.ifMatch, input.action === 'confirm' ? 'confirmed' : 'reinstated');
  const event: DecisionEvent =
    input.action === 'confirm'
      ? { type: 'confirm_withdrawal', comment: input.comment }
      : { type: 'reinstate', comment: input.comment };
  const now = deps.clock.now();
  const next = await transitionDecision(deps, stored, event, { actor: input.actor, now });
  return viewOf(next.stored, next.agency, callerOf(deps, input.actor, now));
}

/**
 * A decision never published (pending review, sent back, exempt) is discarded by its submitter with a reason:
 * it is not a withdrawal, and the compliance report counts it apart (R12).
 */
export async function discardDecision(
  deps: Dependencies,
  input: { actor: UserActor; id: string; ifMatch: number | undefined; reason: string },
): Promise<DecisionView> {
  const stored = await readable(deps, input.actor, input.id);
  requireVersionOf(stored, input.ifMatch, 'discarded');
  const now = deps.clock.now();
  const next = await transitionDecision(
    deps,
    stored,
    { type: 'discard', reason: input.reason },
    { actor: input.actor, now },
  );
  return viewOf(next.stored, next.agency, callerOf(deps, input.actor, now));
}

export async function getAuditTrail(
  deps: Dependencies & { readonly anchors: AnchorPorts },
  input: { actor: UserActor; id: string },
) {
  const stored = await readable(deps, input.actor, input.id);
  const events = await deps.store.auditTrail(input.id);
  // R11: the chain is checked against the head the record itself keeps, so a cut-off end shows too; and
  // (ADR 0022) against the heads anchored outside the table, so a chain rewritten whole shows as well.
  const verification = await verifyAgainstAnchors(
    deps.anchors,
    input.id,
    events,
    verifyAuditChain(events, { expectedHead: stored.auditHead, subject: input.id }),
  );
  return { id: input.id, head: stored.auditHead, verification, events };
}

/**
 * The content checked (validation.ts). R14, R12: a major decision refused for want of its 法制审核 is counted
 * for the agency's compliance report (a counter per day, nothing of the content); the refusal stands even
 * when the count cannot be written.
 */
async function validated(
  deps: Dependencies,
  actor: UserActor,
  content: DecisionContent,
  now: Date,
): Promise<DecisionContent> {
  const today = shanghaiDate(now);
  try {
    return validateDecisionContent(content, { today });
  } catch (error) {
    if (lacksLegalReview(error)) {
      await deps.store.countRefusal(actor.agencyId, 'legal_review_required', today).catch(() => undefined);
    }
    throw error;
  }
}

/** The caller a view is shown to, on today's date in Asia/Shanghai by the clock port (R5 counts on it). */
function callerOf(
  deps: Pick<Dependencies, 'clock' | 'calendar'>,
  actor: UserActor,
  now: Date = deps.clock.now(),
): ViewCaller {
  return { actor, today: shanghaiDate(now), calendar: deps.calendar };
}

/** The decision, if this actor may see it: another agency's record does not exist for them (404). */
async function readable(deps: Dependencies, actor: UserActor, id: string): Promise<StoredDecision> {
  const stored = await deps.store.get(id);
  if (!stored || !canRead(actor, stored.decision.agencyId)) throw new NotFoundError(`decision ${id}`);
  return stored;
}

/** R2, R8: every change of a decision names the version it was made on (If-Match): 428 without, 412 stale. */
function requireVersionOf(stored: StoredDecision, ifMatch: number | undefined, changed: string): void {
  requireVersion(stored.decision.version, ifMatch, { required: true, changed });
}

export type BatchOutcome =
  | { readonly ok: true; readonly submitted: Submitted }
  | { readonly ok: false; readonly error: unknown };

/**
 * R13: a case system pushes up to 100 records at once. Each is submitted on its own (a result per item,
 * partial success reported), a few at a time so one batch neither crawls nor floods the table.
 */
export async function submitBatch(
  deps: Dependencies,
  input: { actor: UserActor; items: readonly (DecisionContent | Error)[]; concurrency?: number },
): Promise<BatchOutcome[]> {
  return mapLimited(input.items, input.concurrency ?? 8, async (item): Promise<BatchOutcome> => {
    if (item instanceof Error) return { ok: false, error: item };
    try {
      return { ok: true, submitted: await submitDecision(deps, { actor: input.actor, content: item }) };
    } catch (error) {
      return { ok: false, error };
    }
  });
}
