/**
 * The one module that knows how records lie in the single table: every key and index value, every item
 * shape, how items are checked when read, the list cursor, and which failed condition means which
 * conflict. It imports no AWS SDK, so the memory adapters reuse it: the same sort keys, cursors and
 * conflict precedence make the two stores behave alike by construction. docs/data-model.md explains it.
 */
import type { AuditEvent, ChainHead } from '../../domain/audit.ts';
import { canonicalJson } from '../../domain/canonical-json.ts';
import type { CorrectionRequest, CorrectionRequestStatus } from '../../domain/correction-request.ts';
import type { ActionType, Decision, DecisionStatus, Revision } from '../../domain/decision.ts';
import { correctionUnderWay, latestRevision } from '../../domain/decision.ts';
import { DomainError, ValidationError } from '../../domain/errors.ts';
import { DEFAULT_AGENCY_SETTINGS, validateAgencySettings } from '../../domain/settings.ts';
import {
  chunkOf,
  EMPTY_LOG,
  type LogEntry,
  type LogHead,
  logMarker,
  type SignedCheckpoint,
} from '../../domain/transparency-log.ts';
import type {
  Agency,
  CorrectionRequestQuery,
  CorrectionRequestWrite,
  DecisionDeadlines,
  DecisionQuery,
  DecisionWrite,
  IdempotencyClaim,
  IdempotencyRecord,
  StoredCorrectionRequest,
  StoredDecision,
} from '../../ports.ts';
import {
  CaseNumberTakenError,
  IdempotencyKeyTakenError,
  InvalidCursorError,
  OpenRequestsLimitError,
  VersionConflictError,
} from '../../ports.ts';
import { TABLE } from './table.ts';

export type Item = Record<string, unknown>;

export interface Key {
  readonly pk: string;
  readonly sk: string;
}

export const META_SK = 'META';
/** R8: on a decision's META item while a correction of the published decision is reviewed: `show` or `withhold`. */
export const CORRECTION_ATTRIBUTE = 'correction';
export const REVISION_PREFIX = 'REV#';
export const AUDIT_PREFIX = 'AUDIT#';
export const AGENCY_SK = 'PROFILE';
export const PUBLISH_DUE_PARTITION = 'PUBLISH';
/** R9: open correction requests by their answer deadline share the sparse publishDue index (their own pk). */
export const ANSWER_DUE_PARTITION = 'ANSWER';
/** R7: unconfirmed takedowns share the sparse publishDue index (a withdrawn decision has no publication due). */
export const TAKEDOWN_DUE_PARTITION = 'TAKEDOWN';
export const EXPIRY_DUE_PARTITION = 'EXPIRY';
/**
 * R8: corrections of published decisions by their same-day review deadline take the publication's place in the
 * sparse publishDue index: the review is due first, and once approved the publication deadline is indexed again.
 */
export const CORRECTION_REVIEW_PARTITION = 'CORRECTION_REVIEW';
/** R3: exempt decisions by their review date share the sparse expiryDue index (an exempt decision never expires). */
export const EXEMPTION_REVIEW_PARTITION = 'EXEMPTION_REVIEW';
/** R8: withdrawals awaiting a reviewer's confirmation share the sparse expiryDue index (a withdrawn decision has no expiry). */
export const CONFIRMATION_DUE_PARTITION = 'CONFIRM';
export const PUBLISHING_PARTITION = 'PUBLISHING';
/** R10: catalogue items with an open update deadline (a law change) share the sparse publishDue index. */
export const CATALOG_DUE_PARTITION = 'CATALOG';
/** Catalogue items in `publishing`, on the publishingSince index beside the decisions (the reconcile sweep). */
export const CATALOG_PUBLISHING_PARTITION = 'CATALOG_PUBLISHING';
/** Sorts after every character our ids and dates use: the upper end of "every key starting with …". */
export const KEY_MAX = '\uffff';

