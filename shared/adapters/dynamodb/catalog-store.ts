/**
 * CatalogStore on the single table (docs/data-model.md): one transaction per change with a version condition,
 * and one transaction for a law change and every item it puts a deadline on.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../domain/audit.ts';
import type {
  CatalogQuery,
  CatalogStore,
  CatalogWrite,
  DueItem,
  LawChangeWrite,
  Page,
  StoredCatalogItem,
  StoredLawChange,
} from '../../ports.ts';
import {
  type CatalogDueKind,
  catalogAuditItem,
  catalogConflict,
  catalogDuePlan,
  catalogFromItems,
  catalogItemItem,
  catalogKeys,
  catalogListPlan,
  catalogRevisionItem,
  changedCatalogRevisions,
  checkCatalogWrite,
  checkLawChangeWrite,
  lawChangeAuditItem,
  lawChangeFromItem,
  lawChangeItem,
  listedCatalogFromItem,
} from './catalog-keys.ts';
import {
  AUDIT_PREFIX,
  cursorKey,
  dueFromItem,
  encodeCursor,
  eventFromItem,
  type Item,
  type ListPlan,
  META_SK,
} from './keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const CONDITION_CODES = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict']);
const CONFLICT_ATTEMPTS = 4;

export class DynamoCatalogStore implements CatalogStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor({
    client,
    tableName,
  }: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {
    this.#client = client;
    this.#table = tableName;
  }

  async get(id: string): Promise<StoredCatalogItem | undefined> {
    // sk >= META reads the item and its revisions and skips the audit events (AUDIT# < META < REV#).
    const items = await this.#queryAll({
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk AND sk >= :meta',
      ExpressionAttributeValues: { ':pk': catalogKeys.item(id).pk, ':meta': META_SK },
      ConsistentRead: true,
    });
    const [meta, ...revisions] = items;
    return meta ? catalogFromItems(meta, revisions) : undefined;
  }

  async save(write: CatalogWrite): Promise<void> {
    checkCatalogWrite(write);
    await this.#transact(this.#itemWrites(write), write.next.item.id);
  }

  async saveLawChange(write: LawChangeWrite): Promise<void> {
    checkLawChangeWrite(write);
    const TableName = this.#table;
    const items: TransactItem[] = [
      {
        Put: {
          TableName,
          Item: lawChangeItem(write.lawChange),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName,
          Item: lawChangeAuditItem(write.audit),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...write.items.flatMap((itemWrite) => this.#itemWrites(itemWrite)),
    ];
    await this.#transact(items, write.lawChange.lawChange.id);
  }

  async getLawChange(id: string): Promise<StoredLawChange | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: catalogKeys.lawChange(id), ConsistentRead: true }),
    );
    return Item ? lawChangeFromItem(Item) : undefined;
  }

  async list(query: CatalogQuery): Promise<Page<StoredCatalogItem>> {
    const plan = catalogListPlan(query);
    const found = await this.#queryIndex(plan, true);
    return pageOf(plan, found, listedCatalogFromItem);
  }

  async auditTrail(id: string): Promise<readonly AuditEvent[]> {
    return this.#audit(catalogKeys.item(id).pk);
  }

  async lawChangeAuditTrail(id: string): Promise<readonly AuditEvent[]> {
    return this.#audit(catalogKeys.lawChange(id).pk);
  }

  async listDue(
    kind: CatalogDueKind,
    onOrBefore: string,
    cursor?: string,
    limit?: number,
  ): Promise<Page<DueItem>> {
    const plan = catalogDuePlan(kind, onOrBefore, cursor, limit);
    const found = await this.#queryIndex(plan, false);
    return pageOf(plan, found, (item) => dueFromItem(plan, item) as DueItem);
  }

  /** The item, its new or changed revisions and its audit event, conditioned as one change. */
  #itemWrites(write: CatalogWrite): TransactItem[] {
    const { previous, next, audit } = write;
    const TableName = this.#table;
    return [
      {
        Put: {
          TableName,
          Item: catalogItemItem(next),
          ...(previous
            ? {
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': previous.item.version },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      ...changedCatalogRevisions(previous, next).map(
        (revision): TransactItem => ({
          Put: { TableName, Item: catalogRevisionItem(next.item.id, revision) },
        }),
      ),
      { Put: { TableName, Item: catalogAuditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
  }

  /**
   * One page plus one item (whether another follows), the plan's sort-key bound applied as a key condition.
   * `full`: whole items (a list); otherwise the keys alone (a sweep reads only what is due).
   */
  async #queryIndex(plan: ListPlan, full: boolean): Promise<Item[]> {
    const { name, partitionKey, sortKey } = plan.index;
    const values: Record<string, unknown> = { ':partition': plan.partition };
    let condition = '#ipk = :partition';
    if (plan.sortFrom !== undefined && plan.sortTo !== undefined) {
      condition += ' AND #isk BETWEEN :from AND :to';
      values[':from'] = plan.sortFrom;
      values[':to'] = plan.sortTo;
    } else if (plan.sortTo !== undefined) {
      condition += ' AND #isk <= :to';
      values[':to'] = plan.sortTo;
    }
    // DynamoDB refuses a name that no expression uses.
    const names: Record<string, string> = { '#ipk': partitionKey };
    if (!full || plan.sortTo !== undefined) names['#isk'] = sortKey;
    const wanted = plan.limit + 1;
    const found: Item[] = [];
    let start: Record<string, unknown> | undefined = plan.start;
    do {
      const out = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: name,
          KeyConditionExpression: condition,
          ...(full ? {} : { ProjectionExpression: 'pk, sk, #ipk, #isk' }),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: true,
          Limit: wanted - found.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      found.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (found.length < wanted && start !== undefined);
    return found;
  }

  async #audit(pk: string): Promise<AuditEvent[]> {
    const items = await this.#queryAll({
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': pk, ':audit': AUDIT_PREFIX },
      ConsistentRead: true,
    });
    return items.map(eventFromItem);
  }

  async #queryAll(input: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.#client.send(
        new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async #transact(items: TransactItem[], id: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#client.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const codes = items.map((_, i) => error.CancellationReasons?.[i]?.Code ?? 'None');
        if (codes.some((code) => !CONDITION_CODES.has(code))) throw error;
        const failed = codes.includes('ConditionalCheckFailed');
        if (!failed && !codes.includes('TransactionConflict')) throw error;
        if (!failed && attempt < CONFLICT_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 40));
          continue;
        }
        // Every condition here guards a version or a new record: whichever failed, someone else changed it first.
        throw Object.assign(catalogConflict(id), { cause: error });
      }
    }
  }
}

function pageOf<T>(plan: ListPlan, found: readonly Item[], read: (item: Item) => T): Page<T> {
  const page = found.slice(0, plan.limit);
  const last = page.at(-1);
  const items = page.map(read);
  return found.length > plan.limit && last
    ? { items, cursor: encodeCursor(cursorKey(plan, last)) }
    : { items };
}
