/**
 * How a decision lies in the single table: its partition `DEC#<id>` (the META item, its revisions and its audit
 * events), the case-number guard and idempotency record that keep submissions unique, the refusal counters of
 * R14 in the agency's partition, the index values of its lists and due dates, how its items are checked when
 * read, and which failed condition means which conflict. docs/data-model.md explains the design.
 */

import type { AuditEvent, ChainHead } from '../../domain/audit.ts';
import { canonicalJson } from '../../domain/canonical-json.ts';
import { caseNumberReading } from '../../domain/case-number.ts';
import type { Decision, DecisionStatus, Revision } from '../../domain/decision.ts';
import { correctionUnderWay, latestRevision } from '../../domain/decision.ts';
import type {
  DecisionDeadlines,
  DecisionQuery,
  DecisionWrite,
  IdempotencyClaim,
  IdempotencyRecord,
  StoredDecision,
} from '../../ports.ts';
import { CaseNumberTakenError, IdempotencyKeyTakenError, VersionConflictError } from '../../ports.ts';
import { agencyPartition } from './agency-keys.ts';
import { checkItemSizes } from './item-size.ts';
import {
  BY_AGENCY,
  BY_AGENCY_STATUS,
  CONFIRMATION_DUE_PARTITION,
  CORRECTION_REVIEW_PARTITION,
  decodeCursor,
  EXEMPTION_REVIEW_PARTITION,
  EXPIRY_DUE,
  EXPIRY_DUE_PARTITION,
  type IndexAttributes,
  type ListPlan,
  PUBLISH_DUE,
  PUBLISH_DUE_PARTITION,
  PUBLISHING_PARTITION,
  PUBLISHING_SINCE,
  TAKEDOWN_DUE_PARTITION,
  timeSortKey,
} from './table-indexes.ts';
import {
  AUDIT_PREFIX,
  auditDayAttributes,
  CorruptItemError,
  type Item,
  isRecord,
  KEY_MAX,
  type Key,
  keyOf,
  META_SK,
  pad,
  REVISION_PREFIX,
  segment,
} from './table-keys.ts';

export const DECISION_PREFIX = 'DEC#';
export const CASE_GUARD_PREFIX = 'CASE#';
export const CASE_GUARD_SK = 'CASE';
export const IDEMPOTENCY_PREFIX = 'IDEM#';
export const IDEMPOTENCY_SK = 'IDEM';
export const REFUSALS_PREFIX = 'REFUSED#';
/** R8: on a decision's META item while a correction of the published decision is reviewed: `show` or `withhold`. */
export const CORRECTION_ATTRIBUTE = 'correction';

export const decisionKeys = {
  decision: (id: string): Key => ({ pk: `${DECISION_PREFIX}${segment(id, 'decision id')}`, sk: META_SK }),
  revision: (id: string, number: number): Key => ({
    pk: `${DECISION_PREFIX}${segment(id, 'decision id')}`,
    sk: `${REVISION_PREFIX}${pad(number, 5, 'revision number')}`,
  }),
  audit: (id: string, seq: number): Key => ({
    pk: `${DECISION_PREFIX}${segment(id, 'decision id')}`,
    sk: `${AUDIT_PREFIX}${pad(seq, 8, 'audit seq')}`,
  }),
  /** R1: keyed by the number as people read it (brackets, spaces, digit forms folded), case-number.ts. */
  caseGuard: (agencyId: string, caseNumber: string): Key => ({
    pk: `${CASE_GUARD_PREFIX}${segment(agencyId, 'agency id')}#${caseNumberReading(caseNumber)}`,
    sk: CASE_GUARD_SK,
  }),
  idempotency: (agencyId: string, key: string): Key => ({
    pk: `${IDEMPOTENCY_PREFIX}${segment(agencyId, 'agency id')}#${key}`,
    sk: IDEMPOTENCY_SK,
  }),
  /** R14, R12: one counter per agency, refusal reason and day, beside the agency's profile. */
  refusals: (agencyId: string, reason: string, on: string): Key => ({
    pk: agencyPartition(agencyId),
    sk: `${REFUSALS_PREFIX}${reason}#${on}`,
  }),
} as const;

export const agencyStatusPartition = (agencyId: string, status: DecisionStatus): string =>
  `${agencyPartition(agencyId)}#STATUS#${status}`;

