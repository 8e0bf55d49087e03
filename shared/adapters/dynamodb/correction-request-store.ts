/**
 * CorrectionRequestStore on the single table (docs/data-model.md): the request item and its audit event in one
 * transaction, conditional on the version read, with the decision's count of open requests moved in the same
 * transaction (and, on a filing, capped).
 */
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
  answerDuePlan,
  checkRequestWrite,
  correctionAuditItem,
  correctionKeys,
  correctionRequestItem,
  OPEN_COUNT_ATTRIBUTE,
  openCountDelta,
  openCounters,
  type RequestWritePart,
  requestConflictFor,
  requestListPlan,
  storedRequestFromItem,
} from './correction-request-keys.ts';
import {
  type DynamoTableOptions,
  keyCondition,
  pageOf,
  partsAt,
  TableClient,
  type TransactItem,
} from './table-client.ts';
import { AUDIT_PREFIX, eventFromItem } from './table-keys.ts';

export class DynamoCorrectionRequestStore implements CorrectionRequestStore {
  readonly #table: TableClient;

  constructor(options: DynamoTableOptions) {
    this.#table = new TableClient(options);
  }

  async get(id: string): Promise<StoredCorrectionRequest | undefined> {
    const item = await this.#table.get(correctionKeys.request(id));
    return item ? storedRequestFromItem(item) : undefined;
  }

  async save(write: CorrectionRequestWrite): Promise<void> {
    checkRequestWrite(write);
    const { previous, next, audit, openLimits } = write;
    const TableName = this.#table.name;
    const parts: RequestWritePart[] = [];
    const items: TransactItem[] = [];
    const add = (part: RequestWritePart, item: TransactItem) => {
      parts.push(part);
      items.push(item);
    };
    add('request', this.#table.putVersioned(correctionRequestItem(next), previous?.request.version));
    add('audit', this.#table.putNew(correctionAuditItem(audit)));
    const delta = openCountDelta(write);
    // R9: each counter of the requester (phone, e-mail; this decision, all decisions) moves with the request.
    for (const { key, limit } of delta === 0 ? [] : openCounters(next.request, openLimits)) {
      const capped = delta > 0 && limit !== undefined;
      add('open_count', {
        Update: {
          TableName,
          Key: key,
          UpdateExpression: 'ADD #open :delta SET #type = :type',
          ExpressionAttributeNames: { '#open': OPEN_COUNT_ATTRIBUTE, '#type': 'type' },
          ExpressionAttributeValues: {
            ':delta': delta,
            ':type': 'correction_open_count',
            ...(capped ? { ':limit': limit } : {}),
          },
          ...(capped ? { ConditionExpression: 'attribute_not_exists(#open) OR #open < :limit' } : {}),
        },
      });
    }
    // Another filing on the same decision's counter, most often, is retried shortly, as the decision store does.
    await this.#table.transact(items, (failed) => requestConflictFor(partsAt(parts, failed), write));
  }

  async list(query: CorrectionRequestQuery): Promise<Page<StoredCorrectionRequest>> {
    const plan = requestListPlan(query);
    const found = await this.#table.queryPage(plan, {
      IndexName: plan.index.name,
      ...keyCondition(plan),
      ScanIndexForward: plan.ascending,
    });
    return pageOf(plan, found, storedRequestFromItem);
  }

  async listDue(onOrBefore: LocalDate, cursor?: string, limit?: number): Promise<Page<DueItem>> {
    // Only the keys: a sweep counts what is due, it does not read the requests.
    return this.#table.listDue(answerDuePlan(onOrBefore, cursor, limit));
  }

  async auditTrail(id: string): Promise<readonly AuditEvent[]> {
    const items = await this.#table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': correctionKeys.request(id).pk, ':audit': AUDIT_PREFIX },
      ConsistentRead: true,
    });
    return items.map(eventFromItem);
  }
}
