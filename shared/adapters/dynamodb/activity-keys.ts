/**
 * R12: an agency's activity, by when it happened: one small item per first publication and per withdrawal of a
 * decision, in the agency's activity partition `AGENCY#<agency>#ACTIVITY`, sorted by the instant
 * (`PUB#<publishedAt>#<id>`, `WD#<withdrawal at>#<id>`). They are written in the transaction of the state change
 * itself (decision-store.ts), so a report of a period reads exactly what happened in it with one Query on the
 * table's own keys and no index. docs/data-model.md explains the design.
 */
import type { Decision } from '../../domain/decision.ts';
import { type ActivityEntry, type ActivityKind, InvalidCursorError } from '../../ports.ts';
import { agencyPartition } from './agency-keys.ts';
import { CorruptItemError, type Item, isRecord, type Key, keyOf, segment } from './table-keys.ts';

const ACTIVITY_PREFIXES: Readonly<Record<ActivityKind, string>> = { published: 'PUB#', withdrawn: 'WD#' };

export const activityPartition = (agencyId: string): string => `${agencyPartition(agencyId)}#ACTIVITY`;

/** An instant as the sort key holds it: `toISOString()`, so string order is time order. */
function instant(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new RangeError(`not an instant: ${value}`);
  return new Date(time).toISOString();
}

export const activityKey = (agencyId: string, kind: ActivityKind, at: string, id: string): Key => ({
  pk: activityPartition(agencyId),
  sk: `${ACTIVITY_PREFIXES[kind]}${instant(at)}#${segment(id, 'decision id')}`,
});

export function activityItem(agencyId: string, kind: ActivityKind, at: string, id: string): Item {
  return { ...activityKey(agencyId, kind, at, id), type: 'activity', kind, id, at: instant(at) };
}

/**
 * The activity a write records: the first publication (the record had no publishedAt, now has one: a
 * reinstated decision published again keeps its first) and a new withdrawal (keyed by its own instant, so a
 * decision reinstated and withdrawn again has one item per withdrawal).
 */
export function activityOfWrite(previous: Decision | undefined, next: Decision): Item[] {
  const items: Item[] = [];
  if (previous?.publishedAt === undefined && next.publishedAt !== undefined) {
    items.push(activityItem(next.agencyId, 'published', next.publishedAt, next.id));
  }
  const withdrawal = next.withdrawal;
  if (withdrawal && previous?.withdrawal?.at !== withdrawal.at) {
    items.push(activityItem(next.agencyId, 'withdrawn', withdrawal.at, next.id));
  }
  return items;
}

/** Every activity a record accounts for, reinstated withdrawals included: what a backfill writes. */
export function activityOfRecord(decision: Decision): Item[] {
  const withdrawals = [
    ...(decision.reinstatements ?? []).map((r) => r.withdrawal),
    ...(decision.withdrawal ? [decision.withdrawal] : []),
  ];
  return [
    ...(decision.publishedAt
      ? [activityItem(decision.agencyId, 'published', decision.publishedAt, decision.id)]
      : []),
    ...withdrawals.map((w) => activityItem(decision.agencyId, 'withdrawn', w.at, decision.id)),
  ];
}

export interface ActivityPlan {
  readonly pk: string;
  /** Inclusive bounds of the sort key: from the first instant, up to (not including) the last. */
  readonly from: string;
  readonly to: string;
  /** The sort key the previous page ended on. */
  readonly after?: string;
  readonly limit: number;
}

/** [fromInstant, toInstant): `WD#<to>` sorts before every `WD#<to>#<id>`, so BETWEEN leaves the end out. */
export function activityPlan(
  agencyId: string,
  kind: ActivityKind,
  fromInstant: string,
  toInstant: string,
  cursor?: string,
  limit = 100,
): ActivityPlan {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`a page holds at least one item, not ${limit}`);
  const prefix = ACTIVITY_PREFIXES[kind];
  const base = {
    pk: activityPartition(agencyId),
    from: `${prefix}${instant(fromInstant)}`,
    to: `${prefix}${instant(toInstant)}`,
    limit,
  };
  return cursor === undefined ? base : { ...base, after: decodeActivityCursor(cursor, base) };
}

export function encodeActivityCursor(sk: string): string {
  return Buffer.from(JSON.stringify({ sk }), 'utf8').toString('base64url');
}

function decodeActivityCursor(cursor: string, plan: Omit<ActivityPlan, 'after'>): string {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  // A cursor of another kind or period would resume somewhere this query never reaches.
  if (!isRecord(key) || typeof key.sk !== 'string' || key.sk < plan.from || key.sk > plan.to) {
    throw new InvalidCursorError();
  }
  return key.sk;
}

export function activityFromItem(item: Item): ActivityEntry {
  if (item.type !== 'activity' || typeof item.id !== 'string' || typeof item.at !== 'string') {
    throw new CorruptItemError(keyOf(item), 'not an activity item');
  }
  return { id: item.id, at: item.at };
}