/** A stored item that does not have the shape this code writes: fail loudly rather than serve garbage. */
export class CorruptItemError extends Error {
  readonly code = 'corrupt_item';
  constructor(key: string, problem: string) {
    super(`stored item ${key} is corrupt: ${problem}`);
    this.name = 'CorruptItemError';
  }
}

// A `#` inside an id would let two different (agency, case number) pairs build the same key.
export function segment(value: string, what: string): string {
  if (value === '' || value.includes('#'))
    throw new Error(`${what} must be non-empty and without '#': ${value}`);
  return value;
}

// Fixed width keeps the string order of sort keys equal to the numeric order (REV#00010 after REV#00009).
export function pad(value: number, width: number, what: string): string {
  if (!Number.isInteger(value) || value < 0 || value >= 10 ** width) {
    throw new Error(`${what} ${value} does not fit a ${width}-digit sort key`);
  }
  return String(value).padStart(width, '0');
}

export const keys = {
  decision: (id: string): Key => ({ pk: `DEC#${segment(id, 'decision id')}`, sk: META_SK }),
  revision: (id: string, number: number): Key => ({
    pk: `DEC#${segment(id, 'decision id')}`,
    sk: `${REVISION_PREFIX}${pad(number, 5, 'revision number')}`,
  }),
  audit: (id: string, seq: number): Key => ({
    pk: `DEC#${segment(id, 'decision id')}`,
    sk: `${AUDIT_PREFIX}${pad(seq, 8, 'audit seq')}`,
  }),
  caseGuard: (agencyId: string, caseNumber: string): Key => ({
    pk: `CASE#${segment(agencyId, 'agency id')}#${caseNumber}`,
    sk: 'CASE',
  }),
  idempotency: (agencyId: string, key: string): Key => ({
    pk: `IDEM#${segment(agencyId, 'agency id')}#${key}`,
    sk: 'IDEM',
  }),
  agency: (id: string): Key => ({ pk: `AGENCY#${segment(id, 'agency id')}`, sk: AGENCY_SK }),
  /** R14, R12: one counter per agency, refusal reason and day, beside the agency's profile. */
  refusals: (agencyId: string, reason: string, on: string): Key => ({
    pk: `AGENCY#${segment(agencyId, 'agency id')}`,
    sk: `${REFUSALS_PREFIX}${reason}#${on}`,
  }),
} as const;

export const REFUSALS_PREFIX = 'REFUSED#';

type IndexName = (typeof TABLE.indexes)[number]['name'];

export interface IndexAttributes {
  readonly name: IndexName;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export function indexNamed(name: IndexName): IndexAttributes {
  const index = TABLE.indexes.find((i) => i.name === name);
  if (!index) throw new Error(`no index ${name} in the table definition`);
  return index;
}

export const BY_AGENCY_STATUS = indexNamed('byAgencyStatus');
export const BY_AGENCY = indexNamed('byAgency');
export const PUBLISH_DUE = indexNamed('publishDue');
export const EXPIRY_DUE = indexNamed('expiryDue');
export const PUBLISHING_SINCE = indexNamed('publishingSince');

export const agencyStatusPartition = (agencyId: string, status: DecisionStatus): string =>
  `AGENCY#${segment(agencyId, 'agency id')}#STATUS#${status}`;
export const agencyPartition = (agencyId: string): string => `AGENCY#${segment(agencyId, 'agency id')}`;
/** `<date or instant>#<id>`: ordered by time, unique per decision. */
export const timeSortKey = (time: string, id: string): string => `${time}#${id}`;

/**
 * The index attributes of a decision: the two list indexes always, each due-date index only while it is due,
 * and publishingSince only while the decision is in `publishing`.
 */
export function indexAttributes(stored: StoredDecision): Item {
  const { decision, deadlines } = stored;
  const latest = latestRevision(decision);
  return {
    [BY_AGENCY_STATUS.partitionKey]: agencyStatusPartition(decision.agencyId, decision.status),
    [BY_AGENCY_STATUS.sortKey]: timeSortKey(decision.createdAt, decision.id),
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
 * Drops `undefined` members the way the DocumentClient's `removeUndefinedValues` does, and copies: the memory
 * adapters hand out exactly what a DynamoDB round trip would.
 */
export function plainCopy<T>(value: T): T {
  return structuredClone(stripUndefined(value)) as T;
}

function stripUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(stripUndefined);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, stripUndefined(v)]),
    );
  }
  return value;
}