/**
 * Where a decision whose publication deadline is missing sorts in the review queue: after every real date. A
 * decision pending review always has one (deadlines.ts counts it from the revision under review); a record that
 * somehow lacks it is still listed, last.
 */
export const NO_DUE_DATE = '9999-12-31';

/**
 * R5: the review queue (`pending_review`) sorts by publication deadline, earliest first (ties by id), so a reviewer
 * starts with what is due first; every other status list by creation. Written on every save from the deadlines
 * stored with it, so a deadline that moves (a correction, the recompute sweep) moves its place in the queue.
 */
export function agencyStatusSortKey(stored: StoredDecision): string {
  const { decision, deadlines } = stored;
  return decision.status === 'pending_review'
    ? timeSortKey(deadlines.publication?.due ?? NO_DUE_DATE, decision.id)
    : timeSortKey(decision.createdAt, decision.id);
}

/** The review queue reads its index ascending (the earliest deadline first); other status lists newest first. */
export const listsAscending = (status: DecisionStatus | undefined): boolean => status === 'pending_review';

/**
 * The index attributes of a decision: the two list indexes always, each due-date index only while it is due,
 * and publishingSince only while the decision is in `publishing`.
 */
export function indexAttributes(stored: StoredDecision): Item {
  const { decision, deadlines } = stored;
  const latest = latestRevision(decision);
  return {
    [BY_AGENCY_STATUS.partitionKey]: agencyStatusPartition(decision.agencyId, decision.status),
    [BY_AGENCY_STATUS.sortKey]: agencyStatusSortKey(stored),
    [BY_AGENCY.partitionKey]: agencyPartition(decision.agencyId),
    [BY_AGENCY.sortKey]: timeSortKey(latest.content.decisionDate, decision.id),
    // Sparse: an attribute that is absent keeps the item out of the index, so a sweep reads only what is due.
    ...(deadlines.correctionReview
      ? {
          [PUBLISH_DUE.partitionKey]: CORRECTION_REVIEW_PARTITION,
          [PUBLISH_DUE.sortKey]: timeSortKey(deadlines.correctionReview.due, decision.id),
        }
      : deadlines.publication
        ? {
            [PUBLISH_DUE.partitionKey]: PUBLISH_DUE_PARTITION,
            [PUBLISH_DUE.sortKey]: timeSortKey(deadlines.publication.due, decision.id),
          }
        : {}),
    ...(deadlines.takedown && !deadlines.publication
      ? {
          [PUBLISH_DUE.partitionKey]: TAKEDOWN_DUE_PARTITION,
          [PUBLISH_DUE.sortKey]: timeSortKey(deadlines.takedown.due, decision.id),
        }
      : {}),
    ...(deadlines.expiry
      ? {
          [EXPIRY_DUE.partitionKey]: EXPIRY_DUE_PARTITION,
          [EXPIRY_DUE.sortKey]: timeSortKey(deadlines.expiry.due, decision.id),
        }
      : {}),
    // One index entry a decision: a withdrawal awaiting confirmation (R8) is no longer exempt (R3).
    ...(deadlines.confirmation && !deadlines.expiry
      ? {
          [EXPIRY_DUE.partitionKey]: CONFIRMATION_DUE_PARTITION,
          [EXPIRY_DUE.sortKey]: timeSortKey(deadlines.confirmation.due, decision.id),
        }
      : deadlines.exemptionReview && !deadlines.expiry
        ? {
            [EXPIRY_DUE.partitionKey]: EXEMPTION_REVIEW_PARTITION,
            [EXPIRY_DUE.sortKey]: timeSortKey(deadlines.exemptionReview.due, decision.id),
          }
        : {}),
    // Every transition out of `publishing` changes the status, so updatedAt is when the decision got there.
    ...(decision.status === 'publishing'
      ? {
          [PUBLISHING_SINCE.partitionKey]: PUBLISHING_PARTITION,
          [PUBLISHING_SINCE.sortKey]: timeSortKey(decision.updatedAt, decision.id),
        }
      : {}),
  };
}

export function caseNumberOf(stored: StoredDecision): string {
  return latestRevision(stored.decision).content.caseNumber;
}

/**
 * The decision's one item: what a list shows (the latest revision rides along as `latest`), its chain head,
 * its deadlines and its index keys. Revisions and audit events live in items of their own under the same pk.
 */
