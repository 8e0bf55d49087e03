/**
 * The arguments of `npm run rebuild-site` (rebuild-site.ts): which site it rebuilds, the local platform's
 * or a deployed stage's. Pure, so the choice and its usage errors are tested without starting anything.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../cli.ts';
import { LOCAL_SITE_BUCKET, LOCAL_TABLE_NAME } from './platform.ts';

export const REBUILD_USAGE = `usage: npm run rebuild-site
       npm run rebuild-site -- --table NAME --bucket BUCKET --site-url URL [--api-url URL]

Rebuilds the public site from the records in the table, for disaster recovery. Every object the rebuild
does not write is deleted from the bucket (but for the heartbeat and the scorecard); it refuses to empty a
bucket that holds pages when the table holds no published decision.

Without options: the local site, the bucket ${LOCAL_SITE_BUCKET} from the table ${LOCAL_TABLE_NAME}, under
$GONGSHI_DATA_DIR (default .data). It starts DynamoDB Local and the S3 server there itself: stop
\`npm start\` first. The site's address in feeds and sitemaps is $SITE_URL, else
http://127.0.0.1:$SITE_PORT (default 3001), and the correction forms post to $API_URL, else
http://127.0.0.1:$API_PORT (default 3000), as for \`npm start\`.

On AWS, the three options together, from a stage's stack outputs:
  --table NAME       TableName of Gongshi-<stage>-data
  --bucket BUCKET    SiteBucketName of Gongshi-<stage>-app
  --site-url URL     SiteUrl of Gongshi-<stage>-app (https://…/): the address in feeds and sitemaps
  --api-url URL      PublicApiUrl of Gongshi-<stage>-app (https://…/public/), optional: where every decision
                     page's correction form posts (R9), through the web ACL; without it the pages carry
                     only the link to correction.html
It starts nothing locally and uses the default AWS credential chain (AWS_PROFILE, an SSO profile after
\`aws sso login\`, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and region (AWS_REGION, else the
profile's). The credentials need dynamodb:Scan, dynamodb:GetItem and dynamodb:Query on the table, and
s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on the bucket.

  -h, --help         this text
Exit status: 0 rebuilt; 1 failed; 2 bad arguments.`;

export type RebuildArgs =
  | { readonly mode: 'help' }
  /** The local platform's table and bucket, under the data folder. */
  | { readonly mode: 'local'; readonly dataDir: string; readonly siteUrl: string; readonly apiUrl: string }
  /** A deployed stage's table and site bucket, with the default AWS credentials and region. */
  | {
      readonly mode: 'aws';
      readonly tableName: string;
      readonly bucket: string;
      readonly siteUrl: string;
      readonly apiUrl?: string;
    };

const AWS_OPTIONS = ['table', 'bucket', 'site-url'] as const;

/**
 * Which site `npm run rebuild-site` rebuilds, from its arguments (without node and the script) and, for the
 * local site, the environment (GONGSHI_DATA_DIR, SITE_URL, SITE_PORT). Throws UsageError.
 */
export function parseRebuildArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): RebuildArgs {
  let values: { table?: string; bucket?: string; 'site-url'?: string; 'api-url'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        table: { type: 'string' },
        bucket: { type: 'string' },
        'site-url': { type: 'string' },
        'api-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { mode: 'help' };

  const given = AWS_OPTIONS.filter((option) => values[option] !== undefined);
  if (given.length === 0) {
    return {
      mode: 'local',
      dataDir: resolve(env.GONGSHI_DATA_DIR || '.data'),
      siteUrl: env.SITE_URL || `http://127.0.0.1:${env.SITE_PORT || '3001'}`,
      apiUrl: env.API_URL || `http://127.0.0.1:${env.API_PORT || '3000'}/`,
    };
  }
  if (given.length < AWS_OPTIONS.length) {
    const missing = AWS_OPTIONS.filter((option) => values[option] === undefined);
    throw new UsageError(
      `--table, --bucket and --site-url go together (a deployed stage's site): missing ${missing
        .map((option) => `--${option}`)
        .join(' and ')}`,
    );
  }
  const { table = '', bucket = '', 'site-url': siteUrl = '' } = values;
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(table)) {
    throw new UsageError(
      `--table: ${JSON.stringify(table)} is not a DynamoDB table name (stack output TableName)`,
    );
  }
  // S3 bucket naming rules; catches s3://… and ARNs given for the name.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new UsageError(
      `--bucket: ${JSON.stringify(bucket)} is not an S3 bucket name (stack output SiteBucketName)`,
    );
  }
  const apiUrl = values['api-url'];
  return {
    mode: 'aws',
    tableName: table,
    bucket,
    siteUrl: checkSiteUrl(siteUrl),
    ...(apiUrl === undefined ? {} : { apiUrl: checkSiteUrl(apiUrl, '--api-url', 'PublicApiUrl') }),
  };
}

/** The site's (or API's) public address, as pages print it: https, no query or fragment, ending in `/`. */
function checkSiteUrl(value: string, option = '--site-url', output = 'SiteUrl'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `${option}: ${JSON.stringify(value)} is not a URL (stack output ${output}, https://…/)`,
    );
  }
  if (url.protocol !== 'https:') {
    throw new UsageError(`${option}: ${value} must be an https:// address (stack output ${output})`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new UsageError(`${option}: ${value} must be the address alone, without query or fragment`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}
