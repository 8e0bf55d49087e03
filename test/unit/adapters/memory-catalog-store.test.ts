import { MemoryCatalogStore } from '../../../shared/adapters/memory/catalog-store.ts';
import { describeCatalogStoreContract } from '../../integration/catalog-store-contract.ts';

// The same contract as the DynamoDB adapter (test/integration/dynamodb-catalog-store.test.ts).
describeCatalogStoreContract('MemoryCatalogStore', async () => new MemoryCatalogStore());
