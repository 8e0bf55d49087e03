/**
 * Our document client against the SDK's (lib-dynamodb), which it replaced: over a fake HTTP handler that records
 * each request's body and answers a canned one, both must send the same DynamoDB request and read the same
 * answer, with the options the adapters always used (undefined left out, numbers as numbers, class instances
 * refused). No network: the handler answers every request itself.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DocumentClient } from '../../../shared/adapters/dynamodb/client.ts';
import { fromAttributes, toAttributes } from '../../../shared/adapters/dynamodb/document.ts';

/** A bare client whose every request is recorded and answered with `answer` (DynamoDB's JSON). */
function fakeDynamo(answer: unknown): { client: DynamoDBClient; bodies: unknown[] } {
  const bodies: unknown[] = [];
  const client = new DynamoDBClient({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: {
      handle: async (request: { body?: string }) => {
        // The idempotency token of a transaction is random: not part of what is compared.
        const { ClientRequestToken: _, ...body } = JSON.parse(request.body ?? '{}');
        bodies.push(body);
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            // Bytes as DynamoDB sends them, in base64.
            body: new TextEncoder().encode(
              JSON.stringify(answer, (_, value) =>
                value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value,
              ),
            ),
          },
        };
      },
    },
  });
  return { client, bodies };
}

/** The adapters' former document client: the options it was built with. */
function sdkDocuments(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}

/** What each client sent and read for the same call, `ours` with our client and `sdk` with the SDK's. */
async function both<T>(
  answer: unknown,
  ours: (client: DocumentClient) => Promise<T>,
  sdk: (client: DynamoDBDocumentClient) => Promise<unknown>,
) {
  const a = fakeDynamo(answer);
  const b = fakeDynamo(answer);
  const read = await ours(new DocumentClient(a.client));
  const expected = await sdk(sdkDocuments(b.client));
  return { sent: a.bodies, expectedSent: b.bodies, read, expectedRead: expected };
}