// ---- items --------------------------------------------------------------------------------------------

/**
 * The decision's one item: what a list shows (the latest revision rides along as `latest`), its chain head,
 * its deadlines and its index keys. Revisions and audit events live in items of their own under the same pk.
 */
export function decisionItem(stored: StoredDecision): Item {
  const { revisions, ...decision } = stored.decision;
  const latest = latestRevision(stored.decision);
  const underWay = correctionUnderWay(stored.decision);
  return {
    ...keys.decision(decision.id),
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
  return { ...keys.revision(id, revision.number), type: 'revision', revision };
}

export function auditItem(event: AuditEvent): Item {
  return { ...keys.audit(event.subject, event.seq), type: 'audit', event };
}

export function caseGuardItem(agencyId: string, caseNumber: string, decisionId: string): Item {
  return { ...keys.caseGuard(agencyId, caseNumber), type: 'case', agencyId, caseNumber, decisionId };
}

export function idempotencyItem(agencyId: string, claim: IdempotencyClaim, decisionId: string): Item {
  return {
    ...keys.idempotency(agencyId, claim.key),
    type: 'idempotency',
    agencyId,
    key: claim.key,
    requestHash: claim.requestHash,
    decisionId,
    expiresAt: claim.expiresAt,
  };
}

export function agencyItem(agency: Agency): Item {
  const checked = checkAgency(agency);
  return {
    ...keys.agency(checked.id),
    type: 'agency',
    id: checked.id,
    name: checked.name,
    settings: checked.settings,
  };
}

/** The revisions a write must put: new ones, and those that changed (a review was added). */
export function changedRevisions(previous: StoredDecision | undefined, next: StoredDecision): Revision[] {
  const before = new Map(previous?.decision.revisions.map((r) => [r.number, canonicalJson(r)]));
  return next.decision.revisions.filter((r) => before.get(r.number) !== canonicalJson(r));
}

// ---- reading ------------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keyOf(item: Item): string {
  return `${String(item.pk)} / ${String(item.sk)}`;
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

export function eventFromItem(item: Item): AuditEvent {
  const event = item.event;
  if (
    item.type !== 'audit' ||
    !isRecord(event) ||
    typeof event.seq !== 'number' ||
    typeof event.hash !== 'string'
  ) {
    throw new CorruptItemError(keyOf(item), 'not an audit event');
  }
  return event as unknown as AuditEvent;
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

export function agencyFromItem(item: Item): Agency {
  if (item.type !== 'agency' || typeof item.id !== 'string' || typeof item.name !== 'string') {
    throw new CorruptItemError(keyOf(item), 'not an agency');
  }
  try {
    return { id: item.id, name: item.name, settings: validateAgencySettings(item.settings) };
  } catch (error) {
    if (error instanceof DomainError) throw new CorruptItemError(keyOf(item), error.message);
    throw error;
  }
}

/** Checks an agency before it is stored: its name, and settings that never loosen the law. */
export function checkAgency(agency: Agency): Agency {
  if (agency.name.trim() === '') {
    throw new ValidationError('invalid_value', 'name: must be a non-empty string', { field: 'name' });
  }
  const settings = validateAgencySettings(agency.settings);
  if (settings.agencyId !== agency.id) {
    throw new ValidationError('invalid_value', `settings.agencyId: must be ${agency.id}`, {
      field: 'settings.agencyId',
    });
  }
  segment(agency.id, 'agency id');
  return { id: agency.id, name: agency.name, settings };
}

/** An agency never configured: the statutory defaults, its id as its name. */
export function defaultAgency(id: string): Agency {
  return { id, name: id, settings: DEFAULT_AGENCY_SETTINGS(id) };
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
}

/** What a write touches, each part guarded by a condition that can fail. */
export type WritePart = 'decision' | 'revision' | 'audit' | 'case_guard' | 'old_case_guard' | 'idempotency';

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

export interface ListPlan {
  readonly index: IndexAttributes;
  readonly partition: string;
  /** Inclusive bounds of the index sort key. */
  readonly sortFrom?: string;
  readonly sortTo?: string;
  /** Conditions DynamoDB can only apply after reading (FilterExpression). */
  readonly filter: {
    readonly actionType?: ActionType;
    readonly decidedFrom?: string;
    readonly decidedTo?: string;
  };
  /** Where the previous page ended: DynamoDB's ExclusiveStartKey. */
  readonly start?: Readonly<Record<string, string>>;
  readonly limit: number;
  /** The partition-key prefix of the records listed: `DEC#` unless said otherwise (`CAT#`). */
  readonly recordPrefix?: string;
}

/**
 * A status list walks byAgencyStatus (newest created first) and filters dates; every other list walks
 * byAgency (latest decision date first), where a date range is a key condition and costs no extra reads.
 */
export function listPlan(query: DecisionQuery): ListPlan {
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
  };
  return query.cursor === undefined ? base : { ...base, start: decodeCursor(query.cursor, base) };
}

export function inSortRange(plan: Pick<ListPlan, 'sortFrom' | 'sortTo'>, sortKey: string): boolean {
  return (
    (plan.sortFrom === undefined || compareKeys(sortKey, plan.sortFrom) >= 0) &&
    (plan.sortTo === undefined || compareKeys(sortKey, plan.sortTo) <= 0)
  );
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

/** DynamoDB orders string keys by their UTF-8 bytes, which differs from UTF-16 order above U+FFFF. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The key DynamoDB resumes a query on this index after `item`. */
export function cursorKey(plan: ListPlan, item: Item): Record<string, string> {
  const { partitionKey, sortKey } = plan.index;
  return {
    pk: String(item.pk),
    sk: String(item.sk),
    [partitionKey]: String(item[partitionKey]),
    [sortKey]: String(item[sortKey]),
  };
}

export function encodeCursor(key: Readonly<Record<string, string>>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, plan: Omit<ListPlan, 'start'>): Record<string, string> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const { partitionKey, sortKey } = plan.index;
  const names = ['pk', 'sk', partitionKey, sortKey];
  if (
    !isRecord(key) ||
    Object.keys(key).length !== names.length ||
    !names.every((n) => typeof key[n] === 'string') ||
    !String(key.pk).startsWith(plan.recordPrefix ?? 'DEC#') ||
    key.sk !== META_SK ||
    // A cursor of another agency, status or list would resume somewhere this query never reaches.
    key[partitionKey] !== plan.partition ||
    !inSortRange(plan, String(key[sortKey]))
  ) {
    throw new InvalidCursorError();
  }
  return key as Record<string, string>;
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
  };
  return cursor === undefined ? base : { ...base, start: decodeCursor(cursor, base) };
}

