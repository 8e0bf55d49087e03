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
  compareKeys,
  correctionKeys,
  correctionRequestItem,
  cursorKey,
  dueFromItem,
  encodeCursor,
  inSortRange,
  openCountDelta,
  plainCopy,
  type RequestWritePart,
  requestConflictFor,
  requestListPlan,
} from '../dynamodb/keys.ts';

interface Entry {
  readonly stored: StoredCorrectionRequest;
  readonly audit: readonly AuditEvent[];
}

export class MemoryCorrectionRequestStore implements CorrectionRequestStore {
  readonly #requests = new Map<string, Entry>();
  /** Open requests per decision id. */
  readonly #open = new Map<string, number>();

  async get(id: string): Promise<StoredCorrectionRequest | undefined> {
    correctionKeys.request(id);
    const entry = this.#requests.get(id);
    return entry && plainCopy(entry.stored);
  }

  // No await between the checks and the changes: concurrent saves cannot interleave, like one transaction.
  async save(write: CorrectionRequestWrite): Promise<void> {
    checkRequestWrite(write);
    const { previous, next, audit, openLimit } = write;
    const { id, decisionId } = next.request;
    const current = this.#requests.get(id);
    const failed = new Set<RequestWritePart>();
    const expected = previous?.request.version;
    if (expected === undefined ? current !== undefined : current?.stored.request.version !== expected) {
      failed.add('request');
    }
    if ((current?.audit.length ?? 0) >= audit.seq) failed.add('audit');
    const delta = openCountDelta(write);
    const open = this.#open.get(decisionId) ?? 0;
    if (delta > 0 && openLimit !== undefined && open >= openLimit) failed.add('open_count');
    if (failed.size > 0) throw requestConflictFor(failed, write);
    this.#requests.set(id, {
      stored: plainCopy(next),
      audit: [...(current?.audit ?? []), plainCopy(audit)],
    });
    if (delta !== 0) this.#open.set(decisionId, open + delta);
  }

  async list(query: CorrectionRequestQuery): Promise<Page<StoredCorrectionRequest>> {
    const plan = requestListPlan(query);
    const { partitionKey, sortKey } = plan.index;
    const direction = plan.ascending ? 1 : -1;
    const after = plan.start?.[sortKey];
    const found = [...this.#requests.values()]
      .map(({ stored }) => ({ stored, item: correctionRequestItem(stored) }))
      .filter(({ item }) => item[partitionKey] === plan.partition && inSortRange(plan, String(item[sortKey])))
      .filter(({ item }) => after === undefined || direction * compareKeys(String(item[sortKey]), after) > 0)
      .sort((a, b) => direction * compareKeys(String(a.item[sortKey]), String(b.item[sortKey])));
    const page = found.slice(0, plan.limit);
    const last = page.at(-1);
    const items = page.map(({ stored }) => plainCopy(stored));
    return found.length > plan.limit && last
      ? { items, cursor: encodeCursor(cursorKey(plan, last.item)) }
      : { items };
  }

  async listDue(onOrBefore: LocalDate, cursor?: string, limit?: number): Promise<Page<DueItem>> {
    const plan = answerDuePlan(onOrBefore, cursor, limit);
    const { partitionKey, sortKey } = plan.index;
    const after = plan.start?.[sortKey];
    const found = [...this.#requests.values()]
      .map(({ stored }) => correctionRequestItem(stored))
      .filter((item) => item[partitionKey] === plan.partition && inSortRange(plan, String(item[sortKey])))
      .filter((item) => after === undefined || compareKeys(String(item[sortKey]), after) > 0)
      .sort((a, b) => compareKeys(String(a[sortKey]), String(b[sortKey])));
    const page = found.slice(0, plan.limit);
    const last = page.at(-1);
    const items = page.map((item) => dueFromItem(plan, item) as DueItem);
    return found.length > plan.limit && last
      ? { items, cursor: encodeCursor(cursorKey(plan, last)) }
      : { items };
  }

  async auditTrail(id: string): Promise<readonly AuditEvent[]> {
    correctionKeys.request(id);
    return plainCopy(this.#requests.get(id)?.audit ?? []);
  }

  /** Open requests on a decision, as the store counts them (for tests). */
  openCount(decisionId: string): number {
    return this.#open.get(decisionId) ?? 0;
  }
}
