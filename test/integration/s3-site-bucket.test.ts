/**
 * The S3 site adapter on the S3 server: listing past the 1 000 keys of one page, which the full rebuild's
 * cleanup does on any real site (s3rver's version-2 continuation tokens fail under Node 20's OpenSSL 3).
 */
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localS3Config } from '../../infra/local/aws-config.ts';
import { S3SiteBucket } from '../../shared/adapters/s3/site-bucket.ts';

let s3: S3Client;
const bucket = `list-${randomUUID().slice(0, 8)}`;
const keys = Array.from({ length: 1_234 }, (_, i) => `decisions/${String(i).padStart(5, '0')}.html`);

beforeAll(async () => {
  s3 = new S3Client(localS3Config(inject('s3Endpoint')));
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  for (let i = 0; i < keys.length; i += 50) {
    await Promise.all(
      keys.slice(i, i + 50).map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'x' }))),
    );
  }
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'index.html', Body: 'x' }));
}, 120_000);
afterAll(() => s3?.destroy());

describe('the S3 site bucket', () => {
  it('lists every key of a bucket larger than one page, in key order, once each', async () => {
    const site = new S3SiteBucket({ s3, bucket });
    const listed: string[] = [];
    for await (const key of site.list('')) listed.push(key);
    expect(listed).toEqual([...keys, 'index.html']);
    const under: string[] = [];
    for await (const key of site.list('decisions/')) under.push(key);
    expect(under).toEqual(keys);
  });
});
