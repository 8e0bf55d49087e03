/**
 * DecisionStore on the single table (docs/data-model.md): one transaction per state change, optimistic
 * concurrency on the decision's version, uniqueness guards for case numbers and idempotency keys.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../domain/audit.ts';
import type { WithdrawReason } from '../../domain/decision.ts';
import {
  type Clock,
  type DecisionQuery,
  type DecisionRef,
  type DecisionScanner,
  type DecisionStore,
  type DecisionWrite,
  type DueItem,
  type IdempotencyRecord,
  type Page,
  PUBLIC_SIDE_STATUSES,
  type StoredDecision,
} from '../../ports.ts';
import {
  AUDIT_PREFIX,
  auditItem,
  CorruptItemError,
  caseGuardItem,
  caseNumberOf,
  changedRevisions,
  checkWrite,
  conflictFor,
  cursorKey,
  type DueKind,
  decisionItem,
  dueFromItem,
  duePlan,
  encodeCursor,
  eventFromItem,
  type Item,
  idempotencyFromItem,
  idempotencyItem,
  isLive,
  keys,
  listedFromItem,
  listPlan,
  META_SK,
  revisionItem,
  storedFromItems,
  type WritePart,
} from './keys.ts';

export { CorruptItemError, InvalidCursorError } from './keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const CONDITION_CODES = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict']);
// A transaction that overlaps another one on the same item is cancelled with TransactionConflict; the other
// may yet fail, so a short retry turns most of these into a clean success or a definite condition failure.
const CONFLICT_ATTEMPTS = 4;
// Filters are applied after DynamoDB reads a page: read more than the page needs so a selective filter
// costs fewer round trips.
const FILTERED_READ_AHEAD = 100;

export interface DynamoDecisionStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Decides whether an idempotency record has expired; the system clock unless a test injects one. */
  readonly clock?: Clock;
}

export class DynamoDecisionStore implements DecisionStore, DecisionScanner {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: Clock;

  constructor({ client, tableName, clock }: DynamoDecisionStoreOptions) {
    this.#client = client;
    this.#table = tableName;
    this.#clock = clock ?? { now: () => new Date() };
  }

