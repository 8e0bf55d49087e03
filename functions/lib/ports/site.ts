/** The `site` port: the public site bucket and the site's addresses (for feeds, sitemaps and R9's forms). */
import { lazyS3Client, s3ConfigFor } from '../../../shared/adapters/s3/client.ts';
import { S3SiteBucket } from '../../../shared/adapters/s3/site-bucket.ts';
import { ENV } from '../../../shared/manifest.ts';
import type { SiteBucket } from '../../../shared/ports.ts';
import type { SiteConfig } from '../../../shared/site/types.ts';
import { optional, readEnv, required } from '../env.ts';
import { siteConfigOf } from '../links.ts';

const env = readEnv({
  [ENV.SITE_BUCKET]: required(),
  /** The public address of the site (CloudFront, or the local site server), for feeds and sitemaps. */
  [ENV.SITE_URL]: required(),
  /** R9: the API's public address, which every decision page's correction form posts to. */
  [ENV.API_URL]: optional(),
  [ENV.S3_ENDPOINT]: optional(),
});

// Built on the first read or write of the site, not at init: loading the S3 SDK is the largest part of these
// functions' cold start (ADR 0008), and a run that finds nothing to write (a sweep with nothing due) never pays
// it. s3rver (locally) needs path-style addressing and no checksums it does not understand: only the ones S3
// requires, not the SDK's default ones.
const endpoint = env[ENV.S3_ENDPOINT];
const s3 = lazyS3Client(s3ConfigFor(endpoint));

export const site: SiteBucket = new S3SiteBucket({ s3, bucket: env[ENV.SITE_BUCKET] });
export const siteConfig: SiteConfig = siteConfigOf({
  SITE_URL: env[ENV.SITE_URL],
  ...(env[ENV.API_URL] ? { API_URL: env[ENV.API_URL] } : {}),
});
