/**
 * `npm run cost [-- --views N --year K --region R]`: what a year of Gongshi costs on AWS at 10 000 to 10 000 000
 * decisions a year, as Markdown, with the assumptions under the tables, in us-east-1 dollars or, with
 * `--region cn-northwest-1`, in Ningxia yuan. The model and the price tables are shared/cost-model.ts.
 */

import {
  API_ACCESS_LOG_BYTES,
  API_FUNCTION,
  CLOUDFRONT_MAX_COMPRESSED_BYTES,
  CN_NORTHWEST_1_LIST_PRICES,
  CNY_PER_USD_ASSUMED,
  CURRENCY_SYMBOLS,
  CUSTOM_METRIC_COUNT,
  DEFAULT_AGENCY_COUNT,
  DEFAULT_COUNTS,
  DEFAULT_NATURAL_PERSON_SHARE,
  DEFAULT_PRICE_REGION,
  estimateYearlyCost,
  LIFECYCLE_STEPS,
  LOG_BYTES_PER_INVOCATION,
  NONCURRENT_VERSION_DAYS,
  PRICE_REGIONS,
  type PriceRegion,
  PUBLISHER,
  REFERENCE_YEAR,
  SCHEDULED_RUN,
  SCORECARD_PER_READ,
  SCORECARD_READS_PER_DECISION,
  SERVICE_LABELS,
  SERVICES,
  type YearlyCost,
} from '../shared/cost-model.ts';
import { FUNCTION_NAMES } from '../shared/manifest.ts';
import { ALARMS, SCHEDULES } from '../shared/schedules.ts';
import { parseCommandLine } from './cli.ts';

const VOLUMES = [10_000, 100_000, 1_000_000, 10_000_000];
/** The timeouts infra/function-catalog.ts gives the publisher and the scorecard. */
const PUBLISHER_TIMEOUT_S = 60;
const SCORECARD_TIMEOUT_S = 300;

const REGIONS = Object.keys(PRICE_REGIONS) as PriceRegion[];

const USAGE = `usage: npm run cost [-- --views N --year K --region R]
What a year of Gongshi costs on AWS at ${VOLUMES.map((v) => v.toLocaleString('en')).join(', ')} decisions a year, as Markdown.
  --views N    public page views per published decision (default 20)
  --year K     which year of operation, as history builds up (default 1)
  --region R   whose list prices: ${REGIONS.join(' or ')} (default ${DEFAULT_PRICE_REGION})`;

const { values } = parseCommandLine('cost', USAGE, {
  options: {
    views: { type: 'string', default: '20' },
    year: { type: 'string', default: '1' },
    region: { type: 'string', default: DEFAULT_PRICE_REGION },
  },
});
const views = Number(values.views);
const year = Number(values.year);
const regionName = values.region;
if (!(views >= 0) || !Number.isInteger(year) || year < 1 || !(regionName in PRICE_REGIONS)) {
  console.error(
    `usage: npm run cost -- [--views PUBLIC_VIEWS_PER_DECISION] [--year YEAR_OF_OPERATION] [--region ${REGIONS.join('|')}]`,
  );
  process.exit(2);
}
const region = PRICE_REGIONS[regionName as PriceRegion];
const PRICES = region.prices;
const inChina = regionName !== DEFAULT_PRICE_REGION;

const estimate = (decisionsPerYear: number, yearOfOperation = year): YearlyCost =>
  estimateYearlyCost(
    {
      decisionsPerYear,
      publicViewsPerDecision: views,
      functionCount: FUNCTION_NAMES.length,
      yearOfOperation,
      tracedShare: region.tracedShare,
    },
    DEFAULT_COUNTS,
    PRICES,
  );

