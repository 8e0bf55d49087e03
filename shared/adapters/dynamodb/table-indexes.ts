/**
 * The table's secondary indexes as key attributes, the partitions that share its sparse due-date indexes, and the
 * list plans and cursors every Query over an index goes through. Records build their index values from these
 * (decision-keys.ts, correction-request-keys.ts, catalog-keys.ts); table-client.ts and the memory adapters walk
 * the plans. docs/data-model.md explains the design.
 */
import type { ActionType } from '../../domain/decision.ts';
import { InvalidCursorError } from '../../ports.ts';
import { TABLE } from './table.ts';
import { CorruptItemError, type Item, isRecord, keyOf, META_SK } from './table-keys.ts';

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

// The partitions of the sparse due-date indexes, side by side: no two records may share one.
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
/** R12: case systems' inventories with a decision not yet found submitted, by its deadline (inventory-keys.ts). */
export const INVENTORY_DUE_PARTITION = 'INVENTORY';
/** R10: catalogue items with an open update deadline (a law change) share the sparse publishDue index. */
export const CATALOG_DUE_PARTITION = 'CATALOG';
/** Catalogue items in `publishing`, on the publishingSince index beside the decisions (the reconcile sweep). */
export const CATALOG_PUBLISHING_PARTITION = 'CATALOG_PUBLISHING';

/** `<date or instant>#<id>`: ordered by time, unique per decision. */
export const timeSortKey = (time: string, id: string): string => `${time}#${id}`;

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
  /** The partition-key prefix of the records listed (`DEC#`, `CAT#`, `CORR#`): a cursor of another is refused. */
  readonly recordPrefix: string;
}

export function inSortRange(plan: Pick<ListPlan, 'sortFrom' | 'sortTo'>, sortKey: string): boolean {
  return (
    (plan.sortFrom === undefined || compareKeys(sortKey, plan.sortFrom) >= 0) &&
    (plan.sortTo === undefined || compareKeys(sortKey, plan.sortTo) <= 0)
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
    !String(key.pk).startsWith(plan.recordPrefix) ||
    key.sk !== META_SK ||
    // A cursor of another agency, status or list would resume somewhere this query never reaches.
    key[partitionKey] !== plan.partition ||
    !inSortRange(plan, String(key[sortKey]))
  ) {
    throw new InvalidCursorError();
  }
  return key as Record<string, string>;
}

/** The id and due date an index item carries in its sort key `<due>#<id>`: all a sweep needs to know. */
export function dueFromItem(plan: ListPlan, item: Item): { id: string; due: string } {
  const sortKey = item[plan.index.sortKey];
  const at = typeof sortKey === 'string' ? sortKey.indexOf('#') : -1;
  if (typeof sortKey !== 'string' || at < 1) throw new CorruptItemError(keyOf(item), 'no due-date sort key');
  return { due: sortKey.slice(0, at), id: sortKey.slice(at + 1) };
}
