/**
 * What the single-table stores share: consistent reads, queries read to the end or a page at a time, the
 * keys-only due queries of the sweeps, and a transaction whose cancellation is mapped to a conflict.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DueItem, Page } from '../../ports.ts';
import type { DocumentClient, QueryInput, TransactItem } from './client.ts';
import { cursorKey, dueFromItem, encodeCursor, type ListPlan } from './table-indexes.ts';
import type { Item, Key } from './table-keys.ts';

export type { TransactItem } from './client.ts';

export interface DynamoTableOptions {
  readonly client: DocumentClient;
  readonly tableName: string;
}

const CONDITION_CODES = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict']);
// A transaction that overlaps another one on the same item is cancelled with TransactionConflict; the other
// may yet fail, so a short retry turns most of these into a clean success or a definite condition failure.
const CONFLICT_ATTEMPTS = 4;

/** A query's input without what TableClient fills in: the table, the page size and where to start. */
export type TableQuery = Omit<QueryInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;

export class TableClient {
  readonly client: DocumentClient;
  readonly name: string;

  constructor({ client, tableName }: DynamoTableOptions) {
    this.client = client;
    this.name = tableName;
  }

  /** A Put of a record that must not exist yet. */
  putNew(item: Item): TransactItem {
    return { Put: { TableName: this.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  /** A Put of a versioned record: new when `expected` is undefined, else conditional on the version read. */
  putVersioned(item: Item, expected: number | undefined): TransactItem {
    if (expected === undefined) return this.putNew(item);
    return {
      Put: {
        TableName: this.name,
        Item: item,
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': expected },
      },
    };
  }

  /** One item by its key, read consistently. */
  async get(key: Key): Promise<Item | undefined> {
    const { Item } = await this.client.get({ TableName: this.name, Key: key, ConsistentRead: true });
    return Item;
  }

  /** Every item the query finds, page after page. */
  async queryAll(input: TableQuery): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.query({
        TableName: this.name,
        ...input,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      items.push(...out.Items);
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /**
   * The plan's page plus one item (which tells whether another page follows, so the last page never carries
   * a cursor), from the plan's start. `readAhead`: the least a round trip asks for, where a filter drops
   * items after DynamoDB reads them.
   */
  async queryPage(plan: ListPlan, input: TableQuery, readAhead = 0): Promise<Item[]> {
    const wanted = plan.limit + 1;
    const found: Item[] = [];
    let start: Record<string, unknown> | undefined = plan.start;
    do {
      const out = await this.client.query({
        TableName: this.name,
        ...input,
        Limit: Math.max(wanted - found.length, readAhead),
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      found.push(...out.Items);
      start = out.LastEvaluatedKey;
    } while (found.length < wanted && start !== undefined);
    return found;
  }

  /** A page of what is due by the plan's sort-key bound; only the keys are read (the cursor needs them all). */
  async listDue(plan: ListPlan): Promise<Page<DueItem>> {
    const found = await this.#dueQuery(plan, 'pk, sk, #ipk, #isk');
    return pageOf(plan, found, (item) => dueFromItem(plan, item) as DueItem);
  }

  /** The same page, each item whole as the index projects it (ALL): one read per item due. */
  async listDueItems<T>(plan: ListPlan, read: (item: Item) => T): Promise<Page<T>> {
    return pageOf(plan, await this.#dueQuery(plan), read);
  }

  #dueQuery(plan: ListPlan, projection?: string): Promise<Item[]> {
    // Both bounds when the plan has them (R5: the recompute sweep reads a window, ADR 0013).
    const condition = keyCondition(plan);
    return this.queryPage(plan, {
      IndexName: plan.index.name,
      ...condition,
      ...(projection ? { ProjectionExpression: projection } : {}),
      ExpressionAttributeNames: {
        ...condition.ExpressionAttributeNames,
        '#isk': plan.index.sortKey,
      },
    });
  }

  /**
   * Writes the items in one transaction, retrying a short while when it only overlapped another one. A
   * failed condition, or an overlap that outlasts the retries, is thrown as `conflict(failed)`, where `failed`
   * holds the indexes of the items whose condition failed (or, if none did, of those that overlapped).
   */
  async transact(items: TransactItem[], conflict: (failed: readonly number[]) => Error): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.transactWrite(items);
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        // The reasons are aligned with the items; anything but a condition or a conflict (throttling,
        // validation, item too large) is not ours to interpret.
        const codes = items.map((_, i) => error.CancellationReasons?.[i]?.Code ?? 'None');
        if (codes.some((code) => !CONDITION_CODES.has(code))) throw error;
        const failed = indexesOf(codes, 'ConditionalCheckFailed');
        const conflicting = indexesOf(codes, 'TransactionConflict');
        if (failed.length === 0 && conflicting.length === 0) throw error;
        if (failed.length === 0 && attempt < CONFLICT_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 40));
          continue;
        }
        // Still overlapping after the retries: the other writer holds what this one needs.
        throw Object.assign(conflict(failed.length > 0 ? failed : conflicting), { cause: error });
      }
    }
  }
}

/** The part of each failed index, for stores that name the items of a transaction. */
export function partsAt<P>(parts: readonly P[], indexes: readonly number[]): ReadonlySet<P> {
  return new Set(indexes.map((i) => parts[i] as P));
}

/**
 * The plan's partition and sort-key bounds as a key condition on its index, with the names and values it
 * uses (DynamoDB refuses a name that no expression uses); the caller may add its own to them.
 */
export function keyCondition(plan: ListPlan): {
  KeyConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  const names: Record<string, string> = { '#ipk': plan.index.partitionKey };
  const values: Record<string, unknown> = { ':partition': plan.partition };
  let condition = '#ipk = :partition';
  if (plan.sortFrom !== undefined || plan.sortTo !== undefined) names['#isk'] = plan.index.sortKey;
  if (plan.sortFrom !== undefined && plan.sortTo !== undefined) {
    condition += ' AND #isk BETWEEN :from AND :to';
    values[':from'] = plan.sortFrom;
    values[':to'] = plan.sortTo;
  } else if (plan.sortFrom !== undefined) {
    condition += ' AND #isk >= :from';
    values[':from'] = plan.sortFrom;
  } else if (plan.sortTo !== undefined) {
    condition += ' AND #isk <= :to';
    values[':to'] = plan.sortTo;
  }
  return {
    KeyConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The plan's page of what a query found (one item more than the page when another page follows). */
export function pageOf<T>(plan: ListPlan, found: readonly Item[], read: (item: Item) => T): Page<T> {
  const page = found.slice(0, plan.limit);
  const last = page.at(-1);
  const items = page.map(read);
  return found.length > plan.limit && last
    ? { items, cursor: encodeCursor(cursorKey(plan, last)) }
    : { items };
}

function indexesOf(codes: readonly string[], code: string): number[] {
  return codes.flatMap((c, i) => (c === code ? [i] : []));
}
