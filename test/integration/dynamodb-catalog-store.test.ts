import { inject } from 'vitest';
import { localDynamoConfig } from '../../infra/local/aws-config.ts';
import { DynamoCatalogStore } from '../../shared/adapters/dynamodb/catalog-store.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { describeCatalogStoreContract } from './catalog-store-contract.ts';
import { freshTable } from './support/tables.ts';

// The same contract as the memory adapter (test/unit/adapters/memory-catalog-store.test.ts), on DynamoDB Local.
describeCatalogStoreContract('DynamoCatalogStore', async () => {
  const { tableName } = await freshTable();
  return new DynamoCatalogStore({
    client: createDocumentClient(localDynamoConfig(inject('dynamoEndpoint'))),
    tableName,
  });
});
