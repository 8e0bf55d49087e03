/**
 * CatalogStore on the single table (docs/data-model.md): one transaction per change with a version condition,
 * and one transaction for a law change and every item it puts a deadline on.
 */
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
  type DynamoTableOptions,
  keyCondition,
  pageOf,
  TableClient,
  type TransactItem,
} from './table-client.ts';
import { AUDIT_PREFIX, eventFromItem, META_SK } from './table-keys.ts';

export class DynamoCatalogStore implements CatalogStore {
  readonly #table: TableClient;

  constructor(options: DynamoTableOptions) {
    this.#table = new TableClient(options);
  }

  async get(id: string): Promise<StoredCatalogItem | undefined> {
    // sk >= META reads the item and its revisions and skips the audit events (AUDIT# < META < REV#).
    const items = await this.#table.queryAll({
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
    const items: TransactItem[] = [
      this.#table.putNew(lawChangeItem(write.lawChange)),
      this.#table.putNew(lawChangeAuditItem(write.audit)),
      ...write.items.flatMap((itemWrite) => this.#itemWrites(itemWrite)),
    ];
    await this.#transact(items, write.lawChange.lawChange.id);
  }

  async getLawChange(id: string): Promise<StoredLawChange | undefined> {
    const item = await this.#table.get(catalogKeys.lawChange(id));
    return item ? lawChangeFromItem(item) : undefined;
  }

  async list(query: CatalogQuery): Promise<Page<StoredCatalogItem>> {
    const plan = catalogListPlan(query);
    const found = await this.#table.queryPage(plan, {
      IndexName: plan.index.name,
      ...keyCondition(plan),
      ScanIndexForward: true,
    });
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
    return this.#table.listDue(catalogDuePlan(kind, onOrBefore, cursor, limit));
  }

  /** The item, its new or changed revisions and its audit event, conditioned as one change. */
  #itemWrites(write: CatalogWrite): TransactItem[] {
    const { previous, next, audit } = write;
    const TableName = this.#table.name;
    return [
      this.#table.putVersioned(catalogItemItem(next), previous?.item.version),
      ...changedCatalogRevisions(previous, next).map(
        (revision): TransactItem => ({
          Put: { TableName, Item: catalogRevisionItem(next.item.id, revision) },
        }),
      ),
      this.#table.putNew(catalogAuditItem(audit)),
    ];
  }

  async #audit(pk: string): Promise<AuditEvent[]> {
    const items = await this.#table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': pk, ':audit': AUDIT_PREFIX },
      ConsistentRead: true,
    });
    return items.map(eventFromItem);
  }

  async #transact(items: TransactItem[], id: string): Promise<void> {
    // Every condition here guards a version or a new record: whichever failed, someone else changed it first.
    await this.#table.transact(items, () => catalogConflict(id));
  }
}
