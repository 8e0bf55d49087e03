/**
 * The local stand-in for Lambda's event source mapping on the table's stream: reads the stream of DynamoDB
 * Local shard by shard, in order, and hands the records to the stream handler in the event shape Lambda
 * delivers, in batches of up to 100. A failed batch blocks its shard and is delivered again (from the first
 * failed record when the handler reports `batchItemFailures`), as on AWS with the default retry settings.
 * The position reached in each shard is kept in a checkpoint file, so a restart goes on where it stopped.
 * Given the consumer's filters, it drops the records they do not match before the handler sees them, as
 * Lambda's event filtering does: a batch left empty is not delivered, and the checkpoint moves past it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type AttributeValue as StreamAttributeValue,
} from '@aws-sdk/client-dynamodb-streams';
import type {
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  AttributeValue as LambdaAttributeValue,
} from 'aws-lambda';
import { matchesStreamFilters, type StreamFilterPattern } from '../../shared/http/stream-filter.ts';
import { LOCAL_REGION, localDynamoConfig } from './aws-config.ts';

export type StreamHandler = (
  event: DynamoDBStreamEvent,
  // biome-ignore lint/suspicious/noConfusingVoidType: the same result as aws-lambda's DynamoDBStreamHandler, whose handlers may return nothing
) => Promise<DynamoDBBatchResponse | void>;

export interface StreamPollerOptions {
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly handler: StreamHandler;
  /** The event source mapping's filter patterns; without them (or with none) every record is delivered. */
  readonly filters?: readonly StreamFilterPattern[];
  readonly intervalMs?: number;
  /** Where the position in each shard is kept; without it every start reads the stream from its beginning. */
  readonly checkpointFile?: string;
  /** Lambda's default and maximum for DynamoDB streams is 100 (10,000 with a batching window). */
  readonly batchSize?: number;
  readonly onError?: (message: string, error: unknown) => void;
}

export interface RunningStreamPoller {
  stop(): Promise<void>;
}

interface ShardCheckpoint {
  /** The last record delivered successfully; reading resumes after it. */
  sequenceNumber?: string;
  /** The shard is closed and every record of it was delivered. */
  finished?: boolean;
}

interface Checkpoint {
  streamArn?: string;
  shards: Record<string, ShardCheckpoint>;
}

class BatchFailed extends Error {}