/** The id and due date an index item carries in its sort key `<due>#<id>`: all a sweep needs to know. */
export function dueFromItem(plan: ListPlan, item: Item): { id: string; due: string } {
  const sortKey = item[plan.index.sortKey];
  const at = typeof sortKey === 'string' ? sortKey.indexOf('#') : -1;
  if (typeof sortKey !== 'string' || at < 1) throw new CorruptItemError(keyOf(item), 'no due-date sort key');
  return { due: sortKey.slice(0, at), id: sortKey.slice(at + 1) };
}

// ---- R9: correction requests, and the rate-limit counters that guard their filing ---------------------

export const CORRECTION_REQUEST_PREFIX = 'CORR#';

export const correctionKeys = {
  request: (id: string): Key => ({
    pk: `${CORRECTION_REQUEST_PREFIX}${segment(id, 'correction request id')}`,
    sk: META_SK,
  }),
  audit: (id: string, seq: number): Key => ({
    pk: `${CORRECTION_REQUEST_PREFIX}${segment(id, 'correction request id')}`,
    sk: `${AUDIT_PREFIX}${pad(seq, 8, 'audit seq')}`,
  }),
  /** How many requests on a decision are open: the ceiling a flood of filings runs into. */
  openCount: (decisionId: string): Key => ({
    pk: `CORROPEN#${segment(decisionId, 'decision id')}`,
    sk: 'COUNT',
  }),
  /** One fixed window of one client's counter; `expiresAt` lets TTL delete it after the window. */
  rateLimit: (key: string, windowStart: number): Key => ({
    pk: `RATE#${segment(key, 'rate-limit key')}#${windowStart}`,
    sk: 'RATE',
  }),
} as const;

