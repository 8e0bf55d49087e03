/**
 * DecisionStore in memory, for use-case tests. It behaves like the DynamoDB store in everything a caller can
 * see: the same conditions and conflicts (checked together, so a write applies entirely or not at all), the
 * same ordering and cursors (it reuses the table's key builders, which import no AWS), and copies in and out
 * without `undefined` members, as a round trip through DynamoDB would. The store contract suite runs on both.
 */
import type { AuditEvent } from '../../domain/audit.ts';
import type { LocalDate } from '../../domain/dates.ts';
import { latestRevision } from '../../domain/decision.ts';
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
import {
  caseNumberOf,
  checkWrite,
  conflictFor,
  type DueKind,
  decisionItem,
  decisionKeys,
  duePlan,
  type IdempotencyItem,
  isLive,
  listPlan,
  matchesFilter,
  type WritePart,
} from '../dynamodb/decision-keys.ts';
import { dueFromItem } from '../dynamodb/table-indexes.ts';
import { plainCopy } from '../dynamodb/table-keys.ts';
import { auditTaken, type Entry, nextEntry, pageOf, type Row, rowsOn, staleVersion } from './records.ts';

export class MemoryDecisionStore implements DecisionStore, DecisionScanner {
  readonly #decisions = new Map<string, Entry<StoredDecision>>();
  /** Case-guard pk → the decision holding that case number. */
  readonly #caseNumbers = new Map<string, string>();
  readonly #idempotency = new Map<string, IdempotencyItem>();
  /** R14, R12: refusal counters by the DynamoDB adapter's key (agency, reason, day). */
  readonly #refusals = new Map<string, number>();
  readonly #clock: Clock;

  constructor(options: { readonly clock?: Clock } = {}) {
    this.#clock = options.clock ?? { now: () => new Date() };
  }

  async findByCaseNumber(agencyId: string, caseNumber: string): Promise<StoredDecision | undefined> {
    const id = this.#caseNumbers.get(decisionKeys.caseGuard(agencyId, caseNumber).pk);
    return id === undefined ? undefined : this.get(id);
  }

  async get(id: string): Promise<StoredDecision | undefined> {
    decisionKeys.decision(id);
    const entry = this.#decisions.get(id);
    return entry && plainCopy(entry.stored);
  }