export function decisionItem(stored: StoredDecision): Item {
  const { revisions, ...decision } = stored.decision;
  const latest = latestRevision(stored.decision);
  const underWay = correctionUnderWay(stored.decision);
  return {
    ...decisionKeys.decision(decision.id),
    type: 'decision',
    id: decision.id,
    agencyId: decision.agencyId,
    status: decision.status,
    version: decision.version,
    caseNumber: latest.content.caseNumber,
    actionType: latest.content.actionType,
    decisionDate: latest.content.decisionDate,
    createdAt: decision.createdAt,
    updatedAt: decision.updatedAt,
    decision,
    // Revisions are numbered 1, 2, … (lifecycle.ts), so the latest's number is the count, whether the
    // decision was read whole or as a list shows it (its latest revision only, which a sweep may save from).
    revisionCount: latest.number,
    latest,
    auditHead: stored.auditHead,
    deadlines: stored.deadlines,
    // R8: what the public page shows while a correction of it is reviewed; the publisher's stream filter reads it.
    ...(underWay ? { [CORRECTION_ATTRIBUTE]: underWay.meanwhile } : {}),
    ...indexAttributes(stored),
  };
}

export function revisionItem(id: string, revision: Revision): Item {
  return { ...decisionKeys.revision(id, revision.number), type: 'revision', revision };
}

export function auditItem(event: AuditEvent): Item {
  return {
    ...decisionKeys.audit(event.subject, event.seq),
    type: 'audit',
    event,
    ...auditDayAttributes(event),
  };
}

export function caseGuardItem(agencyId: string, caseNumber: string, decisionId: string): Item {
  return { ...decisionKeys.caseGuard(agencyId, caseNumber), type: 'case', agencyId, caseNumber, decisionId };
}

export function idempotencyItem(agencyId: string, claim: IdempotencyClaim, decisionId: string): Item {
  return {
    ...decisionKeys.idempotency(agencyId, claim.key),
    type: 'idempotency',
    agencyId,
    key: claim.key,
    requestHash: claim.requestHash,
    decisionId,
    expiresAt: claim.expiresAt,
  };
}

/** The revisions a write must put: new ones, and those that changed (a review was added). */
export function changedRevisions(previous: StoredDecision | undefined, next: StoredDecision): Revision[] {
  const before = new Map(previous?.decision.revisions.map((r) => [r.number, canonicalJson(r)]));
  return next.decision.revisions.filter((r) => before.get(r.number) !== canonicalJson(r));
}

function checkDecisionItem(item: Item): asserts item is Item & {
  id: string;
  version: number;
  decision: Record<string, unknown>;
  latest: Revision;
  revisionCount: number;
  auditHead: ChainHead;
  deadlines: DecisionDeadlines;
} {
  const fail = (problem: string): never => {
    throw new CorruptItemError(keyOf(item), problem);
  };
  if (item.type !== 'decision') fail(`type is ${String(item.type)}, not decision`);
  if (typeof item.id !== 'string') fail('no id');
  if (typeof item.version !== 'number' || !Number.isInteger(item.version)) fail('version is not an integer');
  const decision = item.decision;
  if (!isRecord(decision)) fail('no decision map');
  else if (decision.id !== item.id || decision.version !== item.version) {
    fail('the decision map disagrees with the item on id or version');
  }
  if (!isRecord(item.latest) || typeof item.latest.number !== 'number') fail('no latest revision');
  if (typeof item.revisionCount !== 'number') fail('no revision count');
  const head = item.auditHead;
  if (!isRecord(head) || typeof head.seq !== 'number' || typeof head.hash !== 'string') fail('no audit head');
  if (!isRecord(item.deadlines)) fail('no deadlines map');
}

function checkRevisionItem(item: Item): Revision {
  const revision = item.revision;
  if (item.type !== 'revision' || !isRecord(revision) || typeof revision.number !== 'number') {
    throw new CorruptItemError(keyOf(item), 'not a revision');
  }
  return revision as unknown as Revision;
}

