/**
 * The S3 site adapter on the S3 server: listing past the 1 000 keys of one page, which the full rebuild's
 * cleanup does on any real site (s3rver's version-2 continuation tokens fail under Node 20's OpenSSL 3); and
 * conditional writes as S3 answers them, which the publisher's listings rely on (infra/local/s3-conditional.ts).
 */
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localS3Config } from '../../infra/local/aws-config.ts';
import { S3SiteBucket } from '../../shared/adapters/s3/site-bucket.ts';
import { SiteConflictError } from '../../shared/ports.ts';

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

describe('conditional writes, as S3 answers them', () => {
  const object = (key: string, body: string) => ({
    key,
    body,
    contentType: 'application/json',
    cacheControl: 'no-cache',
  });

  it('refuses If-None-Match: * on a key that exists, and lets it create one that does not', async () => {
    const site = new S3SiteBucket({ s3, bucket });
    const key = `data/${randomUUID()}.json`;
    await site.put(object(key, '1'), { ifNoneMatch: '*' });
    await expect(site.put(object(key, '2'), { ifNoneMatch: '*' })).rejects.toBeInstanceOf(SiteConflictError);
    expect((await site.read(key))?.body).toBe('1');
  });

  it('refuses If-Match with an ETag the object no longer has, and takes the current one', async () => {
    const site = new S3SiteBucket({ s3, bucket });
    const key = `data/${randomUUID()}.json`;
    await site.put(object(key, 'first'));
    const first = await site.read(key);
    await site.put(object(key, 'second'), { ifMatch: first?.etag ?? '' });
    await expect(site.put(object(key, 'third'), { ifMatch: first?.etag ?? '' })).rejects.toBeInstanceOf(
      SiteConflictError,
    );
    const second = await site.read(key);
    expect(second?.body).toBe('second');
    await site.put(object(key, 'third'), { ifMatch: second?.etag ?? '' });
    expect((await site.read(key))?.body).toBe('third');
  });

  it('refuses If-Match on a key that is gone (S3 answers 404): it changed since it was read', async () => {
    const site = new S3SiteBucket({ s3, bucket });
    const key = `data/${randomUUID()}.json`;
    await expect(
      site.put(object(key, 'x'), { ifMatch: '"0123456789abcdef0123456789abcdef"' }),
    ).rejects.toBeInstanceOf(SiteConflictError);
    const raw = await s3
      .send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: 'x',
          IfMatch: '"0123456789abcdef0123456789abcdef"',
        }),
      )
      .catch((e: unknown) => e);
    expect(raw).toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect(await site.read(key)).toBeUndefined();
  });

  it('lets exactly one of 20 writers holding the same ETag win; the others are refused and nothing is lost', async () => {
    const site = new S3SiteBucket({ s3, bucket });
    const key = `data/${randomUUID()}.ndjson`;
    await site.put(object(key, ''));
    const seen = await site.read(key);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        site.put(object(key, `line ${i}\n`), { ifMatch: seen?.etag ?? '' }),
      ),
    );
    const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(SiteConflictError);
    expect((await site.read(key))?.body).toBe(`line ${won[0]}\n`);
  });
});
