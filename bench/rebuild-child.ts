/**
 * Row 7, in a process of its own so that its peak memory is its own: the full rebuild of the site
 * (shared/app/rebuild-site.ts) through the publisher's composition root, as `npm run rebuild-site` runs it.
 * Reads its target as JSON from argv, draws its progress on stderr, prints one JSON line of results.
 */
import { DynamoDecisionStore } from '../shared/adapters/dynamodb/decision-store.ts';
import { rebuildSite } from '../shared/app/rebuild-site.ts';
import { countDynamo, emptyDynamoCounts } from './counting.ts';
import { progressBar } from './progress.ts';
import { countingSite, emptySiteCounts } from './site-counter.ts';

export interface RebuildTarget {
  readonly dynamoEndpoint: string;
  readonly s3Endpoint: string;
  readonly tableName: string;
  readonly siteBucket: string;
  readonly siteUrl: string;
}

const target = JSON.parse(process.argv[2] ?? '{}') as RebuildTarget;
Object.assign(process.env, {
  TABLE_NAME: target.tableName,
  SITE_BUCKET: target.siteBucket,
  SITE_URL: target.siteUrl,
  API_URL: 'http://127.0.0.1:3000/',
  GONGSHI_DYNAMODB_ENDPOINT: target.dynamoEndpoint,
  GONGSHI_S3_ENDPOINT: target.s3Endpoint,
});
const { publisherDeps } = await import('../functions/lib/publisher.ts');
const { client } = await import('../functions/lib/ports/table.ts');
const dynamo = emptyDynamoCounts();
countDynamo(client.dynamo, () => dynamo);
const site = emptySiteCounts();
const { store } = publisherDeps;
if (!(store instanceof DynamoDecisionStore)) throw new Error('the publisher does not use the DynamoDB store');

const started = performance.now();
let bar: ReturnType<typeof progressBar> | undefined;
const report = await rebuildSite(
  { ...publisherDeps, site: countingSite(publisherDeps.site, site), scanner: store },
  {
    onProgress: (done, total) => {
      bar ??= progressBar('site rebuild', total);
      bar.update(done);
    },
  },
);
bar?.end();
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({
    ms,
    report,
    site,
    dynamo: { ...dynamo, requests: Object.fromEntries(dynamo.requests) },
    // Kilobytes, as getrusage reports it.
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
client.destroy();