/** The region's currency sign: `$` for us-east-1, `¥` for Ningxia. */
const sign = CURRENCY_SYMBOLS[PRICES.currency];
const money = (amount: number) =>
  amount >= 100
    ? `${sign}${Math.round(amount).toLocaleString('en-US')}`
    : `${sign}${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const count = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const mb = (bytes: number) => `${count(bytes / 1024 ** 2, bytes < 10 * 1024 ** 2 ? 1 : 0)} MB`;
const gb = (g: number) => `${count(g, g < 10 ? 1 : 0)} GB`;
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[], right = true) =>
  [
    row(head),
    row(head.map((_, i) => (right && i > 0 ? '---:' : '---'))),
    ...rows.map((cells) => row(cells)),
  ].join('\n');

const out: string[] = [];
const estimates = VOLUMES.map((n) => estimate(n));

out.push(
  `# Gongshi: yearly AWS cost${inChina ? ` in ${region.name}, ${regionName}, in ${PRICES.currency}` : ''} (year ${year} of operation, ${views} public views per decision)`,
  '',
  table(
    ['Decisions / year', ...SERVICES.map((s) => SERVICE_LABELS[s]), 'Total / year', 'Total, year 5'],
    estimates.map((e) => [
      count(e.decisionsPerYear),
      ...SERVICES.map((s) => money(e.services[s].total)),
      `**${money(e.total)}**`,
      money(estimate(e.decisionsPerYear, 5).total),
    ]),
  ),
  '',
  '## Where the money goes',
  '',
  table(
    [
      'Decisions / year',
      'Per decision (linear)',
      'Fixed',
      'Listing-part rewrites (bounded)',
      'Per decision, all in',
      'DynamoDB at year end',
      'Site at year end',
    ],
    estimates.map((e) => [
      count(e.decisionsPerYear),
      money(e.perDecision),
      money(e.fixed),
      money(e.listingParts),
      `${sign}${(e.total / e.decisionsPerYear).toFixed(5)}`,
      gb(e.storage.dynamoDbGb),
      gb(e.storage.siteGb),
    ]),
  ),
  '',
  '## Where the design stops scaling (not costs: limits)',
  '',
  table(
    [
      'Decisions / year',
      'Listing parts a month',
      'Rewritten per publish (one part)',
      `Publisher s per publish (timeout ${PUBLISHER_TIMEOUT_S})`,
      `Scorecard reads per run, est. s (timeout ${SCORECARD_TIMEOUT_S})`,
      'A code or name search reads (ADR 0017)',
      'Filters alone over one year download',
    ],
    estimates.map((e) => {
      const m = e.partRewrite;
      const publisherSeconds = PUBLISHER.durationMs / 1000 + m.extraPublisherSecondsPerEvent;
      const scorecardReads = (e.decisionsPerYear * SCORECARD_READS_PER_DECISION) / 365;
      const scorecardSeconds = (scorecardReads * SCORECARD_PER_READ.durationMs) / 1000;
      const compressed = m.ndjsonBytesPerPart <= CLOUDFRONT_MAX_COMPRESSED_BYTES;
      return [
        count(e.decisionsPerYear),
        count(m.partsPerMonth),
        mb(m.bytesRewrittenPerEvent),
        count(publisherSeconds, 1),
        `${count(scorecardReads)} reads, ${count(scorecardSeconds)} s`,
        '≤ 3 objects, ≤ 50 KB',
        `${mb(12 * m.ndjsonBytesPerMonth)}${compressed ? ' (before compression)' : ' (uncompressed: parts > 10 MB)'}`,
      ];
    }),
  ),
  '',
  '## One decision, step by step (`LIFECYCLE_STEPS`)',
  '',
  table(
    ['Step', 'WRU', 'RRU', 'S3 PUT', 'S3 GET', 'Invocations', 'GB-s', 'API requests'],
    [
      ...LIFECYCLE_STEPS.map((s) => [
        s.step,
        count(s.counts.dynamoWriteUnits, 2),
        count(s.counts.dynamoReadUnits, 2),
        count(s.counts.s3PutRequests),
        count(s.counts.s3GetRequests),
        count(s.counts.lambdaInvocations, 2),
        count(s.counts.lambdaGbSeconds, 3),
        count(s.counts.apiRequests, 2),
      ]),
      [
        '**total**',
        count(DEFAULT_COUNTS.dynamoWriteUnits, 2),
        count(DEFAULT_COUNTS.dynamoReadUnits, 2),
        count(DEFAULT_COUNTS.s3PutRequests),
        count(DEFAULT_COUNTS.s3GetRequests),
        count(DEFAULT_COUNTS.lambdaInvocations, 2),
        count(DEFAULT_COUNTS.lambdaGbSeconds, 3),
        count(DEFAULT_COUNTS.apiRequests, 2),
      ],
    ],
  ),
  '',
);

