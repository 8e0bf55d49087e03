import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoConfig } from '../../infra/local/aws-config.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { correctionKeys } from '../../shared/adapters/dynamodb/correction-request-keys.ts';
import { DynamoCorrectionRequestStore } from '../../shared/adapters/dynamodb/correction-request-store.ts';
import { DynamoRateLimiter } from '../../shared/adapters/dynamodb/rate-limiter.ts';
import { TABLE } from '../../shared/adapters/dynamodb/table.ts';
import {
  CONTACT,
  describeCorrectionRequestStoreContract,
  describeRateLimiterContract,
  filing,
  newAgency,
  newDecision,
  rejection,
} from './correction-request-store-contract.ts';
import { freshTable } from './support/tables.ts';

const documentClient = () => createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));

describeCorrectionRequestStoreContract('DynamoCorrectionRequestStore', async () => {
  const { tableName } = await freshTable();
  return new DynamoCorrectionRequestStore({ client: documentClient(), tableName });
});

describeRateLimiterContract('DynamoRateLimiter', async () => {
  const { tableName } = await freshTable();
  return new DynamoRateLimiter({ client: documentClient(), tableName });
});

describe('correction requests and rate limits on the table', () => {
  let tableName: string;
  let raw: Awaited<ReturnType<typeof freshTable>>['client'];
  let store: DynamoCorrectionRequestStore;

  beforeAll(async () => {
    ({ client: raw, tableName } = await freshTable());
    store = new DynamoCorrectionRequestStore({ client: documentClient(), tableName });
  });

  it('keeps the contact on the request item only, the answer deadline on the index only while open', async () => {
    const write = filing(newAgency(), newDecision());
    await store.save(write);
    const items =
      (await raw.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? [];
    const holding = items.map((i) => unmarshall(i)).filter((i) => JSON.stringify(i).includes(CONTACT.phone));
    expect(holding.map((i) => `${i.pk} ${i.sk}`)).toEqual([`CORR#${write.next.request.id} META`]);
    const key = correctionKeys.request(write.next.request.id);
    const read = async () =>
      unmarshall(
        (
          await raw.send(
            new GetItemCommand({ TableName: tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
          )
        ).Item ?? {},
      );
    const open = await read();
    expect(open).toMatchObject({
      publishDuePk: 'ANSWER',
      gsi1pk: `AGENCY#${write.next.request.agencyId}#CORR#open`,
    });
    expect(open).not.toHaveProperty(TABLE.ttlAttribute);
    await store.save(rejection(write.next));
    const answered = await read();
    expect(answered).not.toHaveProperty('publishDuePk');
    expect(answered.gsi1pk).toBe(`AGENCY#${write.next.request.agencyId}#CORR#rejected`);
  });

  it('gives each rate-limit counter a TTL just after its window, keyed by the digest it was given', async () => {
    const limiter = new DynamoRateLimiter({ client: documentClient(), tableName });
    await limiter.take('file-abc', 5, 600, new Date('2025-09-30T02:03:20Z'));
    const start = Date.parse('2025-09-30T02:00:00Z') / 1000;
    const key = correctionKeys.rateLimit('file-abc', start);
    const item = unmarshall(
      (
        await raw.send(
          new GetItemCommand({ TableName: tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
        )
      ).Item ?? {},
    );
    expect(item).toMatchObject({ type: 'rate_limit', count: 1, [TABLE.ttlAttribute]: start + 600 + 60 });
  });
});