/** A decision from its item and all its revision items (in any order). */
export function storedFromItems(meta: Item, revisionItems: readonly Item[]): StoredDecision {
  checkDecisionItem(meta);
  const revisions = revisionItems.map(checkRevisionItem).sort((a, b) => a.number - b.number);
  if (revisions.length !== meta.revisionCount || revisions.at(-1)?.number !== meta.latest.number) {
    throw new CorruptItemError(
      keyOf(meta),
      `expected ${meta.revisionCount} revisions ending at ${meta.latest.number}, found ${revisions.length}`,
    );
  }
  return {
    decision: { ...meta.decision, revisions } as unknown as Decision,
    auditHead: meta.auditHead,
    deadlines: meta.deadlines,
  };
}

/** A decision as lists show it: from its item alone, `revisions` holding only the latest revision. */
export function listedFromItem(meta: Item): StoredDecision {
  checkDecisionItem(meta);
  return {
    decision: { ...meta.decision, revisions: [meta.latest] } as unknown as Decision,
    auditHead: meta.auditHead,
    deadlines: meta.deadlines,
  };
}

export interface IdempotencyItem extends IdempotencyRecord {
  readonly expiresAt: number;
}

export function idempotencyFromItem(item: Item): IdempotencyItem {
  const { agencyId, key, requestHash, decisionId, expiresAt } = item;
  if (
    item.type !== 'idempotency' ||
    typeof agencyId !== 'string' ||
    typeof key !== 'string' ||
    typeof requestHash !== 'string' ||
    typeof decisionId !== 'string' ||
    typeof expiresAt !== 'number'
  ) {
    throw new CorruptItemError(keyOf(item), 'not an idempotency record');
  }
  return { agencyId, key, requestHash, decisionId, expiresAt };
}

/** DynamoDB deletes expired items lazily (within days): a record past its time is treated as gone. */
export function isLive(record: { readonly expiresAt: number }, now: Date): boolean {
  return record.expiresAt >= Math.floor(now.getTime() / 1000);
}

// ---- writes -------------------------------------------------------------------------------------------

/**
 * A write that does not extend the stored chain by exactly one event is a bug in the caller, not a conflict:
 * refuse it before anything is sent.
 */
export function checkWrite(write: DecisionWrite): void {
  const { previous, next, audit } = write;
  const id = next.decision.id;
  const head = previous?.auditHead ?? { seq: 0 };
  if (previous && (previous.decision.id !== id || previous.decision.agencyId !== next.decision.agencyId)) {
    throw new Error(
      `a write cannot turn decision ${previous.decision.id} into ${id} or move it to another agency`,
    );
  }
  if (audit.subject !== id) throw new Error(`audit event of ${audit.subject} written with decision ${id}`);
  if (audit.seq !== head.seq + 1 || (previous && audit.prevHash !== previous.auditHead.hash)) {
    throw new Error(`audit event ${audit.seq} of ${id} does not follow the stored head ${head.seq}`);
  }
  if (next.auditHead.seq !== audit.seq || next.auditHead.hash !== audit.hash) {
    throw new Error(`decision ${id} must carry the head of the event it is written with`);
  }
  // One item of the table holds at most 400 KB: a record over it is refused here, before any write, by both
  // stores alike (a decision's item carries its latest revision too, so texts and redactions count twice there).
  checkItemSizes([
    { part: 'decision', item: decisionItem(next) },
    ...changedRevisions(previous, next).map((revision) => ({
      part: 'revision',
      item: revisionItem(id, revision),
    })),
    { part: 'audit event', item: auditItem(audit) },
  ]);
}

/** What a write touches, each part guarded by a condition that can fail. */
export type WritePart =
  | 'decision'
  | 'revision'
  | 'audit'
  | 'activity'
  | 'case_guard'
  | 'old_case_guard'
  | 'idempotency';

/**
 * The error for a write refused by the conditions of these parts. The decision's own version comes first:
 * once someone else changed it, the other failures are likely consequences, and the caller re-reads anyway.
 * A key taken by a concurrent request comes before a case number, so the caller can replay that request.
 */
export function conflictFor(failed: ReadonlySet<WritePart>, id: string): Error {
  if (failed.has('decision') || failed.has('audit') || failed.has('revision')) {
    return new VersionConflictError(`decision ${id} was changed by someone else`);
  }
  if (failed.has('idempotency')) {
    return new IdempotencyKeyTakenError('the idempotency key was taken by another request');
  }
  if (failed.has('case_guard')) {
    return new CaseNumberTakenError('another decision of the agency has this case number');
  }
  return new Error(`the case-number guard of decision ${id} is missing or held by another decision`);
}