// Every kind of value the records hold (strings with Chinese text, integers, booleans, null, lists, maps
// nested in both), plus the ones they may: a fraction, an empty string, bytes, a set.
const RECORD = {
  pk: 'DEC#01J',
  sk: 'META',
  title: '四平市工业和信息化局行政处罚决定书',
  version: 3,
  amount: 50_000,
  negative: -7,
  fraction: 0.5,
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
const STORED = {
  ...RECORD,
  decision: { status: 'published', withdrawal: { reason: 'expired' }, list: [1] },
  correction: undefined,
};
delete (STORED as { correction?: unknown }).correction;

describe('document conversion', () => {
  it('round-trips every kind of value, leaving undefined out at every depth, numbers as numbers', () => {
    const back = fromAttributes(toAttributes(RECORD));
    expect(back).toEqual(STORED);
    expect('correction' in back).toBe(false);
    expect(typeof back.largest).toBe('number');
    expect(back.bytes).toBeInstanceOf(Uint8Array);
  });

  it('refuses a class instance rather than flattening it', () => {
    expect(() => toAttributes({ pk: 'a', sk: 'b', at: new Date(0) })).toThrow(/Unsupported type/);
    class Money {
      yuan = 5;
    }
    expect(() => toAttributes({ pk: 'a', sk: 'b', fine: { amount: new Money() } })).toThrow(
      /Unsupported type/,
    );
  });
});

describe('our document client sends and reads what the SDK document client did', () => {
  const item = toAttributes(STORED);
  const key = { pk: 'DEC#01J', sk: 'META' };

  it('GetItem', async () => {
    const r = await both(
      { Item: item },
      (c) => c.get({ TableName: 't', Key: key, ConsistentRead: true }),
      (c) => c.send(new GetCommand({ TableName: 't', Key: key, ConsistentRead: true })),
    );
    expect(r.sent).toEqual(r.expectedSent);
    expect(r.read.Item).toEqual((r.expectedRead as { Item: unknown }).Item);
    expect(r.read.Item).toEqual(STORED);
  });

  it('PutItem, with a condition and its values', async () => {
    const input = {
      TableName: 't',
      Item: RECORD,
      ConditionExpression: '#version = :expected OR :missing = :nothing',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: {
        ':expected': 2,
        ':nothing': null,
        ':missing': undefined,
        ':map': { a: 1 },
      },
    };
    const r = await both(
      {},
      (c) => c.put(input),
      (c) => c.send(new PutCommand(input)),
    );
    expect(r.sent).toEqual(r.expectedSent);
    expect((r.sent[0] as { ExpressionAttributeValues: unknown }).ExpressionAttributeValues).toEqual({
      ':expected': { N: '2' },
      ':nothing': { NULL: true },
      ':map': { M: { a: { N: '1' } } },
    });
  });

  it('UpdateItem, reading the attributes it returns', async () => {
    const input = {
      TableName: 't',
      Key: key,
      UpdateExpression: 'ADD #count :one SET #type = :type',
      ExpressionAttributeNames: { '#count': 'count', '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'refusals' },
      ReturnValues: 'UPDATED_NEW' as const,
    };
    const r = await both(
      { Attributes: { count: { N: '4' }, type: { S: 'refusals' } } },
      (c) => c.update(input),
      (c) => c.send(new UpdateCommand(input)),
    );
    expect(r.sent).toEqual(r.expectedSent);
    expect(r.read.Attributes).toEqual({ count: 4, type: 'refusals' });
    expect(r.read.Attributes).toEqual((r.expectedRead as { Attributes: unknown }).Attributes);
  });

  it('Query and Scan, from a start key, reading the items and the key to go on from', async () => {
    const answer = {
      Items: [item, toAttributes(key)],
      Count: 2,
      ScannedCount: 2,
      LastEvaluatedKey: toAttributes(key),
    };
    const input = {
      TableName: 't',
      IndexName: 'byDate',
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'DEC#01J', ':from': 'A', ':to': 'Z' },
      ExclusiveStartKey: key,
      Limit: 2,
    };
    const query = await both(
      answer,
      (c) => c.query(input),
      (c) => c.send(new QueryCommand(input)),
    );
    expect(query.sent).toEqual(query.expectedSent);
    expect(query.read).toMatchObject({ Items: [STORED, key], LastEvaluatedKey: key, ScannedCount: 2 });
    expect(query.read.Items).toEqual((query.expectedRead as { Items: unknown }).Items);

    const { IndexName: _, KeyConditionExpression: __, ...scanInput } = input;
    const scan = await both(
      answer,
      (c) => c.scan({ ...scanInput, FilterExpression: 'pk = :pk AND sk BETWEEN :from AND :to' }),
      (c) =>
        c.send(new ScanCommand({ ...scanInput, FilterExpression: 'pk = :pk AND sk BETWEEN :from AND :to' })),
    );
    expect(scan.sent).toEqual(scan.expectedSent);
    expect(scan.read.Items).toEqual((scan.expectedRead as { Items: unknown }).Items);
  });

  it('answers an empty page with no items rather than none', async () => {
    const r = await both(
      { Count: 0, ScannedCount: 0 },
      (c) =>
        c.query({
          TableName: 't',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'x' },
        }),
      async () => undefined,
    );
    expect(r.read.Items).toEqual([]);
    expect(r.read.LastEvaluatedKey).toBeUndefined();
  });

  it('TransactWriteItems, every kind of write', async () => {
    const items = [
      { Put: { TableName: 't', Item: RECORD, ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Update: {
          TableName: 't',
          Key: key,
          UpdateExpression: 'SET #n = :n',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: { ':n': [1, { a: undefined }] },
        },
      },
      {
        Delete: {
          TableName: 't',
          Key: { pk: 'G', sk: 'META' },
          ConditionExpression: 'decisionId = :id',
          ExpressionAttributeValues: { ':id': 'd1' },
        },
      },
      {
        ConditionCheck: {
          TableName: 't',
          Key: key,
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': 3 },
        },
      },
    ];
    const r = await both(
      {},
      (c) => c.transactWrite(items),
      (c) => c.send(new TransactWriteCommand({ TransactItems: items })),
    );
    expect(r.sent).toEqual(r.expectedSent);
  });

  it('refuses a class instance before sending anything, as the SDK document client did', async () => {
    const { client, bodies } = fakeDynamo({});
    const documents = new DocumentClient(client);
    await expect(
      documents.put({ TableName: 't', Item: { pk: 'a', sk: 'b', at: new Date(0) } }),
    ).rejects.toThrow(/Unsupported type/);
    await expect(
      sdkDocuments(client).send(
        new PutCommand({ TableName: 't', Item: { pk: 'a', sk: 'b', at: new Date(0) } }),
      ),
    ).rejects.toThrow(/Unsupported type/);
    expect(bodies).toEqual([]);
  });
});
