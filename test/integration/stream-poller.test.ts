import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import {
  type RunningStreamPoller,
  type StreamHandler,
  startStreamPoller,
} from '../../infra/local/stream-poller.ts';
import type { StreamFilterPattern } from '../../shared/http/stream-filter.ts';
import { freshTable } from './support/tables.ts';

let client: DynamoDBClient;
let tableName: string;
let dir: string;
const pollers: RunningStreamPoller[] = [];

beforeAll(async () => {
  ({ client, tableName } = await freshTable());
  dir = mkdtempSync(join(tmpdir(), 'gongshi-stream-'));
});

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});

afterAll(() => {
  client?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function poll(
  handler: StreamHandler,
  checkpointFile?: string,
  filters?: readonly StreamFilterPattern[],
): Promise<void> {
  pollers.push(
    await startStreamPoller({
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName,
      handler,
      intervalMs: 50,
      ...(checkpointFile ? { checkpointFile } : {}),
      ...(filters ? { filters } : {}),
      onError: () => {},
    }),
  );
}

/** A stream handler that keeps every batch it is given. */
function recorder(
  respond: (event: DynamoDBStreamEvent, call: number) => DynamoDBBatchResponse | undefined = () => undefined,
) {
  const batches: DynamoDBRecord[][] = [];
  const handler: StreamHandler = async (event) => {
    batches.push(event.Records);
    return respond(event, batches.length);
  };
  return { handler, batches, records: () => batches.flat() };
}

const key = (id: string) => ({ pk: { S: `T#${id}` }, sk: { S: 'ITEM' } });
const sequence = (records: readonly DynamoDBRecord[]) => records.map((r) => r.dynamodb?.SequenceNumber);

describe('the stream poller (Lambda event source mapping on DynamoDB Local)', () => {
  it('delivers put, update and delete in order as INSERT, MODIFY and REMOVE with old and new images', async () => {
    const seen = recorder();
    const file = join(dir, 'order.json');
    await poll(seen.handler, file);

    await client.send(
      new PutItemCommand({ TableName: tableName, Item: { ...key('a'), title: { S: '初稿' } } }),
    );
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: key('a'),
        UpdateExpression: 'SET title = :t, version = :v',
        ExpressionAttributeValues: { ':t': { S: '改正' }, ':v': { N: '2' } },
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: key('a') }));

    await vi.waitFor(() => expect(seen.records()).toHaveLength(3), { timeout: 10_000, interval: 50 });
    const [insert, modify, remove] = seen.records();
    expect(insert).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventSourceARN: expect.stringContaining(tableName),
      dynamodb: {
        Keys: key('a'),
        NewImage: { ...key('a'), title: { S: '初稿' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
        SequenceNumber: expect.any(String),
        ApproximateCreationDateTime: expect.any(Number),
      },
    });
    expect(insert?.dynamodb?.OldImage).toBeUndefined();
    expect(modify).toMatchObject({
      eventName: 'MODIFY',
      dynamodb: {
        OldImage: { ...key('a'), title: { S: '初稿' } },
        NewImage: { ...key('a'), title: { S: '改正' }, version: { N: '2' } },
      },
    });
    expect(remove).toMatchObject({
      eventName: 'REMOVE',
      dynamodb: { Keys: key('a'), OldImage: { ...key('a'), title: { S: '改正' }, version: { N: '2' } } },
    });
    expect(remove?.dynamodb?.NewImage).toBeUndefined();
    const numbers = sequence(seen.records()).map((n) => BigInt(n ?? '0'));
    expect([...numbers].sort((a, b) => (a < b ? -1 : 1))).toEqual(numbers);
    expect(seen.batches.every((batch) => batch.length <= 100)).toBe(true);

    // The checkpoint keeps the last delivered record, so a restart goes on after it.
    const checkpoint = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.values(checkpoint.shards)).toContainEqual(
      expect.objectContaining({ sequenceNumber: remove?.dynamodb?.SequenceNumber }),
    );
  });

  it('delivers a batch again when the handler fails, and goes on once it succeeds', async () => {
    await client.send(new PutItemCommand({ TableName: tableName, Item: { ...key('b'), n: { N: '1' } } }));
    const seen = recorder();
    const flaky: StreamHandler = async (event) => {
      await seen.handler(event);
      if (seen.batches.length === 1) throw new Error('the site bucket is not there yet');
      return undefined;
    };
    await poll(flaky, join(dir, 'retry.json'));

    await vi.waitFor(() => expect(seen.batches.length).toBeGreaterThanOrEqual(2), {
      timeout: 10_000,
      interval: 50,
    });
    const [failed = [], retried = []] = seen.batches;
    expect(failed.some((r) => r.dynamodb?.Keys?.pk?.S === 'T#b')).toBe(true);
    expect(sequence(retried).slice(0, failed.length)).toEqual(sequence(failed));
    await client.send(new PutItemCommand({ TableName: tableName, Item: key('b2') }));
    await vi.waitFor(
      () => expect(seen.records().filter((r) => r.dynamodb?.Keys?.pk?.S === 'T#b2')).toHaveLength(1),
      { timeout: 10_000, interval: 50 },
    );
  });

  it('retries the first failed record and the ones after it, not the whole batch, on batchItemFailures', async () => {
    const file = join(dir, 'partial.json');
    // Start at the current end of the stream: a first poller reads everything there is and stops.
    const drain = recorder();
    await poll(drain.handler, file);
    await vi.waitFor(() => expect(drain.records().length).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 50,
    });
    await Promise.all(pollers.splice(0).map((p) => p.stop()));

    for (const id of ['c1', 'c2', 'c3']) {
      await client.send(new PutItemCommand({ TableName: tableName, Item: key(id) }));
    }
    let failed = false;
    const seen = recorder((event) => {
      const second = event.Records[1]?.dynamodb?.SequenceNumber;
      if (failed || !second) return undefined;
      failed = true;
      return { batchItemFailures: [{ itemIdentifier: second }] };
    });
    await poll(seen.handler, file);

    await vi.waitFor(() => expect(failed && seen.batches.length >= 2).toBe(true), {
      timeout: 10_000,
      interval: 50,
    });
    await vi.waitFor(
      () => expect(seen.records().filter((r) => r.dynamodb?.Keys?.pk?.S === 'T#c3').length).toBe(2),
      { timeout: 10_000, interval: 50 },
    );
    const ids = seen.records().map((r) => r.dynamodb?.Keys?.pk?.S);
    expect(ids).toEqual(['T#c1', 'T#c2', 'T#c3', 'T#c2', 'T#c3']);
  });

  it('goes on after its checkpoint when started again: nothing is delivered twice', async () => {
    const file = join(dir, 'restart.json');
    const first = recorder();
    await poll(first.handler, file);
    await client.send(new PutItemCommand({ TableName: tableName, Item: key('d1') }));
    await vi.waitFor(
      () => expect(first.records().some((r) => r.dynamodb?.Keys?.pk?.S === 'T#d1')).toBe(true),
      { timeout: 10_000, interval: 50 },
    );
    await Promise.all(pollers.splice(0).map((p) => p.stop()));

    await client.send(new PutItemCommand({ TableName: tableName, Item: key('d2') }));
    const second = recorder();
    await poll(second.handler, file);

    await vi.waitFor(() => expect(second.records().length).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 50,
    });
    expect(second.records().map((r) => r.dynamodb?.Keys?.pk?.S)).toEqual(['T#d2']);
  });

  describe('with the event source mapping filters', () => {
    const kept = (id: string) => ({ pk: { S: `T#${id}` }, sk: { S: 'KEEP' } });
    const filters: StreamFilterPattern[] = [{ dynamodb: { Keys: { sk: { S: ['KEEP'] } } } }];
    const pks = (records: readonly DynamoDBRecord[]) => records.map((r) => r.dynamodb?.Keys?.pk?.S);

    it('hands the handler only the records they match, never an empty batch, and moves the checkpoint past the rest', async () => {
      const file = join(dir, 'filtered.json');
      const filtered = recorder();
      const everything = recorder();
      await poll(filtered.handler, file, filters);
      await poll(everything.handler);

      await client.send(new PutItemCommand({ TableName: tableName, Item: key('f1') }));
      await client.send(new PutItemCommand({ TableName: tableName, Item: kept('f2') }));
      await client.send(new PutItemCommand({ TableName: tableName, Item: key('f3') }));

      const f3 = () => everything.records().find((r) => r.dynamodb?.Keys?.pk?.S === 'T#f3');
      await vi.waitFor(() => expect(f3()).toBeDefined(), { timeout: 10_000, interval: 50 });
      const last = f3()?.dynamodb?.SequenceNumber;
      await vi.waitFor(
        () => {
          const checkpoint = JSON.parse(readFileSync(file, 'utf8'));
          expect(Object.values(checkpoint.shards)).toContainEqual(
            expect.objectContaining({ sequenceNumber: last }),
          );
        },
        { timeout: 10_000, interval: 50 },
      );
      expect(pks(filtered.records())).toEqual(['T#f2']);
      expect(filtered.batches.every((batch) => batch.length > 0)).toBe(true);
    });

    it('retries from the failed record of the filtered batch, skipping the dropped ones', async () => {
      const file = join(dir, 'filtered-partial.json');
      const drain = recorder();
      await poll(drain.handler, file);
      await vi.waitFor(() => expect(drain.records().length).toBeGreaterThan(0), {
        timeout: 10_000,
        interval: 50,
      });
      await Promise.all(pollers.splice(0).map((p) => p.stop()));

      await client.send(new PutItemCommand({ TableName: tableName, Item: key('g1') }));
      await client.send(new PutItemCommand({ TableName: tableName, Item: kept('g2') }));
      await client.send(new PutItemCommand({ TableName: tableName, Item: key('g3') }));
      await client.send(new PutItemCommand({ TableName: tableName, Item: kept('g4') }));
      let failed = false;
      const seen = recorder((event) => {
        const second = event.Records[1]?.dynamodb?.SequenceNumber;
        if (failed || !second) return undefined;
        failed = true;
        return { batchItemFailures: [{ itemIdentifier: second }] };
      });
      await poll(seen.handler, file, filters);

      await vi.waitFor(() => expect(pks(seen.records())).toEqual(['T#g2', 'T#g4', 'T#g4']), {
        timeout: 10_000,
        interval: 50,
      });
    });
  });
});