/** The counter attribute of `openCount` items and of rate-limit items. */
export const OPEN_COUNT_ATTRIBUTE = 'open';
export const RATE_COUNT_ATTRIBUTE = 'count';
/** A rate-limit item outlives its window by this much, so a clock a little behind never sees it missing. */
export const RATE_LIMIT_GRACE_SECONDS = 60;

export const agencyRequestPartition = (agencyId: string, status: CorrectionRequestStatus): string =>
  `AGENCY#${segment(agencyId, 'agency id')}#CORR#${status}`;

/** The fixed window (epoch seconds) an instant falls in. */
export function rateWindow(
  now: Date,
  windowSeconds: number,
): { readonly start: number; readonly end: number } {
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1) {
    throw new RangeError(`a rate-limit window is a whole number of seconds, not ${windowSeconds}`);
  }
  const seconds = Math.floor(now.getTime() / 1000);
  const start = seconds - (seconds % windowSeconds);
  return { start, end: start + windowSeconds };
}

/** Whole seconds until the window ends, at least 1 (Retry-After: 0 would invite an immediate retry). */
export function retryAfter(windowEnd: number, now: Date): number {
  return Math.max(1, windowEnd - Math.floor(now.getTime() / 1000));
}

/**
 * The request's one item: the whole request (the requester's contact included: it lives here and nowhere
 * else), its chain head, the agency's status list keys, and, while open, its answer deadline on the sparse
 * due-date index.
 */
export function correctionRequestItem(stored: StoredCorrectionRequest): Item {
  const { request, auditHead } = stored;
  return {
    ...correctionKeys.request(request.id),
    type: 'correction_request',
    id: request.id,
    decisionId: request.decisionId,
    agencyId: request.agencyId,
    status: request.status,
    version: request.version,
    filedAt: request.filedAt,
    updatedAt: request.updatedAt,
    request,
    auditHead,
    [BY_AGENCY_STATUS.partitionKey]: agencyRequestPartition(request.agencyId, request.status),
    [BY_AGENCY_STATUS.sortKey]: timeSortKey(request.filedAt, request.id),
    // Sparse: answered requests leave the index, so the deadline sweep reads only the open ones that are due.
    ...(request.status === 'open'
      ? {
          [PUBLISH_DUE.partitionKey]: ANSWER_DUE_PARTITION,
          [PUBLISH_DUE.sortKey]: timeSortKey(request.deadline.due, request.id),
        }
      : {}),
  };
}

export function correctionAuditItem(event: AuditEvent): Item {
  return { ...correctionKeys.audit(event.subject, event.seq), type: 'audit', event };
}

export function storedRequestFromItem(item: Item): StoredCorrectionRequest {
  const fail = (problem: string): never => {
    throw new CorruptItemError(keyOf(item), problem);
  };
  if (item.type !== 'correction_request') fail(`type is ${String(item.type)}, not correction_request`);
  const request = item.request;
  if (!isRecord(request)) return fail('no request map');
  if (request.id !== item.id || request.version !== item.version || request.status !== item.status) {
    fail('the request map disagrees with the item on id, version or status');
  }
  if (!isRecord(request.contact) || !isRecord(request.deadline) || typeof request.deadline.due !== 'string') {
    fail('no contact or deadline');
  }
  const head = item.auditHead;
  if (!isRecord(head) || typeof head.seq !== 'number' || typeof head.hash !== 'string') fail('no audit head');
  return { request: request as unknown as CorrectionRequest, auditHead: head as unknown as ChainHead };
}

