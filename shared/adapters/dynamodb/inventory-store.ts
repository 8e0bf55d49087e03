/** The case systems' inventories (R12, R13) in the single table: see inventory-keys.ts. */
import type { LocalDate } from '../../domain/dates.ts';
import type { Inventory } from '../../domain/inventory.ts';
import type { DueItem, InventoryStore } from '../../ports.ts';
import { VersionConflictError } from '../../ports.ts';
import {
  checkInventoryWrite,
  INVENTORY_PERIOD_PREFIX,
  inventoryFromItem,
  inventoryItem,
  inventoryKeys,
} from './inventory-keys.ts';
import { type DynamoTableOptions, TableClient } from './table-client.ts';
import { INVENTORY_DUE_PARTITION, PUBLISH_DUE } from './table-indexes.ts';
import { KEY_MAX } from './table-keys.ts';

export class DynamoInventoryStore implements InventoryStore {
  readonly #table: TableClient;

  constructor(options: DynamoTableOptions) {
    this.#table = new TableClient(options);
  }

  async get(agencyId: string, period: string): Promise<Inventory | undefined> {
    const item = await this.#table.get(inventoryKeys.inventory(agencyId, period));
    return item ? inventoryFromItem(item) : undefined;
  }

  async list(agencyId: string, fromPeriod: string, toPeriod: string): Promise<readonly Inventory[]> {
    const items = await this.#table.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': inventoryKeys.partition(agencyId),
        ':from': `${INVENTORY_PERIOD_PREFIX}${fromPeriod}`,
        ':to': `${INVENTORY_PERIOD_PREFIX}${toPeriod}`,
      },
      ConsistentRead: true,
    });
    return items.map(inventoryFromItem);
  }

  async save(write: { previous?: Inventory; next: Inventory; due?: LocalDate }): Promise<void> {
    checkInventoryWrite(write);
    const { next } = write;
    await this.#table.transact(
      [this.#table.putVersioned(inventoryItem(next, write.due), write.previous?.version)],
      () =>
        new VersionConflictError(
          `the inventory of ${next.agencyId} for ${next.period} changed since it was read`,
        ),
    );
  }

  async listDue(onOrBefore: LocalDate): Promise<readonly DueItem[]> {
    const items = await this.#table.queryAll({
      IndexName: PUBLISH_DUE.name,
      KeyConditionExpression: '#ipk = :partition AND #isk <= :to',
      ExpressionAttributeNames: { '#ipk': PUBLISH_DUE.partitionKey, '#isk': PUBLISH_DUE.sortKey },
      ExpressionAttributeValues: { ':partition': INVENTORY_DUE_PARTITION, ':to': `${onOrBefore}#${KEY_MAX}` },
      ProjectionExpression: '#isk',
    });
    return items.map((item) => dueOf(String(item[PUBLISH_DUE.sortKey])));
  }
}

/** `<due>#<agency>/<period>` as the due item it is. */
export function dueOf(sortKey: string): DueItem {
  const at = sortKey.indexOf('#');
  return { due: sortKey.slice(0, at) as LocalDate, id: sortKey.slice(at + 1) };
}
