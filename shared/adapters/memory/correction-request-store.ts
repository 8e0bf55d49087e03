/**
 * CorrectionRequestStore in memory, for use-case tests: the same conditions, conflicts, ordering and cursors
 * as the DynamoDB store (it reuses the table's key builders, which import no AWS), held to the same contract.
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
  correctionKeys,
  correctionRequestItem,
  openCountDelta,
  openCounters,
  type RequestWritePart,
  requestConflictFor,
  requestListPlan,
} from '../dynamodb/correction-request-keys.ts';
import { dueFromItem } from '../dynamodb/table-indexes.ts';
import { plainCopy } from '../dynamodb/table-keys.ts';
import { auditTaken, type Entry, nextEntry, pageOf, type Row, rowsOn, staleVersion } from './records.ts';

export class MemoryCorrectionRequestStore implements CorrectionRequestStore {
  readonly #requests = new Map<string, Entry<StoredCorrectionRequest>>();
  /** Open requests per counter (a requester's, on a decision or on all), by the counter's partition key. */
  readonly #open = new Map<string, number>();

  async get(id: string): Promise<StoredCorrectionRequest | undefined> {
    correctionKeys.request(id);
    const entry = this.#requests.get(id);
    return entry && plainCopy(entry.stored);
  }

  // No await between the checks and the changes: concurrent saves cannot interleave, like one transaction.
  async save(write: CorrectionRequestWrite): Promise<void> {
    checkRequestWrite(write);
    const { previous, next, audit, openLimits } = write;
    const { id } = next.request;
    const current = this.#requests.get(id);
    const failed = new Set<RequestWritePart>();
    if (staleVersion(previous?.request.version, current?.stored.request)) failed.add('request');
    if (auditTaken(current, audit)) failed.add('audit');
    const delta = openCountDelta(write);
    const counters = delta === 0 ? [] : openCounters(next.request, openLimits);
    for (const { key, limit } of counters) {
      if (delta > 0 && limit !== undefined && (this.#open.get(key.pk) ?? 0) >= limit)
        failed.add('open_count');
    }
    if (failed.size > 0) throw requestConflictFor(failed, write);
    this.#requests.set(id, nextEntry(current, next, audit));
    for (const { key } of counters) this.#open.set(key.pk, (this.#open.get(key.pk) ?? 0) + delta);
  }

  async list(query: CorrectionRequestQuery): Promise<Page<StoredCorrectionRequest>> {
    const plan = requestListPlan(query);
    return pageOf(plan, rowsOn(plan, this.#rows(), plan.ascending), ({ value }) => plainCopy(value));
  }

  async listDue(onOrBefore: LocalDate, cursor?: string, limit?: number): Promise<Page<DueItem>> {
    const plan = answerDuePlan(onOrBefore, cursor, limit);
    return pageOf(plan, rowsOn(plan, this.#rows()), ({ item }) => dueFromItem(plan, item) as DueItem);
  }

  async auditTrail(id: string): Promise<readonly AuditEvent[]> {
    correctionKeys.request(id);
    return plainCopy(this.#requests.get(id)?.audit ?? []);
  }

  /** Open requests of a requester (requesterKeys) on a decision, as the store counts them (for tests). */
  /** How many requests are stored (for tests: a refused filing stores none). */
  get size(): number {
    return this.#requests.size;
  }

  openCount(decisionId: string, requester: string): number {
    return this.#open.get(correctionKeys.openCount(decisionId, requester).pk) ?? 0;
  }

  #rows(): Row<StoredCorrectionRequest>[] {
    return [...this.#requests.values()].map(({ stored }) => ({
      item: correctionRequestItem(stored),
      value: stored,
    }));
  }
}
