/** The `inventory` port (R12, R13): the case systems' inventories, on the same table and client. */
import { DynamoInventoryStore } from '../../../shared/adapters/dynamodb/inventory-store.ts';
import type { InventoryStore } from '../../../shared/ports.ts';
import { client, tableName } from './table.ts';

export const inventories: InventoryStore = new DynamoInventoryStore({ client, tableName });