/** Like checkWrite: a write that does not extend the stored chain by exactly one event is a caller's bug. */
export function checkRequestWrite(write: CorrectionRequestWrite): void {
  const { previous, next, audit } = write;
  const { id } = next.request;
  const head = previous?.auditHead ?? { seq: 0 };
  if (
    previous &&
    (previous.request.id !== id ||
      previous.request.agencyId !== next.request.agencyId ||
      previous.request.decisionId !== next.request.decisionId)
  ) {
    throw new Error(`a write cannot turn correction request ${previous.request.id} into another one`);
  }
  if (audit.subject !== id) throw new Error(`audit event of ${audit.subject} written with request ${id}`);
  if (audit.seq !== head.seq + 1 || (previous && audit.prevHash !== previous.auditHead.hash)) {
    throw new Error(`audit event ${audit.seq} of request ${id} does not follow the stored head ${head.seq}`);
  }
  if (next.auditHead.seq !== audit.seq || next.auditHead.hash !== audit.hash) {
    throw new Error(`correction request ${id} must carry the head of the event it is written with`);
  }
}

/** How the count of open requests on the decision changes with a write: +1 on filing, −1 on leaving `open`. */
export function openCountDelta(write: CorrectionRequestWrite): -1 | 0 | 1 {
  const before = write.previous?.request.status;
  const after = write.next.request.status;
  if (before === undefined) return after === 'open' ? 1 : 0;
  if (before === 'open' && after !== 'open') return -1;
  return 0;
}

export type RequestWritePart = 'request' | 'audit' | 'open_count';

export function requestConflictFor(
  failed: ReadonlySet<RequestWritePart>,
  write: CorrectionRequestWrite,
): Error {
  const { id, decisionId } = write.next.request;
  if (failed.has('request') || failed.has('audit')) {
    return new VersionConflictError(`correction request ${id} was changed by someone else`);
  }
  if (failed.has('open_count') && write.openLimit !== undefined)
    return new OpenRequestsLimitError(decisionId, write.openLimit);
  return new Error(`the write of correction request ${id} failed on ${[...failed].join(', ')}`);
}

export interface RequestListPlan extends ListPlan {
  /** Open requests oldest first (the nearest deadline), answered ones newest first. */
  readonly ascending: boolean;
}

export function requestListPlan(query: CorrectionRequestQuery): RequestListPlan {
  if (!Number.isInteger(query.limit) || query.limit < 1) {
    throw new RangeError(`a page holds at least one request, not ${query.limit}`);
  }
  const base = {
    index: BY_AGENCY_STATUS,
    partition: agencyRequestPartition(query.agencyId, query.status),
    filter: {},
    ...(query.filedFrom !== undefined ? { sortFrom: `${query.filedFrom}#` } : {}),
    ...(query.filedTo !== undefined ? { sortTo: `${query.filedTo}#${KEY_MAX}` } : {}),
    limit: query.limit,
    ascending: query.status === 'open',
    recordPrefix: CORRECTION_REQUEST_PREFIX,
  };
  return query.cursor === undefined ? base : { ...base, start: decodeCursor(query.cursor, base) };
}

/** R9: the open requests whose answer is due on or before the date, from the sparse index (as duePlan). */
export function answerDuePlan(onOrBefore: string, cursor?: string, limit = 100): ListPlan {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`a page holds at least one item, not ${limit}`);
  const base = {
    index: PUBLISH_DUE,
    partition: ANSWER_DUE_PARTITION,
    filter: {},
    sortTo: `${onOrBefore}#${KEY_MAX}`,
    limit,
    recordPrefix: CORRECTION_REQUEST_PREFIX,
  };
  return cursor === undefined ? base : { ...base, start: decodeCursor(cursor, base) };
}

