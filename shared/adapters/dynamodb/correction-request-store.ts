/**
 * CorrectionRequestStore on the single table (docs/data-model.md): the request item and its audit event in one
 * transaction, conditional on the version read, with the decision's count of open requests moved in the same
 * transaction (and, on a filing, capped).
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
import type { LocalDate } from '../../domain/dates.ts';
import type {
  CorrectionRequestQuery,
  CorrectionRequestStore,
  CorrectionRequestWrite,
  DueItem,
  Page,
  StoredCorrectionRequest,
} from '../../ports.ts';
import {
  AUDIT_PREFIX,
  answerDuePlan,
  checkRequestWrite,
  correctionAuditItem,
  correctionKeys,
  correctionRequestItem,
  cursorKey,
  dueFromItem,
  encodeCursor,
  eventFromItem,
  type Item,
  type ListPlan,
  OPEN_COUNT_ATTRIBUTE,
  openCountDelta,
  type RequestWritePart,
  requestConflictFor,
  requestListPlan,
  storedRequestFromItem,
} from './keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const CONDITION_CODES = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict']);
const CONFLICT_ATTEMPTS = 4;

export class DynamoCorrectionRequestStore implements CorrectionRequestStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor({
    client,
    tableName,
  }: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {
    this.#client = client;
    this.#table = tableName;
  }

  async get(id: string): Promise<StoredCorrectionRequest | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: correctionKeys.request(id), ConsistentRead: true }),
    );
    return Item ? storedRequestFromItem(Item) : undefined;
  }

  async save(write: CorrectionRequestWrite): Promise<void> {
    checkRequestWrite(write);
    const { previous, next, audit, openLimit } = write;
    const TableName = this.#table;
    const parts: RequestWritePart[] = [];
    const items: TransactItem[] = [];
    const add = (part: RequestWritePart, item: TransactItem) => {
      parts.push(part);
      items.push(item);
    };
    add('request', {
      Put: {
        TableName,
        Item: correctionRequestItem(next),
        ...(previous
          ? {
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': previous.request.version },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    });
    add('audit', {
      Put: { TableName, Item: correctionAuditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' },
    });
    const delta = openCountDelta(write);
    if (delta !== 0) {
      const capped = delta > 0 && openLimit !== undefined;
      add('open_count', {
        Update: {
          TableName,
          Key: correctionKeys.openCount(next.request.decisionId),
          UpdateExpression: 'ADD #open :delta SET #type = :type, decisionId = :decision',
          ExpressionAttributeNames: { '#open': OPEN_COUNT_ATTRIBUTE, '#type': 'type' },
          ExpressionAttributeValues: {
            ':delta': delta,
            ':type': 'correction_open_count',
            ':decision': next.request.decisionId,
            ...(capped ? { ':limit': openLimit } : {}),
          },
          ...(capped ? { ConditionExpression: 'attribute_not_exists(#open) OR #open < :limit' } : {}),
        },
      });
    }
    await this.#transact(items, parts, write);
  }

  async list(query: CorrectionRequestQuery): Promise<Page<StoredCorrectionRequest>> {
    const plan = requestListPlan(query);
    const names: Record<string, string> = { '#ipk': plan.index.partitionKey };
    const values: Record<string, unknown> = { ':partition': plan.partition };
    let keyCondition = '#ipk = :partition';
    if (plan.sortFrom !== undefined || plan.sortTo !== undefined) names['#isk'] = plan.index.sortKey;
    if (plan.sortFrom !== undefined && plan.sortTo !== undefined) {
      keyCondition += ' AND #isk BETWEEN :from AND :to';
      values[':from'] = plan.sortFrom;
      values[':to'] = plan.sortTo;
    } else if (plan.sortFrom !== undefined) {
      keyCondition += ' AND #isk >= :from';
      values[':from'] = plan.sortFrom;
    } else if (plan.sortTo !== undefined) {
      keyCondition += ' AND #isk <= :to';
      values[':to'] = plan.sortTo;
    }
    const found = await this.#page(plan, {
      TableName: this.#table,
      IndexName: plan.index.name,
      KeyConditionExpression: keyCondition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: plan.ascending,
    });
    const page = found.slice(0, plan.limit);
    const last = page.at(-1);
    const items = page.map(storedRequestFromItem);
    return found.length > plan.limit && last
      ? { items, cursor: encodeCursor(cursorKey(plan, last)) }
      : { items };
  }

  async listDue(onOrBefore: LocalDate, cursor?: string, limit?: number): Promise<Page<DueItem>> {
    const plan = answerDuePlan(onOrBefore, cursor, limit);
    const { name, partitionKey, sortKey } = plan.index;
    const found = await this.#page(plan, {
      TableName: this.#table,
      IndexName: name,
      KeyConditionExpression: '#ipk = :partition AND #isk <= :to',
      // Only the keys: a sweep counts what is due, it does not read the requests.
      ProjectionExpression: 'pk, sk, #ipk, #isk',
      ExpressionAttributeNames: { '#ipk': partitionKey, '#isk': sortKey },
      ExpressionAttributeValues: { ':partition': plan.partition, ':to': plan.sortTo },
    });
    const page = found.slice(0, plan.limit);
    const last = page.at(-1);
    const items = page.map((item) => dueFromItem(plan, item) as DueItem);
    return found.length > plan.limit && last
      ? { items, cursor: encodeCursor(cursorKey(plan, last)) }
      : { items };
  }

  async auditTrail(id: string): Promise<readonly AuditEvent[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
          ExpressionAttributeValues: { ':pk': correctionKeys.request(id).pk, ':audit': AUDIT_PREFIX },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items.map(eventFromItem);
  }

  /** The page plus one item (which tells whether another page follows), from the plan's start. */
  async #page(plan: ListPlan, input: QueryCommandInput): Promise<Item[]> {
    const wanted = plan.limit + 1;
    const found: Item[] = [];
    let start: Record<string, unknown> | undefined = plan.start;
    do {
      const out = await this.#client.send(
        new QueryCommand({
          ...input,
          Limit: wanted - found.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      found.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (found.length < wanted && start !== undefined);
    return found;
  }

  async #transact(items: TransactItem[], parts: readonly RequestWritePart[], write: CorrectionRequestWrite) {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#client.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const codes = parts.map((_, i) => error.CancellationReasons?.[i]?.Code ?? 'None');
        if (codes.some((code) => !CONDITION_CODES.has(code))) throw error;
        const failed = new Set(parts.filter((_, i) => codes[i] === 'ConditionalCheckFailed'));
        const conflicting = new Set(parts.filter((_, i) => codes[i] === 'TransactionConflict'));
        if (failed.size === 0 && conflicting.size === 0) throw error;
        // Another filing on the same decision's counter, most often: retry shortly, as the decision store does.
        if (failed.size === 0 && attempt < CONFLICT_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 40));
          continue;
        }
        throw Object.assign(requestConflictFor(failed.size > 0 ? failed : conflicting, write), {
          cause: error,
        });
      }
    }
  }
}