  // No await between the checks and the changes: concurrent saves cannot interleave, like one transaction.
  async save(write: DecisionWrite): Promise<void> {
    checkWrite(write);
    const { previous, next, audit, idempotency } = write;
    const { id, agencyId } = next.decision;
    const current = this.#decisions.get(id);
    const failed = new Set<WritePart>();

    if (staleVersion(previous?.decision.version, current?.stored.decision)) failed.add('decision');
    if (auditTaken(current, audit)) failed.add('audit');
    const caseNumber = caseNumberOf(next);
    const oldCaseNumber = previous && caseNumberOf(previous);
    const guard = decisionKeys.caseGuard(agencyId, caseNumber).pk;
    const oldGuard =
      oldCaseNumber === undefined ? undefined : decisionKeys.caseGuard(agencyId, oldCaseNumber).pk;
    if (guard !== oldGuard) {
      if (this.#caseNumbers.has(guard)) failed.add('case_guard');
      if (oldGuard !== undefined && this.#caseNumbers.get(oldGuard) !== id) failed.add('old_case_guard');
    }
    const idempotencyKey = idempotency && decisionKeys.idempotency(agencyId, idempotency.key).pk;
    const claimed = idempotencyKey === undefined ? undefined : this.#idempotency.get(idempotencyKey);
    if (claimed && isLive(claimed, this.#clock.now())) failed.add('idempotency');
    if (failed.size > 0) throw conflictFor(failed, id);

    // Like the DynamoDB store, which writes only the revisions that changed: a write from a record as a list
    // shows it (its latest revision only) keeps the revisions it does not hold.
    this.#decisions.set(id, nextEntry(current, withKeptRevisions(next, current?.stored), audit));
    if (guard !== oldGuard) {
      this.#caseNumbers.set(guard, id);
      if (oldGuard !== undefined) this.#caseNumbers.delete(oldGuard);
    }
    if (idempotency && idempotencyKey !== undefined) {
      const { key, requestHash, expiresAt } = idempotency;
      this.#idempotency.set(idempotencyKey, { agencyId, key, requestHash, decisionId: id, expiresAt });
    }
  }

  async list(query: DecisionQuery): Promise<Page<StoredDecision>> {
    const plan = listPlan(query);
    // In the DynamoDB query's order (newest first; the review queue earliest deadline first); the filter applies
    // after the read, as a FilterExpression does.
    const found = rowsOn(plan, this.#rows(), plan.ascending).filter(({ item }) => matchesFilter(plan, item));
    return pageOf(plan, found, ({ value }) => listed(value));
  }

  async listDue(kind: DueKind, onOrBefore: string, cursor?: string, limit?: number): Promise<Page<DueItem>> {
    const plan = duePlan(kind, onOrBefore, cursor, limit);
    // Ascending like the DynamoDB query: the oldest due first.
    return pageOf(plan, rowsOn(plan, this.#rows()), ({ item }) => dueFromItem(plan, item) as DueItem);
  }

  async listDueBetween(
    kind: 'publication' | 'takedown' | 'confirmation',
    onOrAfter: LocalDate,
    onOrBefore: LocalDate,
    cursor?: string,
    limit?: number,
  ): Promise<Page<DueItem>> {
    const plan = duePlan(kind, onOrBefore, cursor, limit, onOrAfter);
    return pageOf(plan, rowsOn(plan, this.#rows()), ({ item }) => dueFromItem(plan, item) as DueItem);
  }

  async listDueRecords(
    kind: 'expiry',
    onOrBefore: LocalDate,
    cursor?: string,
    limit?: number,
  ): Promise<Page<StoredDecision>> {
    const plan = duePlan(kind, onOrBefore, cursor, limit);
    return pageOf(plan, rowsOn(plan, this.#rows()), ({ value }) => listed(value));
  }

  async countRefusal(agencyId: string, reason: RefusalReason, on: LocalDate): Promise<void> {
    const { pk, sk } = decisionKeys.refusals(agencyId, reason, on);
    this.#refusals.set(`${pk}/${sk}`, (this.#refusals.get(`${pk}/${sk}`) ?? 0) + 1);
  }

  async refusals(agencyId: string, reason: RefusalReason, from: LocalDate, to: LocalDate): Promise<number> {
    const low = decisionKeys.refusals(agencyId, reason, from);
    const high = decisionKeys.refusals(agencyId, reason, to);
    let total = 0;
    for (const [key, count] of this.#refusals) {
      const [pk, sk = ''] = key.split('/');
      if (pk === low.pk && sk >= low.sk && sk <= high.sk) total += count;
    }
    return total;
  }

  async auditTrail(id: string): Promise<readonly AuditEvent[]> {
    decisionKeys.decision(id);
    return plainCopy(this.#decisions.get(id)?.audit ?? []);
  }

  // What the DynamoDB scan's projection keeps, from a snapshot (a save during the scan is not seen).
  async *scanPublicDecisions(): AsyncIterable<DecisionRef> {
    const statuses: readonly string[] = PUBLIC_SIDE_STATUSES;
    const found = [...this.#decisions.values()].map((entry) => entry.stored.decision);
    for (const { id, status, publishedAt, publicRevision, withdrawal } of found) {
      if (!statuses.includes(status)) continue;
      yield {
        id,
        status: status as DecisionRef['status'],
        ...(publishedAt !== undefined ? { publishedAt } : {}),
        ...(publicRevision !== undefined ? { publicRevision } : {}),
        ...(withdrawal ? { withdrawalReason: withdrawal.reason, withdrawnAt: withdrawal.at } : {}),
      };
    }
  }

  async findIdempotency(agencyId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const found = this.#idempotency.get(decisionKeys.idempotency(agencyId, key).pk);
    if (!found || !isLive(found, this.#clock.now())) return undefined;
    const { expiresAt: _expiresAt, ...record } = found;
    return plainCopy(record);
  }

  #rows(): Row<StoredDecision>[] {
    return [...this.#decisions.values()].map(({ stored }) => ({ item: decisionItem(stored), value: stored }));
  }
}

/** A decision as lists show it: `revisions` holding only the latest revision (like listedFromItem). */
function listed(stored: StoredDecision): StoredDecision {
  return plainCopy({
    ...stored,
    decision: { ...stored.decision, revisions: [latestRevision(stored.decision)] },
  });
}

function withKeptRevisions(next: StoredDecision, current: StoredDecision | undefined): StoredDecision {
  if (!current) return next;
  const byNumber = new Map(current.decision.revisions.map((r) => [r.number, r]));
  for (const revision of next.decision.revisions) byNumber.set(revision.number, revision);
  const revisions = [...byNumber.values()].sort((a, b) => a.number - b.number);
  return { ...next, decision: { ...next.decision, revisions } };
}
