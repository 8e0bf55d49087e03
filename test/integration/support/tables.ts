import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { localDynamoConfig } from '../../../infra/local/aws-config.ts';
import { ensureTable } from '../../../infra/local/tables.ts';

/** A fresh table on the shared DynamoDB Local, so test files never see each other's data. */
export async function freshTable(): Promise<{ client: DynamoDBClient; tableName: string }> {
  const client = new DynamoDBClient(localDynamoConfig(inject('dynamoEndpoint')));
  const tableName = `gongshi-test-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  return { client, tableName };
}
