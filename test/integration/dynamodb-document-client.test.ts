/**
 * Our document client on DynamoDB Local: every kind of value the records hold comes back as it was written
 * (undefined left out, numbers as numbers), a class instance is refused before anything is written, pages
 * go on from the key they stopped at, and a cancelled transaction says why, item by item.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoConfig } from '../../infra/local/aws-config.ts';
import { createDocumentClient, type DocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { freshTable } from './support/tables.ts';

let documents: DocumentClient;
let TableName: string;

beforeAll(async () => {
  const table = await freshTable();
  table.client.destroy();
  TableName = table.tableName;
  documents = createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));
});
afterAll(() => documents.destroy());

const RECORD = {
  pk: 'DOC#1',
  sk: 'META',
  type: 'document-test',
  title: '四平市工业和信息化局行政处罚决定书',
  version: 3,
  amount: 50_000,
  negative: -7,
  fraction: 0.25,
  largest: Number.MAX_SAFE_INTEGER,
  published: true,
  withdrawn: false,
  review: null,
  empty: '',
  bytes: new Uint8Array([0, 1, 254]),
  tags: new Set(['a', 'b']),
  revisions: [1, '二', { at: '2025-09-29', by: ['u1', 'u2'] }],
  decision: { status: 'published', withdrawal: { reason: 'expired', at: undefined }, list: [undefined, 1] },
  correction: undefined,
};

describe('the document client on DynamoDB Local', () => {
  it('reads back every kind of value as it was written, undefined left out and numbers as numbers', async () => {
    await documents.put({ TableName, Item: RECORD });
    const { Item } = await documents.get({
      TableName,
      Key: { pk: 'DOC#1', sk: 'META' },
      ConsistentRead: true,
    });
    const { correction: _, ...kept } = RECORD;
    expect(Item).toEqual({
      ...kept,
      decision: { status: 'published', withdrawal: { reason: 'expired' }, list: [1] },
    });
    expect(Item && 'correction' in Item).toBe(false);
    expect(typeof Item?.largest).toBe('number');
    expect(Item?.bytes).toBeInstanceOf(Uint8Array);
  });

  it('refuses a class instance, and writes nothing', async () => {
    await expect(
      documents.put({ TableName, Item: { pk: 'DOC#2', sk: 'META', at: new Date(0) } }),
    ).rejects.toThrow(/Unsupported type/);
    const { Item } = await documents.get({
      TableName,
      Key: { pk: 'DOC#2', sk: 'META' },
      ConsistentRead: true,
    });
    expect(Item).toBeUndefined();
  });

  it('updates with expression values and reads what it returns', async () => {
    const key = { pk: 'DOC#3', sk: 'META' };
    const update = () =>
      documents.update({
        TableName,
        Key: key,
        UpdateExpression: 'ADD #count :one SET #type = :type, #detail = :detail',
        ExpressionAttributeNames: { '#count': 'count', '#type': 'type', '#detail': 'detail' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':type': 'counter',
          ':detail': { by: 'u1', note: undefined },
        },
        ReturnValues: 'UPDATED_NEW',
      });
    await update();
    const { Attributes } = await update();
    expect(Attributes).toEqual({ count: 2, type: 'counter', detail: { by: 'u1' } });
  });

  it('queries a page at a time, each from the key the one before stopped at', async () => {
    for (const n of [1, 2, 3])
      await documents.put({ TableName, Item: { pk: 'DOC#PAGES', sk: `REV#${n}`, n } });
    const seen: unknown[] = [];
    let start: Record<string, unknown> | undefined;
    let pages = 0;
    do {
      const page = await documents.query({
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rev)',
        ExpressionAttributeValues: { ':pk': 'DOC#PAGES', ':rev': 'REV#' },
        ConsistentRead: true,
        Limit: 2,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      seen.push(...page.Items.map((item) => item.n));
      start = page.LastEvaluatedKey;
      pages += 1;
    } while (start);
    expect(seen).toEqual([1, 2, 3]);
    expect(pages).toBe(2);

    const none = await documents.query({
      TableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'DOC#NONE' },
    });
    expect(none.Items).toEqual([]);
  });

  it('scans with a filter on expression values', async () => {
    const found: unknown[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.scan({
        TableName,
        FilterExpression: '#type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'document-test' },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      found.push(...page.Items.map((item) => item.pk));
      start = page.LastEvaluatedKey;
    } while (start);
    expect(found).toEqual(['DOC#1']);
  });

  it('writes a transaction whole, and a cancelled one reports a reason per item, in order', async () => {
    const guard = { pk: 'DOC#TX', sk: 'GUARD', decisionId: 'd1' };
    await documents.transactWrite([
      { Put: { TableName, Item: guard, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName, Item: { pk: 'DOC#TX', sk: 'META', version: 1 } } },
    ]);
    const error = await documents
      .transactWrite([
        { Put: { TableName, Item: { pk: 'DOC#TX', sk: 'NEW' } } },
        { Put: { TableName, Item: guard, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Update: {
            TableName,
            Key: { pk: 'DOC#TX', sk: 'META' },
            UpdateExpression: 'SET #version = :next',
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':next': 2, ':expected': 1 },
          },
        },
        {
          ConditionCheck: {
            TableName,
            Key: { pk: 'DOC#TX', sk: 'GUARD' },
            ConditionExpression: 'decisionId = :other',
            ExpressionAttributeValues: { ':other': 'd2' },
          },
        },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      'None',
      'ConditionalCheckFailed',
      'None',
      'ConditionalCheckFailed',
    ]);
    // None of it was written.
    const { Item } = await documents.get({
      TableName,
      Key: { pk: 'DOC#TX', sk: 'NEW' },
      ConsistentRead: true,
    });
    expect(Item).toBeUndefined();

    await documents.transactWrite([
      {
        Delete: {
          TableName,
          Key: { pk: 'DOC#TX', sk: 'GUARD' },
          ConditionExpression: 'decisionId = :id',
          ExpressionAttributeValues: { ':id': 'd1' },
        },
      },
    ]);
    const gone = await documents.get({ TableName, Key: { pk: 'DOC#TX', sk: 'GUARD' }, ConsistentRead: true });
    expect(gone.Item).toBeUndefined();
  });
});