export async function startStreamPoller(options: StreamPollerOptions): Promise<RunningStreamPoller> {
  const { tableName, handler, checkpointFile, filters = [], intervalMs = 500, batchSize = 100 } = options;
  const onError = options.onError ?? ((message, error) => console.error(message, error));
  const dynamo = new DynamoDBClient(localDynamoConfig(options.dynamoEndpoint));
  const streams = new DynamoDBStreamsClient(localDynamoConfig(options.dynamoEndpoint));
  const checkpoint = readCheckpoint(checkpointFile);
  const iterators = new Map<string, string>();
  let stopping = false;
  let lastError = '';

  const save = () => {
    if (checkpointFile) writeCheckpoint(checkpointFile, checkpoint);
  };

  async function streamArn(): Promise<string> {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    const arn = Table?.LatestStreamArn;
    if (!arn) throw new Error(`table ${tableName} has no stream`);
    if (checkpoint.streamArn !== arn) {
      // A new stream (the table was created again): positions in the old one mean nothing here.
      checkpoint.streamArn = arn;
      checkpoint.shards = {};
      iterators.clear();
      save();
    }
    return arn;
  }

  async function listShards(arn: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: arn, ...(start ? { ExclusiveStartShardId: start } : {}) }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  async function iteratorFor(arn: string, shardId: string): Promise<string | undefined> {
    const known = iterators.get(shardId);
    if (known) return known;
    const after = checkpoint.shards[shardId]?.sequenceNumber;
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: arn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }

  /** Reads one shard as far as it goes now; returns whether anything was delivered. */
  async function drainShard(arn: string, shardId: string): Promise<boolean> {
    let delivered = false;
    for (;;) {
      if (stopping) return delivered;
      const iterator = await iteratorFor(arn, shardId);
      if (!iterator) {
        markFinished(shardId);
        return delivered;
      }
      const { Records = [], NextShardIterator } = await streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }),
      );
      if (Records.length > 0) {
        await deliver(arn, shardId, Records);
        delivered = true;
      }
      if (!NextShardIterator) {
        markFinished(shardId);
        return delivered;
      }
      iterators.set(shardId, NextShardIterator);
      if (Records.length === 0) return delivered;
    }
  }

  async function deliver(arn: string, shardId: string, records: readonly _Record[]): Promise<void> {
    const sequenceNumbers = records.map((record) => record.dynamodb?.SequenceNumber ?? '');
    // The positions (in `records`) of the records the filters let through; the others count as delivered.
    const passed: number[] = [];
    const event: DynamoDBStreamEvent = { Records: [] };
    records.forEach((record, position) => {
      const lambdaRecord = toLambdaRecord(record, arn);
      if (!matchesStreamFilters(filters, lambdaRecord)) return;
      passed.push(position);
      event.Records.push(lambdaRecord);
    });
    let failedAt = -1;
    if (passed.length > 0) {
      try {
        const response = await handler(event);
        const failures = response?.batchItemFailures ?? [];
        if (failures.length > 0) {
          // Lambda resumes at the earliest failed record; an identifier it cannot place fails the whole batch.
          const positions = failures.map((failure) => {
            const index = event.Records.findIndex(
              (record) => record.dynamodb?.SequenceNumber === failure.itemIdentifier,
            );
            return index === -1 ? -1 : (passed[index] ?? -1);
          });
          failedAt = positions.includes(-1) ? 0 : Math.min(...positions);
        }
      } catch (error) {
        onError(
          `stream handler failed on ${event.Records.length} record(s) of ${shardId}; they will be delivered again`,
          error,
        );
        failedAt = 0;
      }
    }
    const deliveredUpTo = failedAt === -1 ? sequenceNumbers.length : failedAt;
    const last = sequenceNumbers[deliveredUpTo - 1];
    if (last) {
      checkpoint.shards[shardId] = { ...checkpoint.shards[shardId], sequenceNumber: last };
      save();
    }
    if (failedAt !== -1) {
      // Read again from the checkpoint: the retry starts at the first record not yet delivered.
      iterators.delete(shardId);
      throw new BatchFailed();
    }
  }

  function markFinished(shardId: string): void {
    iterators.delete(shardId);
    checkpoint.shards[shardId] = { ...checkpoint.shards[shardId], finished: true };
    save();
  }

  /** One pass over the stream; returns whether records were delivered (then the next pass follows at once). */
  async function poll(): Promise<boolean> {
    const arn = await streamArn();
    const shards = await listShards(arn);
    const known = new Set(shards.map((shard) => shard.ShardId));
    for (const id of Object.keys(checkpoint.shards)) {
      if (!known.has(id)) delete checkpoint.shards[id];
    }
    let delivered = false;
    for (const shard of shards) {
      const id = shard.ShardId;
      if (!id || checkpoint.shards[id]?.finished) continue;
      // A child shard waits until its parent is read to the end, so records of one item stay in order.
      const parent = shard.ParentShardId;
      if (parent && known.has(parent) && !checkpoint.shards[parent]?.finished) continue;
      if (await drainShard(arn, id)) delivered = true;
    }
    return delivered;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = poll()
      .then(
        (delivered) => {
          lastError = '';
          return delivered;
        },
        (error: unknown) => {
          if (!(error instanceof BatchFailed)) {
            const message = error instanceof Error ? error.message : String(error);
            // A lasting fault (DynamoDB Local gone) is told once, not every half second.
            if (message !== lastError) onError(`stream poller: ${message}`, error);
            lastError = message;
          }
          return false;
        },
      )
      .then((delivered) => {
        if (!stopping) timer = setTimeout(tick, delivered ? 0 : intervalMs);
      });
  };
  tick();

  return {
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      await running;
      clearTimeout(timer);
      dynamo.destroy();
      streams.destroy();
    },
  };
}

function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const data = record.dynamodb ?? {};
  const created = data.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? LOCAL_REGION,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
      ...(data.Keys ? { Keys: toLambdaImage(data.Keys) } : {}),
      ...(data.NewImage ? { NewImage: toLambdaImage(data.NewImage) } : {}),
      ...(data.OldImage ? { OldImage: toLambdaImage(data.OldImage) } : {}),
      SequenceNumber: data.SequenceNumber,
      SizeBytes: data.SizeBytes,
      StreamViewType: data.StreamViewType,
    },
    eventSourceARN: streamArn,
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
  };
}

function toLambdaImage(image: Record<string, StreamAttributeValue>): Record<string, LambdaAttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]));
}

/** The SDK gives binary values as bytes; the JSON Lambda receives carries them base64-encoded. */
function toLambdaValue(value: StreamAttributeValue): LambdaAttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  throw new Error(`an attribute value of an unknown type: ${JSON.stringify(value)}`);
}

function readCheckpoint(file: string | undefined): Checkpoint {
  if (!file) return { shards: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Checkpoint>;
    return { ...(parsed.streamArn ? { streamArn: parsed.streamArn } : {}), shards: parsed.shards ?? {} };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { shards: {} };
    throw new Error(`the stream checkpoint ${file} cannot be read; delete it to read the stream again`, {
      cause: error,
    });
  }
}

function writeCheckpoint(file: string, checkpoint: Checkpoint): void {
  mkdirSync(dirname(file), { recursive: true });
  // Written aside and renamed, so a crash mid-write never leaves a torn checkpoint behind.
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify(checkpoint, null, 2)}\n`);
  renameSync(temp, file);
}