  async get(id: string): Promise<StoredDecision | undefined> {
    const { pk } = keys.decision(id);
    // sk >= META reads the decision and its revisions in one query and skips the audit items (AUDIT# < META).
    const items = await this.#queryAll({
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk AND sk >= :meta',
      ExpressionAttributeValues: { ':pk': pk, ':meta': META_SK },
      ConsistentRead: true,
    });
    const [meta, ...revisions] = items;
    if (!meta) return undefined;
    return storedFromItems(meta, revisions);
  }

  async save(write: DecisionWrite): Promise<void> {
    checkWrite(write);
    const { previous, next, audit, idempotency } = write;
    const { id, agencyId } = next.decision;
    const parts: WritePart[] = [];
    const items: TransactItem[] = [];
    const add = (part: WritePart, item: TransactItem) => {
      parts.push(part);
      items.push(item);
    };
    const TableName = this.#table;

    add('decision', {
      Put: {
        TableName,
        Item: decisionItem(next),
        ...(previous
          ? {
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': previous.decision.version },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    });
    for (const revision of changedRevisions(previous, next)) {
      add('revision', { Put: { TableName, Item: revisionItem(id, revision) } });
    }
    add('audit', {
      Put: { TableName, Item: auditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' },
    });

    const caseNumber = caseNumberOf(next);
    const oldCaseNumber = previous && caseNumberOf(previous);
    if (caseNumber !== oldCaseNumber) {
      add('case_guard', {
        Put: {
          TableName,
          Item: caseGuardItem(agencyId, caseNumber, id),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      if (oldCaseNumber !== undefined) {
        add('old_case_guard', {
          Delete: {
            TableName,
            Key: keys.caseGuard(agencyId, oldCaseNumber),
            ConditionExpression: 'decisionId = :id',
            ExpressionAttributeValues: { ':id': id },
          },
        });
      }
    }
    if (idempotency) {
      add('idempotency', {
        Put: {
          TableName,
          Item: idempotencyItem(agencyId, idempotency, id),
          // An expired record may linger until TTL deletes it; it no longer holds the key.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': Math.floor(this.#clock.now().getTime() / 1000) },
        },
      });
    }
    await this.#transact(items, parts, id);
  }

  async list(query: DecisionQuery): Promise<Page<StoredDecision>> {
    const plan = listPlan(query);
    const { name, partitionKey, sortKey } = plan.index;
    const names: Record<string, string> = { '#ipk': partitionKey };
    const values: Record<string, unknown> = { ':partition': plan.partition };
    let keyCondition = '#ipk = :partition';
    if (plan.sortFrom !== undefined || plan.sortTo !== undefined) names['#isk'] = sortKey;
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
    const filters: string[] = [];
    const { actionType, decidedFrom, decidedTo } = plan.filter;
    if (actionType !== undefined) {
      filters.push('#actionType = :actionType');
      names['#actionType'] = 'actionType';
      values[':actionType'] = actionType;
    }
    if (decidedFrom !== undefined) {
      filters.push('#decisionDate >= :decidedFrom');
      values[':decidedFrom'] = decidedFrom;
    }
    if (decidedTo !== undefined) {
      filters.push('#decisionDate <= :decidedTo');
      values[':decidedTo'] = decidedTo;
    }
    if (decidedFrom !== undefined || decidedTo !== undefined) names['#decisionDate'] = 'decisionDate';

    // One item beyond the page tells whether another page follows, so the last page never carries a cursor.
    const wanted = plan.limit + 1;
    const found: Item[] = [];
    let start: Record<string, unknown> | undefined = plan.start;
    do {
      const need = wanted - found.length;
      const out = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: name,
          KeyConditionExpression: keyCondition,
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: filters.length > 0 ? Math.max(need, FILTERED_READ_AHEAD) : need,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      found.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (found.length < wanted && start !== undefined);

    const page = found.slice(0, plan.limit);
    const last = page.at(-1);
    const items = page.map(listedFromItem);
    return found.length > plan.limit && last
      ? { items, cursor: encodeCursor(cursorKey(plan, last)) }
      : { items };
  }

  async listDue(kind: DueKind, onOrBefore: string, cursor?: string, limit?: number): Promise<Page<DueItem>> {
    const plan = duePlan(kind, onOrBefore, cursor, limit);
    const { name, partitionKey, sortKey } = plan.index;
    // The page plus one tells whether another follows; only the keys are read (the cursor needs them all).
    const wanted = plan.limit + 1;
    const found: Item[] = [];
    let start: Record<string, unknown> | undefined = plan.start;
    do {
      const out = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: name,
          KeyConditionExpression: '#ipk = :partition AND #isk <= :to',
          ProjectionExpression: 'pk, sk, #ipk, #isk',
          ExpressionAttributeNames: { '#ipk': partitionKey, '#isk': sortKey },
          ExpressionAttributeValues: { ':partition': plan.partition, ':to': plan.sortTo },
          Limit: wanted - found.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      found.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (found.length < wanted && start !== undefined);
    const page = found.slice(0, plan.limit);
    const last = page.at(-1);
    const items = page.map((item) => dueFromItem(plan, item) as DueItem);
    return found.length > plan.limit && last
      ? { items, cursor: encodeCursor(cursorKey(plan, last)) }
      : { items };
  }

  async auditTrail(id: string): Promise<readonly AuditEvent[]> {
    const items = await this.#queryAll({
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': keys.decision(id).pk, ':audit': AUDIT_PREFIX },
      ConsistentRead: true,
    });
    return items.map(eventFromItem);
  }

  async findIdempotency(agencyId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: keys.idempotency(agencyId, key), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { expiresAt, ...record } = idempotencyFromItem(Item);
    return isLive({ expiresAt }, this.#clock.now()) ? record : undefined;
  }

  /**
   * The one Scan of the system, for the full rebuild of the site only: it reads every item of the table
   * (DynamoDB bills the filtered-out revisions and audit events too), a page of up to 1 MB at a time, and
   * keeps only a few attributes of each public-side META item, so a page costs little memory.
   */
  async *scanPublicDecisions(): AsyncIterable<DecisionRef> {
    const values: Record<string, unknown> = { ':meta': META_SK, ':decision': 'decision' };
    PUBLIC_SIDE_STATUSES.forEach((status, i) => {
      values[`:s${i}`] = status;
    });
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.#client.send(
        new ScanCommand({
          TableName: this.#table,
          // Names for every attribute: `status` and `at` are DynamoDB reserved words.
          ProjectionExpression:
            '#id, #status, #d.#publishedAt, #d.#publicRevision, #d.#withdrawal.#reason, #d.#withdrawal.#at',
          // Catalogue items have META items and statuses too: only decisions are the rebuild's.
          FilterExpression: `#sk = :meta AND #type = :decision AND #status IN (${PUBLIC_SIDE_STATUSES.map((_, i) => `:s${i}`).join(', ')})`,
          ExpressionAttributeNames: {
            '#id': 'id',
            '#sk': 'sk',
            '#type': 'type',
            '#status': 'status',
            '#d': 'decision',
            '#publishedAt': 'publishedAt',
            '#publicRevision': 'publicRevision',
            '#withdrawal': 'withdrawal',
            '#reason': 'reason',
            '#at': 'at',
          },
          ExpressionAttributeValues: values,
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? []) yield refFromItem(item);
      start = out.LastEvaluatedKey;
    } while (start);
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

  async #transact(items: TransactItem[], parts: readonly WritePart[], id: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#client.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        // The reasons are aligned with the items; anything but a condition or a conflict (throttling,
        // validation, item too large) is not ours to interpret.
        const codes = parts.map((_, i) => error.CancellationReasons?.[i]?.Code ?? 'None');
        if (codes.some((code) => !CONDITION_CODES.has(code))) throw error;
        const failed = new Set(parts.filter((_, i) => codes[i] === 'ConditionalCheckFailed'));
        const conflicting = new Set(parts.filter((_, i) => codes[i] === 'TransactionConflict'));
        if (failed.size === 0 && conflicting.size === 0) throw error;
        if (failed.size === 0 && attempt < CONFLICT_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 40));
          continue;
        }
        // Still overlapping after the retries: the other writer holds what this one needs.
        throw Object.assign(conflictFor(failed.size > 0 ? failed : conflicting, id), { cause: error });
      }
    }
  }
}

function refFromItem(item: Item): DecisionRef {
  const decision = (item.decision ?? {}) as {
    publishedAt?: unknown;
    publicRevision?: unknown;
    withdrawal?: { reason?: unknown; at?: unknown };
  };
  const status = item.status as DecisionRef['status'];
  if (typeof item.id !== 'string' || !PUBLIC_SIDE_STATUSES.includes(status)) {
    throw new CorruptItemError(`DEC#${String(item.id)} / ${META_SK}`, 'scanned without an id or a status');
  }
  const { publishedAt, publicRevision, withdrawal } = decision;
  return {
    id: item.id,
    status,
    ...(typeof publishedAt === 'string' ? { publishedAt } : {}),
    ...(typeof publicRevision === 'number' ? { publicRevision } : {}),
    ...(typeof withdrawal?.reason === 'string'
      ? { withdrawalReason: withdrawal.reason as WithdrawReason }
      : {}),
    ...(typeof withdrawal?.at === 'string' ? { withdrawnAt: withdrawal.at } : {}),
  };
}
