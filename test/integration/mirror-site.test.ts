/**
 * ADR 0024: the portal's copy of the site (aws-cn without an ICP-filed domain), made from the S3 server as it
 * would be from the site bucket: the same bytes (binary tiles included), and a withdrawn page gone on the next run.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localS3Config } from '../../infra/local/aws-config.ts';
import { MIRROR_MANIFEST, mirrorSite, pathOf } from '../../infra/mirror.ts';

let s3: S3Client;
const bucket = `mirror-${randomUUID().slice(0, 8)}`;
const dir = mkdtempSync(join(tmpdir(), 'gongshi-mirror-'));
const tile = Uint8Array.from({ length: 256 }, (_, i) => (i * 151) % 256);

const put = (Key: string, Body: string | Uint8Array, ContentType = 'text/html; charset=utf-8') =>
  s3.send(
    new PutObjectCommand({ Bucket: bucket, Key, Body, ContentType, CacheControl: 'public, max-age=60' }),
  );

beforeAll(async () => {
  s3 = new S3Client(localS3Config(inject('s3Endpoint')));
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await put('index.html', '<!doctype html><title>行政执法决定公示</title>');
  await put('decisions/d-1.html', '<p>决定一</p>');
  await put('decisions/d-2.html', '<p>决定二</p>');
  await put('decisions/d-2.json', '{"id":"d-2"}', 'application/json');
  await put('tlog/tile/0/000', tile, 'application/octet-stream');
}, 60_000);
afterAll(() => {
  s3?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const files = () =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();

describe('the mirror of the site', () => {
  it('copies every object byte for byte, with their types in the manifest', async () => {
    const report = await mirrorSite({ s3, bucket, dir });
    expect(report.written).toHaveLength(5);
    expect(files()).toEqual(
      [
        MIRROR_MANIFEST,
        'decisions/d-1.html',
        'decisions/d-2.html',
        'decisions/d-2.json',
        'index.html',
        'tlog/tile/0/000',
      ].sort(),
    );
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe(
      '<!doctype html><title>行政执法决定公示</title>',
    );
    expect(new Uint8Array(readFileSync(join(dir, 'tlog/tile/0/000')))).toEqual(tile);
    const manifest = JSON.parse(readFileSync(join(dir, MIRROR_MANIFEST), 'utf8'));
    expect(manifest.objects['decisions/d-2.json']).toMatchObject({
      contentType: 'application/json',
      cacheControl: 'public, max-age=60',
    });
  });

  it('on the next run writes only what changed and removes what the bucket no longer holds (a withdrawal)', async () => {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'decisions/d-2.html' }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'decisions/d-2.json' }));
    await put('index.html', '<!doctype html><title>行政执法决定公示（更新）</title>');
    const report = await mirrorSite({ s3, bucket, dir });
    expect(report.written).toEqual(['index.html']);
    expect([...report.removed].sort()).toEqual(['decisions/d-2.html', 'decisions/d-2.json']);
    expect(report.unchanged).toBe(2);
    expect(files()).not.toContain('decisions/d-2.html');
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('更新');
  });

  it('puts back a file someone changed in the folder, whatever the manifest says', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'decisions/d-1.html'), '<p>篡改</p>');
    const report = await mirrorSite({ s3, bucket, dir });
    expect(report.written).toEqual(['decisions/d-1.html']);
    expect(readFileSync(join(dir, 'decisions/d-1.html'), 'utf8')).toBe('<p>决定一</p>');
  });

  it('never writes outside its folder, nor over its manifest', () => {
    expect(pathOf(dir, '../escape.html')).toBeUndefined();
    expect(pathOf(dir, '/etc/passwd')).toBeUndefined();
    expect(pathOf(dir, MIRROR_MANIFEST)).toBeUndefined();
    expect(pathOf(dir, 'a/../../b')).toBeUndefined();
    expect(pathOf(dir, 'decisions/')).toBeUndefined();
  });
});
