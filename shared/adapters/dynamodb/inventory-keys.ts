/**
 * How a case system's inventory lies in the single table (R12, R13; inventory.ts): one item per agency and period
 * in the agency's inventory partition `INV#<agency>`, sort key `PERIOD#<period>`, so a report reads an agency's
 * periods with one consistent Query; while something in it is not yet found submitted, the item is on the sparse
 * publishDue index (partition INVENTORY, sort key `<due>#<agency>/<period>`), where the deadline sweep reads it.
 * docs/data-model.md explains the design.
 */
import type { LocalDate } from '../../domain/dates.ts';
import { type Inventory, inventoryId, periodRange } from '../../domain/inventory.ts';
import { INVENTORY_DUE_PARTITION, PUBLISH_DUE, timeSortKey } from './table-indexes.ts';
import { CorruptItemError, type Item, isRecord, type Key, keyOf, segment } from './table-keys.ts';

export const INVENTORY_PREFIX = 'INV#';
export const INVENTORY_PERIOD_PREFIX = 'PERIOD#';

export const inventoryKeys = {
  partition: (agencyId: string): string => `${INVENTORY_PREFIX}${segment(agencyId, 'agency id')}`,
  inventory: (agencyId: string, period: string): Key => {
    periodRange(period); // a day or a month that exists: nothing else makes a key
    return { pk: inventoryKeys.partition(agencyId), sk: `${INVENTORY_PERIOD_PREFIX}${period}` };
  },
} as const;

export function inventoryItem(inventory: Inventory, due: LocalDate | undefined): Item {
  return {
    ...inventoryKeys.inventory(inventory.agencyId, inventory.period),
    type: 'inventory',
    version: inventory.version,
    inventory,
    ...(due
      ? {
          [PUBLISH_DUE.partitionKey]: INVENTORY_DUE_PARTITION,
          [PUBLISH_DUE.sortKey]: timeSortKey(due, inventoryId(inventory.agencyId, inventory.period)),
        }
      : {}),
  };
}

export function inventoryFromItem(item: Item): Inventory {
  const inventory = item.inventory;
  if (
    item.type !== 'inventory' ||
    !isRecord(inventory) ||
    typeof inventory.agencyId !== 'string' ||
    typeof inventory.period !== 'string' ||
    !Array.isArray(inventory.entries) ||
    !Array.isArray(inventory.counts) ||
    typeof inventory.version !== 'number' ||
    inventory.version !== item.version
  ) {
    throw new CorruptItemError(keyOf(item), 'not an inventory');
  }
  return inventory as unknown as Inventory;
}

/** A write must move the version by one from the version read, and keep the agency and period. */
export function checkInventoryWrite(write: {
  readonly previous?: Inventory;
  readonly next: Inventory;
}): void {
  const { previous, next } = write;
  if (next.version !== (previous?.version ?? 0) + 1) {
    throw new Error(`inventory version ${next.version} does not follow ${previous?.version ?? 0}`);
  }
  if (previous && (previous.agencyId !== next.agencyId || previous.period !== next.period)) {
    throw new Error('an inventory keeps its agency and period');
  }
}
