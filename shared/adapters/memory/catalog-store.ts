/**
 * CatalogStore in memory, for use-case tests: the same conditions (checked together, so a write applies
 * entirely or not at all), the same order and cursors (it reuses the table's key builders), copies in and out.
 * The catalogue store contract runs on both adapters.
 */
import type { AuditEvent } from '../../domain/audit.ts';
import { latestCatalogRevision } from '../../domain/catalog.ts';
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
  catalogConflict,
  catalogDuePlan,
  catalogItemItem,
  catalogKeys,
  catalogListPlan,
  checkCatalogWrite,
  checkLawChangeWrite,
} from '../dynamodb/catalog-keys.ts';
import { dueFromItem, type ListPlan } from '../dynamodb/table-indexes.ts';
import { plainCopy } from '../dynamodb/table-keys.ts';
import { auditTaken, type Entry, nextEntry, pageOf, type Row, rowsOn, staleVersion } from './records.ts';

export class MemoryCatalogStore implements CatalogStore {
  readonly #items = new Map<string, Entry<StoredCatalogItem>>();
  readonly #lawChanges = new Map<string, { stored: StoredLawChange; audit: AuditEvent[] }>();

  async get(id: string): Promise<StoredCatalogItem | undefined> {
    catalogKeys.item(id);
    const entry = this.#items.get(id);
    return entry && plainCopy(entry.stored);
  }

  // No await between the checks and the changes: concurrent saves cannot interleave, like one transaction.
  async save(write: CatalogWrite): Promise<void> {
    checkCatalogWrite(write);
    this.#check(write);
    this.#apply(write);
  }

  async saveLawChange(write: LawChangeWrite): Promise<void> {
    checkLawChangeWrite(write);
    const id = write.lawChange.lawChange.id;
    if (this.#lawChanges.has(id)) throw catalogConflict(id);
    for (const itemWrite of write.items) this.#check(itemWrite);
    this.#lawChanges.set(id, { stored: plainCopy(write.lawChange), audit: [plainCopy(write.audit)] });
    for (const itemWrite of write.items) this.#apply(itemWrite);
  }

  async getLawChange(id: string): Promise<StoredLawChange | undefined> {
    catalogKeys.lawChange(id);
    const entry = this.#lawChanges.get(id);
    return entry && plainCopy(entry.stored);
  }

  async list(query: CatalogQuery): Promise<Page<StoredCatalogItem>> {
    const plan = catalogListPlan(query);
    return pageOf(plan, this.#rows(plan), ({ value: stored }) =>
      plainCopy({
        ...stored,
        item: { ...stored.item, revisions: [latestCatalogRevision(stored.item)] },
      }),
    );
  }

  async auditTrail(id: string): Promise<readonly AuditEvent[]> {
    catalogKeys.item(id);
    return plainCopy(this.#items.get(id)?.audit ?? []);
  }

  async lawChangeAuditTrail(id: string): Promise<readonly AuditEvent[]> {
    catalogKeys.lawChange(id);
    return plainCopy(this.#lawChanges.get(id)?.audit ?? []);
  }

  async listDue(
    kind: CatalogDueKind,
    onOrBefore: string,
    cursor?: string,
    limit?: number,
  ): Promise<Page<DueItem>> {
    const plan = catalogDuePlan(kind, onOrBefore, cursor, limit);
    return pageOf(plan, this.#rows(plan), ({ item }) => dueFromItem(plan, item) as DueItem);
  }

  #check(write: CatalogWrite): void {
    const { previous, next, audit } = write;
    const current = this.#items.get(next.item.id);
    if (staleVersion(previous?.item.version, current?.stored.item) || auditTaken(current, audit)) {
      throw catalogConflict(next.item.id);
    }
  }

  #apply(write: CatalogWrite): void {
    const current = this.#items.get(write.next.item.id);
    this.#items.set(write.next.item.id, nextEntry(current, write.next, write.audit));
  }

  /** The items on the plan's index partition and in its range, after its cursor, ascending like the Query. */
  #rows(plan: ListPlan): Row<StoredCatalogItem>[] {
    return rowsOn(
      plan,
      [...this.#items.values()].map(({ stored }) => ({ item: catalogItemItem(stored), value: stored })),
    );
  }
}