// ---- lists --------------------------------------------------------------------------------------------

/**
 * A status list walks byAgencyStatus (newest created first; the review queue earliest deadline first) and filters dates; every other list walks
 * byAgency (latest decision date first), where a date range is a key condition and costs no extra reads.
 */
export interface DecisionListPlan extends ListPlan {
  /** The review queue by deadline, earliest first; every other list newest first. */
  readonly ascending: boolean;
}

export function listPlan(query: DecisionQuery): DecisionListPlan {
  if (!Number.isInteger(query.limit) || query.limit < 1) {
    throw new RangeError(`a page holds at least one decision, not ${query.limit}`);
  }
  const { agencyId, status, actionType, decidedFrom, decidedTo } = query;
  const byStatus = status !== undefined;
  const index = byStatus ? BY_AGENCY_STATUS : BY_AGENCY;
  const base = {
    index,
    partition: byStatus ? agencyStatusPartition(agencyId, status) : agencyPartition(agencyId),
    filter: {
      ...(actionType === undefined ? {} : { actionType }),
      ...(byStatus && decidedFrom !== undefined ? { decidedFrom } : {}),
      ...(byStatus && decidedTo !== undefined ? { decidedTo } : {}),
    },
    ...(!byStatus && decidedFrom !== undefined ? { sortFrom: `${decidedFrom}#` } : {}),
    ...(!byStatus && decidedTo !== undefined ? { sortTo: `${decidedTo}#${KEY_MAX}` } : {}),
    limit: query.limit,
    ascending: listsAscending(status),
    recordPrefix: DECISION_PREFIX,
  };
  return query.cursor === undefined ? base : { ...base, start: decodeCursor(query.cursor, base) };
}

export function matchesFilter(plan: ListPlan, item: Item): boolean {
  const { actionType, decidedFrom, decidedTo } = plan.filter;
  const date = String(item.decisionDate);
  return (
    (actionType === undefined || item.actionType === actionType) &&
    (decidedFrom === undefined || date >= decidedFrom) &&
    (decidedTo === undefined || date <= decidedTo)
  );
}

// ---- due-date indexes (the sweeps) -------------------------------------------------------------------

/** `publishing` is bounded by an ISO instant (in `publishing` since then or earlier), the others by a date. */
export type DueKind =
  | 'publication'
  | 'expiry'
  | 'takedown'
  | 'exemption_review'
  | 'confirmation'
  | 'correction_review'
  | 'publishing';

const DUE_INDEXES = {
  publication: { index: PUBLISH_DUE, partition: PUBLISH_DUE_PARTITION },
  expiry: { index: EXPIRY_DUE, partition: EXPIRY_DUE_PARTITION },
  confirmation: { index: EXPIRY_DUE, partition: CONFIRMATION_DUE_PARTITION },
  correction_review: { index: PUBLISH_DUE, partition: CORRECTION_REVIEW_PARTITION },
  takedown: { index: PUBLISH_DUE, partition: TAKEDOWN_DUE_PARTITION },
  exemption_review: { index: EXPIRY_DUE, partition: EXEMPTION_REVIEW_PARTITION },
  publishing: { index: PUBLISHING_SINCE, partition: PUBLISHING_PARTITION },
} as const satisfies Record<DueKind, { index: IndexAttributes; partition: string }>;

/**
 * R5, R6, R7: what is due on or before a date (or, for `publishing`, an instant), oldest first, from a sparse
 * index alone (a Query, never a Scan). The plan is a list plan on the due index with an upper bound, so
 * cursors are checked like a list's.
 */
export function duePlan(
  kind: DueKind,
  onOrBefore: string,
  cursor?: string,
  limit = 100,
  onOrAfter?: string,
): ListPlan {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`a page holds at least one item, not ${limit}`);
  const { index, partition } = DUE_INDEXES[kind];
  const base = {
    index,
    partition,
    filter: {},
    ...(onOrAfter === undefined ? {} : { sortFrom: `${onOrAfter}#` }),
    sortTo: `${onOrBefore}#${KEY_MAX}`,
    limit,
    recordPrefix: DECISION_PREFIX,
  };
  return cursor === undefined ? base : { ...base, start: decodeCursor(cursor, base) };
}
