/**
 * What the platform holds, for "nothing changed" and "nothing leaked" checks: a fingerprint of the table (a
 * full scan) and every object of the site bucket.
 */
import { createHash } from 'node:crypto';
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { localDynamoConfig, localS3Config } from '../../../infra/local/aws-config.ts';

export interface TableFingerprint {
  readonly items: number;
  readonly digest: string;
}

/**
 * Every item of the table but the rate-limit counters (RATE#…), which count attempts by design (R9: a filing
 * refused for its rate still counts against its client), hashed in key order.
 */
export async function tableFingerprint(
  endpoint = inject('dynamoEndpoint'),
  tableName = inject('tableName'),
): Promise<TableFingerprint> {
  const client = new DynamoDBClient(localDynamoConfig(endpoint));
  try {
    const rows: string[] = [];
    for await (const page of paginateScan({ client }, { TableName: tableName })) {
      for (const item of page.Items ?? []) {
        const pk = item.pk?.S ?? '';
        if (pk.startsWith('RATE#')) continue;
        rows.push(`${pk}\u0000${item.sk?.S ?? ''}\u0000${stableJson(item)}`);
      }
    }
    rows.sort();
    const hash = createHash('sha256');
    for (const row of rows) hash.update(row).update('\n');
    return { items: rows.length, digest: hash.digest('hex') };
  } finally {
    client.destroy();
  }
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Keys and ETags of every object in the bucket. */
export async function bucketFingerprint(
  endpoint = inject('s3Endpoint'),
  bucket = inject('siteBucket'),
): Promise<Map<string, string>> {
  const s3 = new S3Client(localS3Config(endpoint));
  try {
    const objects = new Map<string, string>();
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
      for (const object of page.Contents ?? []) objects.set(object.Key ?? '', object.ETag ?? '');
    }
    return objects;
  } finally {
    s3.destroy();
  }
}

/** Every object of the bucket with its bytes. */
export async function allObjects(
  endpoint = inject('s3Endpoint'),
  bucket = inject('siteBucket'),
): Promise<Map<string, Buffer>> {
  const s3 = new S3Client(localS3Config(endpoint));
  try {
    const keys = [...(await bucketFingerprint(endpoint, bucket)).keys()];
    const objects = new Map<string, Buffer>();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < keys.length; i = next++) {
        const key = keys[i] as string;
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        objects.set(key, Buffer.from((await out.Body?.transformToByteArray()) ?? new Uint8Array()));
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return objects;
  } finally {
    s3.destroy();
  }
}

/** Polls until the check passes (the platform publishes from the stream, within seconds). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}

/**
 * Waits until neither the table nor the site bucket changes for a second: the publisher of an earlier file
 * may still be confirming a takedown, and a "nothing changed" check must not count its write.
 */
export async function settled(timeoutMs = 30_000): Promise<void> {
  let previous = '';
  await eventually(
    async () => {
      const now = JSON.stringify([await tableFingerprint(), [...(await bucketFingerprint()).entries()]]);
      const stable = now === previous;
      previous = now;
      if (!stable) throw new Error('the platform is still writing');
    },
    timeoutMs,
    1_000,
  );
}
