/**
 * DecisionStore on the single table (docs/data-model.md): one transaction per state change, optimistic
 * concurrency on the decision's version, uniqueness guards for case numbers and idempotency keys.
 */
import type { AuditEvent } from '../../domain/audit.ts';
import { sameCaseNumber } from '../../domain/case-number.ts';
import type { LocalDate } from '../../domain/dates.ts';
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
  type RefusalReason,
  type StoredDecision,
} from '../../ports.ts';
import { SCAN_PAGE_ITEMS } from './client.ts';
import {
  auditItem,
  caseGuardItem,
  caseNumberOf,
  changedRevisions,
  checkWrite,
  conflictFor,
  DECISION_PREFIX,
  type DueKind,
  decisionItem,
  decisionKeys,
  duePlan,
  idempotencyFromItem,
  idempotencyItem,
  isLive,
  listedFromItem,
  listPlan,
  revisionItem,
  storedFromItems,
  type WritePart,
} from './decision-keys.ts';
import {
  type DynamoTableOptions,
  keyCondition,
  pageOf,
  partsAt,
  TableClient,
  type TransactItem,
} from './table-client.ts';
import { AUDIT_PREFIX, CorruptItemError, eventFromItem, type Item, META_SK } from './table-keys.ts';

export { CorruptItemError } from './table-keys.ts';

// Filters are applied after DynamoDB reads a page: read more than the page needs so a selective filter
// costs fewer round trips.
const FILTERED_READ_AHEAD = 100;

export interface DynamoDecisionStoreOptions extends DynamoTableOptions {
  /** Decides whether an idempotency record has expired; the system clock unless a test injects one. */
  readonly clock?: Clock;
}

export class DynamoDecisionStore implements DecisionStore, DecisionScanner {
  readonly #table: TableClient;
  readonly #clock: Clock;

  constructor({ clock, ...options }: DynamoDecisionStoreOptions) {
    this.#table = new TableClient(options);
    this.#clock = clock ?? { now: () => new Date() };
  }

  async findByCaseNumber(agencyId: string, caseNumber: string): Promise<StoredDecision | undefined> {
    const guard = await this.#table.get(decisionKeys.caseGuard(agencyId, caseNumber));
    return typeof guard?.decisionId === 'string' ? this.get(guard.decisionId) : undefined;
  }

  async get(id: string): Promise<StoredDecision | undefined> {
    const { pk } = decisionKeys.decision(id);
    // sk >= META reads the decision and its revisions in one query and skips the audit items (AUDIT# < META).
    const items = await this.#table.queryAll({
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
    const TableName = this.#table.name;

    add('decision', this.#table.putVersioned(decisionItem(next), previous?.decision.version));
    for (const revision of changedRevisions(previous, next)) {
      add('revision', { Put: { TableName, Item: revisionItem(id, revision) } });
    }
    add('audit', this.#table.putNew(auditItem(audit)));

    const caseNumber = caseNumberOf(next);
    const oldCaseNumber = previous && caseNumberOf(previous);
    // A correction that only respells the number (〔〕 for [], a space) keeps its guard.
    if (!sameCaseNumber(caseNumber, oldCaseNumber)) {
      add('case_guard', this.#table.putNew(caseGuardItem(agencyId, caseNumber, id)));
      if (oldCaseNumber !== undefined) {
        add('old_case_guard', {
          Delete: {
            TableName,
            Key: decisionKeys.caseGuard(agencyId, oldCaseNumber),
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
    await this.#table.transact(items, (failed) => conflictFor(partsAt(parts, failed), id));
  }

  async list(query: DecisionQuery): Promise<Page<StoredDecision>> {
    const plan = listPlan(query);
    const key = keyCondition(plan);
    const names = key.ExpressionAttributeNames;
    const values = key.ExpressionAttributeValues;
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

    const found = await this.#table.queryPage(
      plan,
      {
        IndexName: plan.index.name,
        ...key,
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ScanIndexForward: plan.ascending,
      },
      filters.length > 0 ? FILTERED_READ_AHEAD : 0,
    );
    return pageOf(plan, found, listedFromItem);
  }

  async listDue(kind: DueKind, onOrBefore: string, cursor?: string, limit?: number): Promise<Page<DueItem>> {
    return this.#table.listDue(duePlan(kind, onOrBefore, cursor, limit));
  }

  async listDueBetween(
    kind: 'publication' | 'takedown' | 'confirmation',
    onOrAfter: LocalDate,
    onOrBefore: LocalDate,
    cursor?: string,
    limit?: number,
  ): Promise<Page<DueItem>> {
    return this.#table.listDue(duePlan(kind, onOrBefore, cursor, limit, onOrAfter));
  }

  async listDueRecords(
    kind: 'expiry',
    onOrBefore: LocalDate,
    cursor?: string,
    limit?: number,
  ): Promise<Page<StoredDecision>> {
    return this.#table.listDueItems(duePlan(kind, onOrBefore, cursor, limit), listedFromItem);
  }

  async auditTrail(id: string): Promise<readonly AuditEvent[]> {
    const items = await this.#table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': decisionKeys.decision(id).pk, ':audit': AUDIT_PREFIX },
      ConsistentRead: true,
    });
    return items.map(eventFromItem);
  }

  async countRefusal(agencyId: string, reason: RefusalReason, on: LocalDate): Promise<void> {
    await this.#table.client.update({
      TableName: this.#table.name,
      Key: decisionKeys.refusals(agencyId, reason, on),
      UpdateExpression: 'ADD #count :one SET #type = :type',
      ExpressionAttributeNames: { '#count': 'count', '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'refusals' },
    });
  }

  async refusals(agencyId: string, reason: RefusalReason, from: LocalDate, to: LocalDate): Promise<number> {
    if (to < from) return 0;
    const items = await this.#table.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': decisionKeys.refusals(agencyId, reason, from).pk,
        ':from': decisionKeys.refusals(agencyId, reason, from).sk,
        ':to': decisionKeys.refusals(agencyId, reason, to).sk,
      },
      ConsistentRead: true,
    });
    return items.reduce((sum, item) => sum + (typeof item.count === 'number' ? item.count : 0), 0);
  }

  async findIdempotency(agencyId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const item = await this.#table.get(decisionKeys.idempotency(agencyId, key));
    if (!item) return undefined;
    const { expiresAt, ...record } = idempotencyFromItem(item);
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
      const out = await this.#table.client.scan({
        TableName: this.#table.name,
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
        Limit: SCAN_PAGE_ITEMS,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      for (const item of out.Items) yield refFromItem(item);
      start = out.LastEvaluatedKey;
    } while (start);
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
    throw new CorruptItemError(
      `${DECISION_PREFIX}${String(item.id)} / ${META_SK}`,
      'scanned without an id or a status',
    );
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
