/**
 * The publisher's composition root: the HTTP dependencies plus the site bucket, the site's address and the
 * transparency log (in the same table).
 */
import { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod/mini';
import { DynamoTransparencyLog } from '../../shared/adapters/dynamodb/transparency-log.ts';
import { S3SiteBucket } from '../../shared/adapters/s3/site-bucket.ts';
import type { PublisherDependencies } from '../../shared/app/publish.ts';
import { client, deps, env as tableEnv } from './dependencies.ts';
import { siteConfigOf } from './links.ts';

const Env = z.object({
  SITE_BUCKET: z.string().check(z.minLength(1)),
  /** The public address of the site (CloudFront, or the local site server), for feeds and sitemaps. */
  SITE_URL: z.string().check(z.minLength(1)),
  /** R9: the API's public address, which every decision page's correction form posts to. */
  API_URL: z.optional(z.string().check(z.minLength(1))),
  GONGSHI_S3_ENDPOINT: z.optional(z.string().check(z.minLength(1))),
});

const env = z.parse(Env, process.env);

// s3rver (locally) needs path-style addressing and no checksums it does not understand (STACK.md).
const s3 = new S3Client(
  env.GONGSHI_S3_ENDPOINT
    ? {
        endpoint: env.GONGSHI_S3_ENDPOINT,
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }
    : {},
);

export const publisherDeps: PublisherDependencies = {
  ...deps,
  site: new S3SiteBucket({ s3, bucket: env.SITE_BUCKET }),
  siteConfig: siteConfigOf(env),
  log: new DynamoTransparencyLog({ client, tableName: tableEnv.TABLE_NAME }),
};
