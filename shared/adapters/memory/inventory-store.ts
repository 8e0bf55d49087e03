/** InventoryStore in memory, for use-case tests: the table's keys, version conditions and due order. */
import type { LocalDate } from '../../domain/dates.ts';
import type { Inventory } from '../../domain/inventory.ts';
import type { DueItem, InventoryStore } from '../../ports.ts';
import { VersionConflictError } from '../../ports.ts';
import {
  checkInventoryWrite,
  INVENTORY_PERIOD_PREFIX,
  inventoryItem,
  inventoryKeys,
} from '../dynamodb/inventory-keys.ts';
import { dueOf } from '../dynamodb/inventory-store.ts';
import { compareKeys, PUBLISH_DUE } from '../dynamodb/table-indexes.ts';
import { type Item, KEY_MAX, plainCopy } from '../dynamodb/table-keys.ts';

export class MemoryInventoryStore implements InventoryStore {
  /** By `pk sk`, each with the item the table would hold (its index attributes included). */
  readonly #items = new Map<string, { inventory: Inventory; item: Item }>();

  async get(agencyId: string, period: string): Promise<Inventory | undefined> {
    const { pk, sk } = inventoryKeys.inventory(agencyId, period);
    const found = this.#items.get(`${pk} ${sk}`);
    return found && plainCopy(found.inventory);
  }

  async list(agencyId: string, fromPeriod: string, toPeriod: string): Promise<readonly Inventory[]> {
    const pk = inventoryKeys.partition(agencyId);
    const from = `${INVENTORY_PERIOD_PREFIX}${fromPeriod}`;
    const to = `${INVENTORY_PERIOD_PREFIX}${toPeriod}`;
    return [...this.#items.values()]
      .filter(
        ({ item }) =>
          item.pk === pk && compareKeys(String(item.sk), from) >= 0 && compareKeys(String(item.sk), to) <= 0,
      )
      .sort((a, b) => compareKeys(String(a.item.sk), String(b.item.sk)))
      .map(({ inventory }) => plainCopy(inventory));
  }

  // No await between the check and the change: concurrent saves cannot interleave, like one transaction.
  async save(write: { previous?: Inventory; next: Inventory; due?: LocalDate }): Promise<void> {
    checkInventoryWrite(write);
    const { next } = write;
    const { pk, sk } = inventoryKeys.inventory(next.agencyId, next.period);
    const held = this.#items.get(`${pk} ${sk}`);
    if (held?.inventory.version !== write.previous?.version) {
      throw new VersionConflictError(
        `the inventory of ${next.agencyId} for ${next.period} changed since it was read`,
      );
    }
    this.#items.set(`${pk} ${sk}`, {
      inventory: plainCopy(next),
      item: inventoryItem(plainCopy(next), write.due),
    });
  }

  async listDue(onOrBefore: LocalDate): Promise<readonly DueItem[]> {
    const to = `${onOrBefore}#${KEY_MAX}`;
    return [...this.#items.values()]
      .map(({ item }) => item[PUBLISH_DUE.sortKey])
      .filter((key): key is string => typeof key === 'string' && compareKeys(key, to) <= 0)
      .sort(compareKeys)
      .map(dueOf);
  }
}
