/** The `catalog` port (R10): catalogue items and law changes, on the same table and client. */
import { DynamoCatalogStore } from '../../../shared/adapters/dynamodb/catalog-store.ts';
import type { CatalogStore } from '../../../shared/ports.ts';
import { client, tableName } from './table.ts';

export const catalog: CatalogStore = new DynamoCatalogStore({ client, tableName });