// ---- the transparency log (issue 8, ADR 0007) --------------------------------------------------------------

/**
 * `LOG#HEAD` / `HEAD` holds the head (size, hash of the last entry): every append moves it conditionally on the
 * size it read. Entries sit in one partition per chunk of the site's log (`LOG#CHUNK#<chunk>` / `ENTRY#<seq>`),
 * so the publisher reads what a chunk lacks in one Query. `LOG#DEC#<id>` / marker makes each public event of a
 * decision loggable once. Checkpoints are `LOG#CHECKPOINT` / `<size>`.
 */
export const logKeys = {
  head: (): Key => ({ pk: 'LOG#HEAD', sk: 'HEAD' }),
  chunkPartition: (chunk: number): string => `LOG#CHUNK#${pad(chunk, 6, 'log chunk')}`,
  entrySortKey: (seq: number): string => `ENTRY#${pad(seq, 12, 'log sequence number')}`,
  entry: (seq: number): Key => ({
    pk: logKeys.chunkPartition(chunkOf(seq)),
    sk: logKeys.entrySortKey(seq),
  }),
  marker: (decisionId: string, marker: string): Key => ({
    pk: `LOG#DEC#${segment(decisionId, 'decision id')}`,
    sk: marker,
  }),
  checkpointPartition: 'LOG#CHECKPOINT',
  checkpoint: (size: number): Key => ({
    pk: logKeys.checkpointPartition,
    sk: pad(size, 12, 'checkpoint size'),
  }),
} as const;

export function logHeadItem(entry: LogEntry): Item {
  return { ...logKeys.head(), type: 'log_head', size: entry.seq, headHash: entry.hash, time: entry.time };
}

export function logEntryItem(entry: LogEntry): Item {
  return { ...logKeys.entry(entry.seq), type: 'log_entry', seq: entry.seq, entry };
}

export function logMarkerItem(entry: LogEntry): Item {
  return {
    ...logKeys.marker(entry.decisionId, logMarker(entry)),
    type: 'log_marker',
    decisionId: entry.decisionId,
    seq: entry.seq,
  };
}

export function logCheckpointItem(checkpoint: SignedCheckpoint): Item {
  return {
    ...logKeys.checkpoint(checkpoint.size),
    type: 'log_checkpoint',
    size: checkpoint.size,
    checkpoint,
  };
}

export function logHeadFromItem(item: Item | undefined): LogHead {
  if (!item) return EMPTY_LOG;
  const { size, headHash, time } = item;
  if (item.type !== 'log_head' || typeof size !== 'number' || typeof headHash !== 'string') {
    throw new CorruptItemError(keyOf(item), 'not a log head');
  }
  return { size, headHash, ...(typeof time === 'string' ? { time } : {}) };
}

export function logEntryFromItem(item: Item): LogEntry {
  const entry = item.entry;
  if (
    item.type !== 'log_entry' ||
    !isRecord(entry) ||
    entry.seq !== item.seq ||
    typeof entry.hash !== 'string' ||
    typeof entry.prevHash !== 'string' ||
    typeof entry.decisionId !== 'string'
  ) {
    throw new CorruptItemError(keyOf(item), 'not a log entry');
  }
  // DynamoDB keeps a null as NULL: the entry comes back as it was hashed.
  return entry as unknown as LogEntry;
}

export function logMarkerSeq(item: Item): number {
  if (item.type !== 'log_marker' || typeof item.seq !== 'number') {
    throw new CorruptItemError(keyOf(item), 'not a log marker');
  }
  return item.seq;
}

export function checkpointFromItem(item: Item): SignedCheckpoint {
  const checkpoint = item.checkpoint;
  if (item.type !== 'log_checkpoint' || !isRecord(checkpoint) || checkpoint.size !== item.size) {
    throw new CorruptItemError(keyOf(item), 'not a log checkpoint');
  }
  return checkpoint as unknown as SignedCheckpoint;
}
