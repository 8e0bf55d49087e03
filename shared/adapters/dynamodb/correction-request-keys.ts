/**
 * R9: how correction requests lie in the single table: their partition `CORR#<id>` (the META item and its audit
 * events), the counts of one requester's open requests on a decision and on all (`CORROPEN#<decision>#<requester>`,
 * `CORROPEN#ALL#<requester>`), the rate-limit counters that guard
 * their filing (`RATE#<key>#<window>`), their list and answer-deadline plans, and which failed condition means
 * which conflict. docs/data-model.md explains the design.
 */
import { createHash } from 'node:crypto';
import type { AuditEvent, ChainHead } from '../../domain/audit.ts';
import type {
  CorrectionRequest,
  CorrectionRequestStatus,
  RequesterContact,
} from '../../domain/correction-request.ts';
import { foldCodePoint } from '../../domain/skeleton.ts';
import type {
  CorrectionRequestQuery,
  CorrectionRequestWrite,
  OpenRequestLimits,
  StoredCorrectionRequest,
} from '../../ports.ts';
import { OpenRequestsLimitError, VersionConflictError } from '../../ports.ts';
import { agencyPartition } from './agency-keys.ts';
import {
  ANSWER_DUE_PARTITION,
  BY_AGENCY_STATUS,
  decodeCursor,
  type ListPlan,
  PUBLISH_DUE,
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
  segment,
} from './table-keys.ts';

export const CORRECTION_REQUEST_PREFIX = 'CORR#';
export const OPEN_COUNT_PREFIX = 'CORROPEN#';
export const OPEN_COUNT_SK = 'COUNT';
export const RATE_LIMIT_PREFIX = 'RATE#';
export const RATE_LIMIT_SK = 'RATE';
/**
 * ADR 0016: the correction form's challenges: `CHALLENGE#KEY` holds the key they are signed with,
 * `CHALLENGE#<digest of a signature>` marks a solution used (until TTL removes it after its expiry).
 */
export const CHALLENGE_PREFIX = 'CHALLENGE#';

export const challengeKeys = {
  key: (): Key => ({ pk: `${CHALLENGE_PREFIX}KEY`, sk: META_SK }),
  spent: (signature: string): Key => ({
    pk: `${CHALLENGE_PREFIX}${createHash('sha256').update(signature).digest('hex').slice(0, 40)}`,
    sk: META_SK,
  }),
} as const;

export const correctionKeys = {
  request: (id: string): Key => ({
    pk: `${CORRECTION_REQUEST_PREFIX}${segment(id, 'correction request id')}`,
    sk: META_SK,
  }),
  audit: (id: string, seq: number): Key => ({
    pk: `${CORRECTION_REQUEST_PREFIX}${segment(id, 'correction request id')}`,
    sk: `${AUDIT_PREFIX}${pad(seq, 8, 'audit seq')}`,
  }),
  /** How many requests one requester (a digest of a phone or an e-mail) has open on a decision. */
  openCount: (decisionId: string, requester: string): Key => ({
    pk: `${OPEN_COUNT_PREFIX}${segment(decisionId, 'decision id')}#${segment(requester, 'requester')}`,
    sk: OPEN_COUNT_SK,
  }),
  /** How many requests one requester has open on all decisions. */
  openCountOverall: (requester: string): Key => ({
    pk: `${OPEN_COUNT_PREFIX}${OVERALL}#${segment(requester, 'requester')}`,
    sk: OPEN_COUNT_SK,
  }),
  /** One fixed window of one client's counter; `expiresAt` lets TTL delete it after the window. */
  rateLimit: (key: string, windowStart: number): Key => ({
    pk: `${RATE_LIMIT_PREFIX}${segment(key, 'rate-limit key')}#${windowStart}`,
    sk: RATE_LIMIT_SK,
  }),
} as const;

/** The counter attribute of `openCount` items and of rate-limit items. */
export const OPEN_COUNT_ATTRIBUTE = 'open';
export const RATE_COUNT_ATTRIBUTE = 'count';
/** A rate-limit item outlives its window by this much, so a clock a little behind never sees it missing. */
export const RATE_LIMIT_GRACE_SECONDS = 60;

export const agencyRequestPartition = (agencyId: string, status: CorrectionRequestStatus): string =>
  `${agencyPartition(agencyId)}#${CORRECTION_REQUEST_PREFIX}${status}`;

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
  return {
    ...correctionKeys.audit(event.subject, event.seq),
    type: 'audit',
    event,
    ...auditDayAttributes(event),
  };
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

/** The overall counters' segment: no decision id (26 characters of Crockford base32) reads so. */
const OVERALL = 'ALL';

/**
 * R9: the requester as the open-request caps count them: a digest of each way the contact gives to reach them,
 * the phone as digits (full-width or other digits folded, separators and a +86 / 0086 prefix dropped) and the
 * e-mail in lower case. The name is not one: two people share a name, and anyone can type any name.
 */
export function requesterKeys(contact: RequesterContact): string[] {
  const keys: string[] = [];
  let phone = '';
  for (const c of contact.phone ?? '') phone += foldCodePoint(c);
  phone = phone.replace(/\D/g, '').replace(/^(?:0086|86)(?=1\d{10}$)/, '');
  if (phone !== '') keys.push(digest('phone', phone));
  const email = (contact.email ?? '').normalize('NFKC').trim().toLowerCase();
  if (email !== '') keys.push(digest('email', email));
  return keys;
}

function digest(kind: string, value: string): string {
  return createHash('sha256').update(`gongshi:requester:${kind}:${value}`).digest('hex').slice(0, 32);
}

/** The counters a request's filing or answer moves, each with the limit it is held to on a filing. */
export function openCounters(
  request: CorrectionRequest,
  limits: OpenRequestLimits | undefined,
): { readonly key: Key; readonly limit: number | undefined }[] {
  return requesterKeys(request.contact).flatMap((requester) => [
    { key: correctionKeys.openCount(request.decisionId, requester), limit: limits?.perDecision },
    { key: correctionKeys.openCountOverall(requester), limit: limits?.overall },
  ]);
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
  if (failed.has('open_count') && write.openLimits !== undefined)
    return new OpenRequestsLimitError(decisionId, write.openLimits);
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
