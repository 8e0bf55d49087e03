/**
 * What the memory stores share: a versioned record with its audit chain, the conditions a DynamoDB
 * transaction puts on them, and an index query (partition, sort-key range, cursor, order, page) over items
 * built with the table's own key builders.
 */
import type { AuditEvent } from '../../domain/audit.ts';
import type { Page } from '../../ports.ts';
import {
  compareKeys,
  cursorKey,
  encodeCursor,
  inSortRange,
  type ListPlan,
} from '../dynamodb/table-indexes.ts';
import { type Item, plainCopy } from '../dynamodb/table-keys.ts';

/** A record as stored, with the audit events written with it. */
export interface Entry<T> {
  readonly stored: T;
  readonly audit: readonly AuditEvent[];
}

/** Whether a write expecting `expected` (undefined: a new record) misses the version held, as `#version = :expected` would. */
export function staleVersion(
  expected: number | undefined,
  held: { readonly version: number } | undefined,
): boolean {
  return expected === undefined ? held !== undefined : held?.version !== expected;
}

/** Whether the audit event's place in the chain is taken already, as `attribute_not_exists(pk)` would find it. */
export function auditTaken(current: Entry<unknown> | undefined, audit: AuditEvent): boolean {
  return (current?.audit.length ?? 0) >= audit.seq;
}

/** The entry after a write: a copy of the new record, the audit event appended. */
export function nextEntry<T>(current: Entry<T> | undefined, next: T, audit: AuditEvent): Entry<T> {
  return { stored: plainCopy(next), audit: [...(current?.audit ?? []), plainCopy(audit)] };
}

/** A value and the table item it is listed by. */
export interface Row<T> {
  readonly item: Item;
  readonly value: T;
}

/**
 * The rows on the plan's index partition and in its sort-key range, after its cursor, in the order of the
 * Query: ascending, or descending when `ascending` is false.
 */
export function rowsOn<T>(plan: ListPlan, rows: Iterable<Row<T>>, ascending = true): Row<T>[] {
  const { partitionKey, sortKey } = plan.index;
  const direction = ascending ? 1 : -1;
  const after = plan.start?.[sortKey];
  return [...rows]
    .filter(({ item }) => item[partitionKey] === plan.partition && inSortRange(plan, String(item[sortKey])))
    .filter(({ item }) => after === undefined || direction * compareKeys(String(item[sortKey]), after) > 0)
    .sort((a, b) => direction * compareKeys(String(a.item[sortKey]), String(b.item[sortKey])));
}

/** The plan's page of the rows, each read into what the store returns, with a cursor when more follow. */
export function pageOf<T, U>(plan: ListPlan, rows: readonly Row<T>[], read: (row: Row<T>) => U): Page<U> {
  const page = rows.slice(0, plan.limit);
  const last = page.at(-1);
  const items = page.map(read);
  return rows.length > plan.limit && last
    ? { items, cursor: encodeCursor(cursorKey(plan, last.item)) }
    : { items };
}