const fixed = estimates[0]?.fixedCounts;
out.push(
  '## Assumptions',
  '',
  `- Prices: ${PRICES.source}. DynamoDB ${sign}${PRICES.dynamoDb.perMillionWriteUnits}/M WRU, ${sign}${PRICES.dynamoDb.perMillionReadUnits}/M RRU, ${sign}${PRICES.dynamoDb.storagePerGbMonth}/GB-month, PITR ${sign}${PRICES.dynamoDb.pitrPerGbMonth}/GB-month; S3 ${sign}${PRICES.s3.perThousandPuts}/1000 PUT, ${sign}${PRICES.s3.perThousandGets}/1000 GET, ${sign}${PRICES.s3.storagePerGbMonth}/GB-month; Lambda arm64 ${sign}${PRICES.lambda.perGbSecond}/GB-s, ${sign}${PRICES.lambda.perMillionRequests}/M requests; HTTP API ${sign}${PRICES.apiGateway.perMillionRequests}/M; CloudFront ${sign}${PRICES.cloudFront.perGbOut}/GB, ${sign}${PRICES.cloudFront.perTenThousandHttpsRequests}/10 000 HTTPS requests; Scheduler ${sign}${PRICES.scheduler.perMillionInvocations}/M; CloudWatch alarm ${sign}${PRICES.cloudWatch.perAlarmMonth}/month, dashboard ${sign}${PRICES.cloudWatch.perDashboardMonth}/month, metric ${sign}${PRICES.cloudWatch.perMetricMonth}/month, logs ${sign}${PRICES.cloudWatch.perGbLogsIngested}/GB ingested; X-Ray ${sign}${PRICES.xRay.perMillionTraces}/M traces.`,
  '- Free tiers are ignored (the estimate errs high). 1 GB = 2^30 bytes.',
  `- One life per decision, steady state: submit (with an Idempotency-Key), the reviewer opens it once and sees it on a few list pages, approve, publish, the scorecard and deadline sweeps read it, the withdrawal sweep takes it down at expiry, the publisher removes it. The withdrawal is charged in the year of submission although it comes 2 or 5 years later.`,
  `- DynamoDB item sizes: META 4.5 KB (5 WRU), REV 2 KB, AUDIT 0.6 KB, guards 0.2 KB, transparency-log entry 0.55 KB and marker 0.15 KB (one each per publish and takedown); transactional writes count double, GSI entries (projection ALL) once per index written, twice when the index key changes. ${count(DEFAULT_COUNTS.dynamoWriteUnits)} WRU and ${count(DEFAULT_COUNTS.dynamoReadUnits)} RRU per decision; the daily scorecard reads each decision on ~${SCORECARD_READS_PER_DECISION} days and is ${Math.round((100 * (LIFECYCLE_STEPS.find((s) => s.step === 'scorecard')?.counts.dynamoReadUnits ?? 0)) / DEFAULT_COUNTS.dynamoReadUnits)}% of the reads.`,
  `- Storage per decision: ${count(DEFAULT_COUNTS.dynamoStorageBytes / 1024, 1)} KB in DynamoDB (table and the two GSIs it stays in), kept forever, ${count(DEFAULT_COUNTS.dynamoBackupBytes / 1024, 1)} KB of it under PITR; ${count(DEFAULT_COUNTS.siteStorageBytes / 1024, 1)} KB on the site while public: ${DEFAULT_NATURAL_PERSON_SHARE * 100}% about natural persons for 2 years, the rest 5 years.`,
  `- Versioned site bucket, noncurrent versions kept ${NONCURRENT_VERSION_DAYS} days (infra/constructs/site.ts): every publish and takedown leaves the old feeds, index and listing part behind (the part's files for a day only).`,
  `- Lambda on arm64: API functions ${API_FUNCTION.memoryMb} MB × ${API_FUNCTION.durationMs} ms; publisher ${PUBLISHER.memoryMb} MB × ${PUBLISHER.durationMs} ms per publish or takedown plus ${count(DEFAULT_COUNTS.partRewrite.publisherMsPerEntry, 2)} ms per entry already in the listing part it rewrites (at most about ${DEFAULT_COUNTS.partRewrite.partSize}, ADR 0009); scorecard ${SCORECARD_PER_READ.memoryMb} MB × ${SCORECARD_PER_READ.durationMs} ms per decision read. One invocation per stream record (batching would lower the request count, not the GB-s).`,
  `- Schedules (${REFERENCE_YEAR} calendar, Asia/Shanghai): ${count(fixed?.schedulerInvocations ?? 0)} invocations a year; ${SCHEDULES.map((s) => `${s.name} ${SCHEDULED_RUN[s.function]?.memoryMb ?? '?'} MB × ${SCHEDULED_RUN[s.function]?.durationMs ?? '?'} ms`).join(', ')} per run with nothing due.`,
  `- CloudWatch: ${fixed?.alarms ?? 0} alarms (${ALARMS.length} platform alarms, errors and throttles for ${FUNCTION_NAMES.length} functions, the on-failure queue, 5xx of both APIs, the web ACL's rate rule), 1 dashboard, ${CUSTOM_METRIC_COUNT} custom metrics, ${LOG_BYTES_PER_INVOCATION} bytes of logs per invocation and ${API_ACCESS_LOG_BYTES} per API access-log line; ${DEFAULT_AGENCY_COUNT} agencies on the scorecard.`,
  inChina
    ? '- X-Ray: not counted: X-Ray integration with Lambda functions is not available in the China Regions, so the stage there traces nothing (docs/deploy-china.md).'
    : `- X-Ray: active tracing on every function, every invocation traced (the default sampling records 1 a second plus 5%, so above ~1 invocation a second this is high).`,
  `- Public readership: ${views} views per decision page, each ${DEFAULT_COUNTS.perPublicView.cloudFrontRequests} CloudFront requests and ${count(DEFAULT_COUNTS.perPublicView.cloudFrontBytesOut / 1000)} KB out, ${DEFAULT_COUNTS.perPublicView.s3GetRequests} S3 GETs (pages are cached 60 s, so nearly every view reaches the bucket). Index, feeds, month pages, crawlers and searches are not counted.`,
  `- Not counted: Cognito, Route 53, the public routes' WAF web ACL (a monthly charge per ACL and per rule or rule group, and per million requests) and their REST API's higher price per request, the KMS key of the alarm topic, SNS, SQS, S3 and CloudFront access-log storage, CloudWatch Logs storage, table exports to the archive bucket, compliance reports, corrections, the transparency-log signing key in Secrets Manager (${money(PRICES.secretsManager.perSecretMonth)} a month) and the log's site storage (~0.8 KB a decision, kept for good).`,
  ...(inChina
    ? [
        `- ${region.name}: China list prices (www.amazonaws.cn, one figure for Beijing and Ningxia or for China, no date given) for ${Object.values(CN_NORTHWEST_1_LIST_PRICES).join(', ')}; every other price above is the us-east-1 list price × ${CNY_PER_USD_ASSUMED} (an assumed rate, CNY_PER_USD_ASSUMED in shared/cost-model.ts), not a China list price, none having been found for it: those are an order of magnitude, not a quote. Lambda is priced as arm64, which is not confirmed in the China Regions (x86_64 costs more per GB-s). The same operations are counted as in us-east-1; what the China stage runs differently is in docs/deploy-china.md.`,
      ]
    : []),
  '',
);

console.log(out.join('\n'));
