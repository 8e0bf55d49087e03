/**
 * The publisher's composition root: the HTTP dependencies plus the site bucket, the site's address and the
 * transparency log (in the same table).
 */

import { S3Client } from '@aws-sdk/client-s3';
import { DynamoTransparencyLog } from '../../shared/adapters/dynamodb/transparency-log.ts';
import { S3SiteBucket } from '../../shared/adapters/s3/site-bucket.ts';
import type { PublisherDependencies } from '../../shared/app/publish.ts';
import { client, deps, env as tableEnv } from './dependencies.ts';
import { optional, readEnv, required } from './env.ts';
import { siteConfigOf } from './links.ts';
import { logger } from './observability.ts';

const env = readEnv({
  SITE_BUCKET: required(),
  /** The public address of the site (CloudFront, or the local site server), for feeds and sitemaps. */
  SITE_URL: required(),
  /** R9: the API's public address, which every decision page's correction form posts to. */
  API_URL: optional(),
  GONGSHI_S3_ENDPOINT: optional(),
});

// s3rver (locally) needs path-style addressing and no checksums it does not understand: only the ones S3
// requires, not the SDK's default ones.
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
  // R4 (ADR 0012): the decision and where and what the gate found, never the value.
  onPersonalDataBlocked: (id, findings) => {
    logger.error('not published: the publish gate found personal data', {
      id,
      findings: findings.map((f) => ({ key: f.key, kind: f.kind })),
    });
  },
};
