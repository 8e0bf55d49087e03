/**
 * Counting what the code asks of AWS, without touching it: a middleware on the SDK client that every adapter
 * already receives. DynamoDB requests are asked for their consumed capacity (DynamoDB Local computes it as
 * DynamoDB does), and the items each Query, Scan, GetItem and BatchGetItem returns are counted.
 */

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';

export interface DynamoCounts {
  /** Requests by command name (QueryCommand, TransactWriteItemsCommand, ...). */
  readonly requests: Map<string, number>;
  /** Items returned by Query, Scan, GetItem and BatchGetItem. */
  itemsRead: number;
  readUnits: number;
  writeUnits: number;
}

export interface S3Counts {
  readonly requests: Map<string, number>;
  /** The keys written (put, deleted, copied to), in order, when a caller wants them. */
  writtenKeys?: string[];
}

/** S3's write requests: what docs/benchmarks.md counts as the writes of a publish. */
export const S3_WRITE_COMMANDS = ['PutObjectCommand', 'DeleteObjectCommand', 'CopyObjectCommand'] as const;

export function emptyDynamoCounts(): DynamoCounts {
  return { requests: new Map(), itemsRead: 0, readUnits: 0, writeUnits: 0 };
}

interface CapacityLike {
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
  readonly CapacityUnits?: number;
}

interface DynamoOutputLike {
  readonly Items?: readonly unknown[];
  readonly Item?: unknown;
  readonly Responses?: Record<string, readonly unknown[]>;
  readonly ConsumedCapacity?: CapacityLike | readonly CapacityLike[];
}

const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);

/**
 * Counts into `counts` every request `client` sends from now on (for the document client, its `dynamo`). The
 * middleware sits in the serialize step, before the request is built, where the input is the low-level one.
 */
export function countDynamo(
  client: Pick<DynamoDBClient, 'middlewareStack'>,
  counts: () => DynamoCounts,
): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      const command = context.commandName ?? 'unknown';
      const c = counts();
      c.requests.set(command, (c.requests.get(command) ?? 0) + 1);
      const output = result.output as DynamoOutputLike;
      if (output.Items) c.itemsRead += output.Items.length;
      else if (command === 'GetItemCommand' && output.Item) c.itemsRead += 1;
      else if (output.Responses)
        for (const items of Object.values(output.Responses)) c.itemsRead += items.length;
      const capacities = output.ConsumedCapacity;
      for (const capacity of Array.isArray(capacities) ? capacities : capacities ? [capacities] : []) {
        const units = (capacity as CapacityLike).CapacityUnits ?? 0;
        const reads = (capacity as CapacityLike).ReadCapacityUnits;
        const writes = (capacity as CapacityLike).WriteCapacityUnits;
        if (reads !== undefined || writes !== undefined) {
          c.readUnits += reads ?? 0;
          c.writeUnits += writes ?? 0;
        } else if (READS.has(command)) c.readUnits += units;
        else c.writeUnits += units;
      }
      return result;
    },
    { step: 'serialize', priority: 'high', name: 'gongshiBenchCounter' },
  );
}

export function countS3(client: Pick<S3Client, 'middlewareStack'>, counts: () => S3Counts): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      const c = counts();
      c.requests.set(command, (c.requests.get(command) ?? 0) + 1);
      const key = (args.input as { Key?: string }).Key;
      if (c.writtenKeys && key && (S3_WRITE_COMMANDS as readonly string[]).includes(command))
        c.writtenKeys.push(`${command.replace('ObjectCommand', '')} ${key}`);
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'gongshiBenchCounter' },
  );
}

export function s3Writes(counts: S3Counts): number {
  return S3_WRITE_COMMANDS.reduce((sum, command) => sum + (counts.requests.get(command) ?? 0), 0);
}

/** What happened between two snapshots of the same counter. */
export function snapshot(counts: DynamoCounts): DynamoCounts {
  return { ...counts, requests: new Map(counts.requests) };
}

export function difference(after: DynamoCounts, before: DynamoCounts): DynamoCounts {
  const requests = new Map<string, number>();
  for (const [command, n] of after.requests) {
    const delta = n - (before.requests.get(command) ?? 0);
    if (delta > 0) requests.set(command, delta);
  }
  return {
    requests,
    itemsRead: after.itemsRead - before.itemsRead,
    readUnits: after.readUnits - before.readUnits,
    writeUnits: after.writeUnits - before.writeUnits,
  };
}
