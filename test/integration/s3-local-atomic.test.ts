/**
 * The local S3 server replaces an object atomically, as S3 does: a reader during a rewrite gets the old
 * object or the new one, whole, never a cut body or an error (s3rver alone rewrote the file in place, and the
 * local site answered 500, or a cut page, to a reader that came during a publication).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localS3Config } from '../../infra/local/aws-config.ts';
import type { RunningService } from '../../infra/local/dynamodb-local.ts';
import { startS3Local } from '../../infra/local/s3-local.ts';

const directory = mkdtempSync(join(tmpdir(), 'gongshi-s3-atomic-'));
const Bucket = 'atomic';
let server: RunningService;
let s3: S3Client;

beforeAll(async () => {
  server = await startS3Local({ directory });
  s3 = new S3Client({ ...localS3Config(server.endpoint), maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket }));
});
afterAll(async () => {
  s3?.destroy();
  await server?.stop();
  rmSync(directory, { recursive: true, force: true });
});

const large = JSON.stringify({ version: 'large', text: '公示'.repeat(150_000) });
const small = JSON.stringify({ version: 'small' });

describe('the local S3 server under a rewrite', () => {
  it('serves each GET during 60 alternating rewrites whole, as one version or the other', async () => {
    const Key = 'decisions/d-1.json';
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: small }));
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 60; i++)
        await s3.send(new PutObjectCommand({ Bucket, Key, Body: i % 2 === 0 ? large : small }));
      writing = false;
    })();
    const seen = new Map<string, number>();
    const reader = async () => {
      while (writing) {
        const object = await s3.send(new GetObjectCommand({ Bucket, Key }));
        const body = (await object.Body?.transformToString('utf-8')) ?? '';
        expect(body === large || body === small, `a body of ${body.length} characters`).toBe(true);
        expect(object.ContentLength).toBe(Buffer.byteLength(body));
        const version = body === large ? 'large' : 'small';
        seen.set(version, (seen.get(version) ?? 0) + 1);
      }
    };
    await Promise.all([writer, reader(), reader(), reader()]);
    expect([...seen.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
  });

  it('still writes, reads, heads, deletes and 404s like S3', async () => {
    const Key = 'a/b/c.html';
    await s3.send(
      new PutObjectCommand({ Bucket, Key, Body: '<p>公示</p>', ContentType: 'text/html; charset=utf-8' }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key }));
    expect(head.ContentType).toBe('text/html; charset=utf-8');
    expect(head.ContentLength).toBe(Buffer.byteLength('<p>公示</p>'));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key, Range: 'bytes=0-2' }));
    expect(await got.Body?.transformToString()).toBe('<p>');
    await s3.send(new DeleteObjectCommand({ Bucket, Key }));
    await expect(s3.send(new GetObjectCommand({ Bucket, Key }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    await s3.send(new PutObjectCommand({ Bucket, Key: 'empty.txt', Body: Buffer.alloc(0) }));
    const empty = await s3.send(new GetObjectCommand({ Bucket, Key: 'empty.txt' }));
    expect(await empty.Body?.transformToString()).toBe('');
  });
});
