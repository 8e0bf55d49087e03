/**
 * Every object of the site bucket with its text, read through the production adapter: it lists with markers
 * (ListObjects), which the local S3 server pages correctly past 1 000 keys, unlike its version-2 tokens.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { S3SiteBucket } from '../../../shared/adapters/s3/site-bucket.ts';

export async function allSiteObjects(s3: S3Client, bucket: string): Promise<Map<string, string>> {
  const site = new S3SiteBucket({ s3, bucket });
  const objects = new Map<string, string>();
  for await (const key of site.list('')) {
    const object = await site.read(key);
    // Listed, then removed by a publication meanwhile: it is not on the site any more.
    if (object) objects.set(key, object.body);
  }
  return objects;
}
