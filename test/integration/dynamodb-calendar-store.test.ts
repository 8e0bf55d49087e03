import { inject } from 'vitest';
import { localDynamoConfig } from '../../infra/local/aws-config.ts';
import { DynamoCalendarStore } from '../../shared/adapters/dynamodb/calendar-store.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { describeCalendarStoreContract } from './calendar-store-contract.ts';
import { freshTable } from './support/tables.ts';

// The same contract as the memory adapter (test/unit/adapters/memory-calendar-store.test.ts), on DynamoDB Local.
describeCalendarStoreContract('DynamoCalendarStore', async () => {
  const { tableName } = await freshTable();
  return new DynamoCalendarStore({
    client: createDocumentClient(localDynamoConfig(inject('dynamoEndpoint'))),
    tableName,
  });
});
