import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoConfig } from '../../infra/local/aws-config.ts';
import { type RunningService, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { createTableInput, ensureTable } from '../../infra/local/tables.ts';
import { TABLE } from '../../shared/adapters/dynamodb/table.ts';

describe('ensureTable on DynamoDB Local', () => {
  // Building an index on an existing table is DynamoDB Local's background work: on the emulator every other
  // file of the suite loads, it waited past two minutes at times (its index stayed CREATING). This test is about
  // ensureTable, not the shared emulator's throughput: it gets an idle emulator of its own.
  let emulator: RunningService | undefined;
  beforeAll(async () => {
    emulator = await startDynamoDbLocal({});
  }, 60_000);
  afterAll(async () => {
    await emulator?.stop();
  });

  it('adds the indexes a data folder made by an older build lacks', { timeout: 120_000 }, async () => {
    const client = new DynamoDBClient(localDynamoConfig((emulator as RunningService).endpoint));
    const tableName = `gongshi-old-${randomUUID().slice(0, 8)}`;
    const input = createTableInput(tableName);
    // A table as an older build made it: without the newest index.
    const indexes = input.GlobalSecondaryIndexes?.slice(0, -1) ?? [];
    const used = new Set([
      TABLE.partitionKey,
      TABLE.sortKey,
      ...indexes.flatMap((index) => index.KeySchema?.map((k) => k.AttributeName) ?? []),
    ]);
    await client.send(
      new CreateTableCommand({
        ...input,
        GlobalSecondaryIndexes: indexes,
        AttributeDefinitions: input.AttributeDefinitions?.filter((a) => used.has(a.AttributeName)),
      }),
    );
    await ensureTable(client, tableName);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(
      TABLE.indexes.map((i) => i.name).sort(),
    );
    await ensureTable(client, tableName);
    client.destroy();
  });
});
