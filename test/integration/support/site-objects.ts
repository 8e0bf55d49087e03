/**
 * Every object of the site bucket with its text (the tiled log's as `crawlText` reads them), read through the production adapter: it lists with markers
 * (ListObjects), which the local S3 server pages correctly past 1 000 keys, unlike its version-2 tokens.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { S3SiteBucket } from '../../../shared/adapters/s3/site-bucket.ts';
import { TLOG_PREFIX } from '../../../shared/site/keys.ts';
import { crawlText } from '../../fixtures/site-text.ts';

export async function allSiteObjects(s3: S3Client, bucket: string): Promise<Map<string, string>> {
  const site = new S3SiteBucket({ s3, bucket });
  const objects = new Map<string, string>();
  for await (const key of site.list('')) {
    if (key.startsWith(`${TLOG_PREFIX}tile/`)) {
      // ADR 0021: bytes, not text: an entry bundle's lines as text, a tile (hashes) not at all.
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
      const bytes = await out?.Body?.transformToByteArray();
      const text = bytes && crawlText(key, bytes);
      if (text !== undefined) objects.set(key, text);
      continue;
    }
    const object = await site.read(key);
    // Listed, then removed by a publication meanwhile: it is not on the site any more.
    if (object) objects.set(key, object.body);
  }
  return objects;
}
