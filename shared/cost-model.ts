/**
 * What Gongshi costs to run on AWS, as a pure function of how many decisions pass through it a year.
 *
 * One decision's life (submit → review → approve → publish → public reads → withdrawal at expiry) is counted
 * operation by operation from the code (`LIFECYCLE_STEPS`, summed into `DEFAULT_COUNTS`); the schedules,
 * alarms, dashboard and metrics are a fixed cost; a price table turns both into money: `PRICES` (us-east-1, dollars)
 * or `PRICES_CN_NORTHWEST_1` (Ningxia, yuan; see `PRICE_REGIONS`). `OperationCounts` is plain
 * data, so a benchmark that measures the operations (`npm run bench`) can pass its own numbers to `estimateYearlyCost`.
 *
 * No AWS SDK, no clock: everything that varies is an argument or a named constant below.
 */
import { ALARMS, SCHEDULES } from './schedules.ts';
import { LISTING_PART_SIZE, SITE_VERSIONS } from './site/keys.ts';

// ---- prices ----------------------------------------------------------------------------------------------

export type Currency = 'USD' | 'CNY';

/** One region's list prices, in the currency that region bills in, for what Gongshi runs. */
export interface Prices {
  readonly currency: Currency;
  readonly source: string;
  readonly dynamoDb: {
    readonly perMillionWriteUnits: number;
    readonly perMillionReadUnits: number;
    readonly storagePerGbMonth: number;
    readonly pitrPerGbMonth: number;
  };
  readonly s3: {
    readonly perThousandPuts: number;
    readonly perThousandGets: number;
    readonly storagePerGbMonth: number;
  };
  readonly lambda: { readonly perGbSecond: number; readonly perMillionRequests: number };
  readonly apiGateway: { readonly perMillionRequests: number };
  readonly cloudFront: { readonly perGbOut: number; readonly perTenThousandHttpsRequests: number };
  readonly scheduler: { readonly perMillionInvocations: number };
  readonly cloudWatch: {
    readonly perAlarmMonth: number;
    readonly perDashboardMonth: number;
    readonly perGbLogsIngested: number;
    readonly perMetricMonth: number;
  };
  readonly xRay: { readonly perMillionTraces: number };
  /** Not in the estimate (one secret whatever the decisions): printed among what is not counted. */
  readonly secretsManager: { readonly perSecretMonth: number };
}

/**
 * US East (N. Virginia, us-east-1) list prices from the public AWS price pages as they stood in 2025 (DynamoDB
 * on-demand after the 1 November 2024 cut), on-demand, no savings plans. Written down from those pages, not
 * fetched: check the pages before quoting a figure. Free tiers are ignored, so the estimate errs high.
 */
export const PRICES = {
  currency: 'USD',
  source:
    'AWS public price pages, us-east-1 (N. Virginia), list prices as of 2025 (DynamoDB on-demand after the November 2024 cut); free tiers ignored',
  dynamoDb: {
    /** On-demand, Standard table class. */
    perMillionWriteUnits: 0.625,
    perMillionReadUnits: 0.125,
    storagePerGbMonth: 0.25,
    /** Continuous backups (point-in-time recovery), on the size of the table without its GSIs. */
    pitrPerGbMonth: 0.2,
  },
  s3: {
    /** S3 Standard: PUT, COPY, POST, LIST. DELETE is free. */
    perThousandPuts: 0.005,
    /** S3 Standard: GET, SELECT and all other requests. */
    perThousandGets: 0.0004,
    storagePerGbMonth: 0.023,
  },
  lambda: {
    /** arm64 (Graviton), the first pricing tier (up to 7.5 billion GB-s a month). */
    perGbSecond: 0.0000133334,
    perMillionRequests: 0.2,
  },
  apiGateway: {
    /** HTTP API, the first 300 million requests a month. */
    perMillionRequests: 1.0,
  },
  cloudFront: {
    /** Data transfer out to the internet, United States/Europe, the first 10 TB a month. */
    perGbOut: 0.085,
    perTenThousandHttpsRequests: 0.01,
  },
  scheduler: {
    /** EventBridge Scheduler invocations (14 million a month free: ignored). */
    perMillionInvocations: 1.0,
  },
  cloudWatch: {
    /** A standard-resolution metric alarm. */
    perAlarmMonth: 0.1,
    perDashboardMonth: 3.0,
    /** Logs ingestion, standard log class. */
    perGbLogsIngested: 0.5,
    /** A custom metric (the first 10 000 a month). */
    perMetricMonth: 0.3,
  },
  xRay: {
    /** Traces recorded (100 000 a month free: ignored). */
    perMillionTraces: 5.0,
  },
  secretsManager: {
    /** The transparency log's signing key (ADR 0007). */
    perSecretMonth: 0.4,
  },
} as const satisfies Prices;

/**
 * CNY per USD, assumed: a round figure, not a quoted market or central-parity rate. It converts a us-east-1 price
 * only where the China list price was not found (the figures `PRICES_CN_NORTHWEST_1` does not name in
 * `CN_NORTHWEST_1_LIST_PRICES`); replace each with its China list price before quoting a yuan amount.
 */
export const CNY_PER_USD_ASSUMED = 7.2;

/** A us-east-1 price at `CNY_PER_USD_ASSUMED`, to six significant digits (no float noise in printed prices). */
const assumedCny = (usd: number): number => Number((usd * CNY_PER_USD_ASSUMED).toPrecision(6));

/**
 * The figures of `PRICES_CN_NORTHWEST_1` that are China list prices, by `service.figure`, with what `npm run cost`
 * calls them; every other figure is its us-east-1 counterpart at `CNY_PER_USD_ASSUMED`. The tests read this too.
 */
export const CN_NORTHWEST_1_LIST_PRICES = {
  'dynamoDb.perMillionWriteUnits': 'DynamoDB on-demand writes',
  'cloudFront.perGbOut': 'CloudFront data transfer out',
  'cloudFront.perTenThousandHttpsRequests': 'CloudFront HTTPS requests',
  'cloudWatch.perAlarmMonth': 'CloudWatch alarms',
  'cloudWatch.perMetricMonth': 'CloudWatch custom metrics',
} as const;
const listPriceNames = Object.values(CN_NORTHWEST_1_LIST_PRICES).join(', ');

/**
 * China (Ningxia, cn-northwest-1, operated by NWCD), in CNY: AWS in China is priced and billed in yuan
 * (https://docs.amazonaws.cn/en_us/aws/latest/userguide/billing-and-payment.html). Five figures are China list
 * prices from the price pages on www.amazonaws.cn, each with its page and the page's own unit; none of those pages
 * gives a separate Ningxia price (each quotes one figure for "China (Beijing) and China (Ningxia)" or for China
 * as a whole) and none says from when its prices apply. The other figures' pages were not found in the sources
 * this table was written from: each of those is its us-east-1 counterpart converted at `CNY_PER_USD_ASSUMED`, and
 * its comment and `source` say so. docs/deploy-china.md lists what a China deployment runs and does not (no X-Ray
 * on Lambda there).
 */
export const PRICES_CN_NORTHWEST_1 = {
  currency: 'CNY',
  source: `China (Ningxia, cn-northwest-1): China list prices from the www.amazonaws.cn price pages (which give no date) for ${listPriceNames}; every other figure not found and so the us-east-1 list price converted at an assumed ${CNY_PER_USD_ASSUMED} CNY per USD (CNY_PER_USD_ASSUMED), not a China price; free tiers ignored`,
  dynamoDb: {
    /**
     * China list price, https://www.amazonaws.cn/en/dynamodb/pricing/ ("Amazon DynamoDB On-Demand Capacity –
     * China (Beijing) and China (Ningxia) Regions ... Write requests: ¥ 11.1538 for e..."). The page's text as read
     * for this table breaks off after "for e"; per million write request units is the reading that fits the same
     * page's provisioned price, "¥ 0.058 for every 10 units of write capacity" an hour: both are 8.923 times their
     * us-east-1 counterparts as they stood before the November 2024 cut ($0.00065 a unit-hour, $1.25 a million).
     */
    perMillionWriteUnits: 11.1538,
    // Not found (the page's read price lies past where its text, as read, breaks off): us-east-1 × CNY_PER_USD_ASSUMED.
    perMillionReadUnits: assumedCny(PRICES.dynamoDb.perMillionReadUnits),
    // Not found: us-east-1 × CNY_PER_USD_ASSUMED.
    storagePerGbMonth: assumedCny(PRICES.dynamoDb.storagePerGbMonth),
    // Not found: us-east-1 × CNY_PER_USD_ASSUMED.
    pitrPerGbMonth: assumedCny(PRICES.dynamoDb.pitrPerGbMonth),
  },
  // Not found (no S3 price page for the China Regions in the sources): us-east-1 × CNY_PER_USD_ASSUMED.
  s3: {
    perThousandPuts: assumedCny(PRICES.s3.perThousandPuts),
    perThousandGets: assumedCny(PRICES.s3.perThousandGets),
    storagePerGbMonth: assumedCny(PRICES.s3.storagePerGbMonth),
  },
  // Not found: us-east-1 × CNY_PER_USD_ASSUMED (the arm64 price; that China offers arm64 Lambda is unconfirmed).
  lambda: {
    perGbSecond: assumedCny(PRICES.lambda.perGbSecond),
    perMillionRequests: assumedCny(PRICES.lambda.perMillionRequests),
  },
  // Not found: us-east-1 × CNY_PER_USD_ASSUMED.
  apiGateway: { perMillionRequests: assumedCny(PRICES.apiGateway.perMillionRequests) },
  // CloudFront China: four edge locations, an ICP-filed CNAME. One price for China, no Beijing or Ningxia one.
  cloudFront: {
    /**
     * China list price, https://www.amazonaws.cn/en/cloudfront/pricing/ ("Regional Data Transfer Out to Internet
     * ... Public (CNY/GB) ... 0-10 TB / Month CNY 0.30866").
     */
    perGbOut: 0.30866,
    /**
     * China list price, https://www.amazonaws.cn/en/cloudfront/pricing/ ("China (CNY/10,000 requests) ... HTTPS
     * Requests CNY 0.15"): already per 10 000.
     */
    perTenThousandHttpsRequests: 0.15,
  },
  // Not found: us-east-1 × CNY_PER_USD_ASSUMED.
  scheduler: { perMillionInvocations: assumedCny(PRICES.scheduler.perMillionInvocations) },
  cloudWatch: {
    /**
     * China list price, https://amazonaws.cn/cloudwatch/pricing ("Amazon CloudWatch 告警 – 中国(北京)和中国(宁夏)
     * 区域: 每个标准精度(60 秒)告警指标每月 ¥0.622", per standard-resolution alarm metric per month).
     */
    perAlarmMonth: 0.622,
    // Not found (the part of https://amazonaws.cn/cloudwatch/pricing read gives none): us-east-1 × CNY_PER_USD_ASSUMED.
    perDashboardMonth: assumedCny(PRICES.cloudWatch.perDashboardMonth),
    // Not found (likewise): us-east-1 × CNY_PER_USD_ASSUMED.
    perGbLogsIngested: assumedCny(PRICES.cloudWatch.perGbLogsIngested),
    /**
     * China list price, https://amazonaws.cn/cloudwatch/pricing ("Amazon CloudWatch 自定义指标 – 中国(北京)和
     * 中国(宁夏)区域: 前 10000 个指标,每个指标每月 ¥ 2.0000", the first 10 000 metrics, per metric per month).
     */
    perMetricMonth: 2.0,
  },
  // Not found: us-east-1 × CNY_PER_USD_ASSUMED. Unused: the China region stage traces nothing (`PRICE_REGIONS`).
  xRay: { perMillionTraces: assumedCny(PRICES.xRay.perMillionTraces) },
  // Not found: us-east-1 × CNY_PER_USD_ASSUMED.
  secretsManager: { perSecretMonth: assumedCny(PRICES.secretsManager.perSecretMonth) },
} as const satisfies Prices;

export const CURRENCY_SYMBOLS: Readonly<Record<Currency, string>> = { USD: '$', CNY: '¥' };

/**
 * The regions `npm run cost -- --region` prices, and what differs there besides the prices: X-Ray integration
 * with Lambda functions is not available in the China Regions
 * (https://docs.amazonaws.cn/en_us/aws/latest/userguide/lambda.html), so nothing is traced and nothing billed.
 */
export const PRICE_REGIONS = {
  'us-east-1': { name: 'US East (N. Virginia)', prices: PRICES, tracedShare: 1 },
  'cn-northwest-1': { name: 'China (Ningxia)', prices: PRICES_CN_NORTHWEST_1, tracedShare: 0 },
} as const satisfies Readonly<
  Record<string, { readonly name: string; readonly prices: Prices; readonly tracedShare: number }>
>;
export type PriceRegion = keyof typeof PRICE_REGIONS;
export const DEFAULT_PRICE_REGION: PriceRegion = 'us-east-1';

// ---- the sizes and times the counts are built from ----------------------------------------------------------

/** Storage is billed per GB of 2^30 bytes. */
export const BYTES_PER_GB = 1024 ** 3;
const KB = 1024;
/** A strongly consistent read unit covers 4 KB. */
const READ_UNIT_BYTES = 4 * KB;
const DAYS_PER_MONTH = 365 / 12;

/**
 * The decision's META item. The short test fixture measures 2.3–3.1 KB (decisionItem of
 * test/fixtures/decisions.ts); real facts and reasons add a paragraph or two of Chinese text (3 bytes a character)
 * to the `latest` revision it carries. 5 write units per write.
 */
export const DECISION_ITEM_BYTES = 4_500;
/** A REV# item: the fixture measures 0.55–0.63 KB; the same paragraphs of text make it ~2 KB. 2 write units. */
export const REVISION_ITEM_BYTES = 2_000;
/** An AUDIT# item (the hash-chained event, no content): measured 0.48–0.54 KB. 1 write unit. */
export const AUDIT_ITEM_BYTES = 600;
/** The case-number guard and the idempotency record: under 0.2 KB. 1 write unit. */
export const SMALL_ITEM_BYTES = 200;
/** An agency's PROFILE item (name and settings): under 4 KB, so a consistent GetItem is 1 read unit. */
export const AGENCY_ITEM_BYTES = 1_000;
/** DynamoDB bills 100 bytes of overhead per stored item, in the table and in each index. */
export const ITEM_OVERHEAD_BYTES = 100;
/** Audit events in one life: submit, approve, publish, withdraw (expired), confirm_takedown. */
export const AUDIT_EVENTS_PER_DECISION = 5;
/**
 * The transparency log's items per decision (ADR 0007): an entry and a marker for its publication and for its
 * takedown. An entry item (the hashed entry, keys, seq) measures ~0.55 KB, a marker ~0.15 KB; the head item is one
 * for the whole table. Each is 1 write unit, 2 in the append's transaction; kept forever, like the audit events.
 */
export const LOG_ENTRIES_PER_DECISION = 2;
export const LOG_ENTRY_ITEM_BYTES = 550;
export const LOG_MARKER_ITEM_BYTES = 150;

/** Submissions carry an Idempotency-Key (case systems retry): one consistent GetItem and one more item per submit. */
export const IDEMPOTENCY_KEY_SHARE = 1;
/** The reviewer opens the decision once (GET /v1/decisions/{id}) before approving it. */
export const REVIEW_SCREEN_READS = 1;
/** How many list pages (review queue, agency lists) show the decision over its life. */
export const LIST_APPEARANCES = 3;
/** Decisions per list page a client asks for. */
export const LIST_PAGE_SIZE = 20;
/**
 * Hourly deadline-sweep runs that read the decision's publishDue entry: only while it waits for publication within 2
 * working days of its deadline. Most are approved before; 12 is half a day's runs on average.
 */
export const DEADLINE_SWEEP_READS = 12;
/**
 * Daily scorecard runs that read the decision in full (a byAgency list entry and a consistent get): its decision
 * date lies in the 12-month window (350 days on average, the window starts on the first of a month). On as many
 * runs its publication lies in the window too: its activity item is read (a consistent Query of small items) and
 * the decision again (shared/app/scorecard.ts, the report's `activity`).
 */
export const SCORECARD_READS_PER_DECISION = 350;
/** Activity items per decision (R12: `PUB#` at its first publication, `WD#` at its withdrawal, expiry included). */
export const ACTIVITY_ITEMS_PER_DECISION = 2;

/** A Lambda function's memory and the duration one invocation is assumed to bill. */
export interface LambdaProfile {
  readonly memoryMb: number;
  readonly durationMs: number;
}

/** An API function (512 MB, infra/function-catalog.ts): a couple of DynamoDB round trips and JSON, ~100 ms. */
export const API_FUNCTION: LambdaProfile = { memoryMb: 512, durationMs: 100 };
/**
 * The publisher (1024 MB) publishing or taking down one decision: 4 S3 reads, 9 conditional S3 writes in order,
 * a DynamoDB query and transaction, ~1 s, plus the listing part it rewrites (bounded by its size): see `partRewrite`.
 */
export const PUBLISHER: LambdaProfile = { memoryMb: 1024, durationMs: 1_000 };
/**
 * ADR 0017: what the search index and the company page cost the first publication of a company and the takedown
 * of its last decision (the common case: most companies have one decision on the site). Reads: its search doc, its
 * company, the code buckets of its company and case number, and the name buckets of its name's grams (`NAME_GRAMS`:
 * an 11-character name such as 四平市鑫达化工有限公司 has 10 pairs and 9 runs of three); writes: the company's two pages, two code
 * buckets (JSON and page each), the name buckets and the doc; the takedown deletes them (DELETE is free). A later
 * publication of a known company reads 4 and writes 5 (no name bucket).
 */
const NAME_GRAMS = 19;
export const SEARCH_INDEX_S3 = {
  publish: { gets: 4 + NAME_GRAMS, puts: 7 + NAME_GRAMS },
  takedown: { gets: 4 + NAME_GRAMS, puts: 0 },
} as const;
/** The publisher woken by a record it ignores (the takedown confirmation also matches the stream filter). */
export const PUBLISHER_SKIP: LambdaProfile = { memoryMb: 1024, durationMs: 20 };
/** The scorecard (1024 MB) per decision read: 8 consistent gets in flight (~10 ms each) plus list paging. */
export const SCORECARD_PER_READ: LambdaProfile = { memoryMb: 1024, durationMs: 1.5 };
/** The withdrawal sweep (512 MB) per expired decision: its index entry, a transaction, 4 in flight. */
export const WITHDRAWAL_PER_DECISION: LambdaProfile = { memoryMb: 512, durationMs: 10 };

/**
 * A scheduled run with nothing (or little) due, per function of the schedule table: memory as
 * infra/function-catalog.ts sizes it, ~300 ms of queries; the scorecard renders and writes two pages.
 * The work per due decision is counted per decision above.
 */
export const SCHEDULED_RUN: Readonly<Record<string, LambdaProfile>> = {
  'withdrawal-sweep': { memoryMb: 512, durationMs: 300 },
  'deadline-sweep': { memoryMb: 512, durationMs: 300 },
  'recompute-deadlines': { memoryMb: 512, durationMs: 300 },
  'reconcile-sweep': { memoryMb: 1024, durationMs: 300 },
  'site-heartbeat': { memoryMb: 256, durationMs: 300 },
  scorecard: { memoryMb: 1024, durationMs: 2_000 },
  // Catch the site's log up, sign, write two small objects.
  'transparency-checkpoint': { memoryMb: 512, durationMs: 300 },
  // ADR 0022: one day's index partition read, one archive PUT, one log append (a few hundred events a day).
  'audit-export': { memoryMb: 1024, durationMs: 1_000 },
};
/** For a schedule row added later without a profile here. */
export const DEFAULT_SCHEDULED_RUN: LambdaProfile = { memoryMb: 1024, durationMs: 1_000 };

/**
 * DynamoDB read units a scheduled run spends when nothing is due: every Query costs at least one 4 KB unit,
 * halved for an eventually consistent index read. Reconcile and deadline sweeps query two partitions each.
 */
export const SCHEDULED_RUN_READ_UNITS: Readonly<Record<string, number>> = {
  'withdrawal-sweep': 0.5,
  'deadline-sweep': 1,
  // The loaded years (one consistent Query of the CALENDAR partition); a year not yet done is walked once.
  'recompute-deadlines': 1,
  // And the log's head (consistent GetItem), to see whether the site's log is behind.
  'reconcile-sweep': 2,
  'site-heartbeat': 0,
  // The log's head and the latest checkpoint (a one-item consistent Query).
  'transparency-checkpoint': 2,
  // Per agency: one report of the window, with its activity and inventory queries (see `fixedCounts`).
  scorecard: 0,
  // ADR 0022: the look-back's anchor marker (consistent GetItem), the log's head and the append's reads; the
  // day's events are counted per decision (the `audit export` step).
  'audit-export': 3,
};
/**
 * S3 requests of a scheduled run: the heartbeat writes heartbeat.json and reads feed.json; the scorecard reads
 * months.json and writes two objects; the reconcile sweep reads the log's head.json and writes it when the log grew
 * (counted as every run), with the chunk it reads and writes then counted by the publishes; the checkpoint reads head.json,
 * the public key and the two checkpoint files, and writes the two checkpoint files when the log grew (counted as
 * every run: an upper bound, as is its DynamoDB put of 1 write unit, left out as a cent a year); ADR 0021: it also
 * reads log.vkey and tlog/checkpoint and writes the tiled checkpoint and the new level-0 tile and entry bundle
 * (upper tiles once every 256 entries, left out). The proof files are counted per publication.
 */
export const SCHEDULED_RUN_S3: Readonly<Record<string, { readonly puts: number; readonly gets: number }>> = {
  'site-heartbeat': { puts: 1, gets: 1 },
  scorecard: { puts: 2, gets: 1 },
  'reconcile-sweep': { puts: 1, gets: 1 },
  'transparency-checkpoint': { puts: 5, gets: 6 },
};

/**
 * The decision's page and JSON (measured 4.3 KB and 0.9 KB with the fixture) plus the longer text in both.
 */
export const DECISION_PAGE_BYTES = 8_200;
/**
 * The decision's entry in its listing part's files: NDJSON 0.75 KB, CSV 0.36 KB, sitemap 0.12 KB and page 0.43 KB
 * measured (1.66 KB), plus the longer text in the NDJSON and CSV.
 */
export const MONTH_BYTES_PER_ENTRY = 4_700;
/** The NDJSON part of it, which the index's search script downloads per month of the year searched. */
export const NDJSON_BYTES_PER_ENTRY = 2_250;
/**
 * feed.json (latest 100), atom.xml and index.html (latest 50), rewritten by every publish and takedown: measured
 * 158 KB, 111 KB and 26 KB once the feeds are full.
 */
export const FEEDS_AND_INDEX_BYTES = 295_000;
/**
 * Publisher time per entry already in the listing part it rewrites: planning measured 0.03 ms per entry on a 2-core
 * x86 machine, doubled for a 1024 MB arm64 Lambda (about 0.6 vCPU), plus uploading 4.7 KB at ~80 MB/s.
 */
export const PUBLISHER_MS_PER_PART_ENTRY = 0.12;
/** Entries a listing part is started with at most (ADR 0009): what bounds the rewrite of a publish. */
export const PART_SIZE: number = LISTING_PART_SIZE;
/**
 * Objects a new listing part writes beyond an ordinary publish: the page of the part it follows (its "next" link),
 * `sitemap.xml`, `dataset.json` and `data/months.json`.
 */
export const NEW_PART_EXTRA_PUTS = 4;

/** ADR 0021: the proof file the checkpoint run writes for each publication and takedown it covers. */
export const PROOF_FILE_PUTS = 1;
/** CloudFront compresses objects of 1 000 to 10 000 000 bytes only; larger ones travel uncompressed. */
export const CLOUDFRONT_MAX_COMPRESSED_BYTES = 10_000_000;

/**
 * One public view of a decision page: the page and, for some visitors, the stylesheet or search script
 * (cached an hour). Pages are cached 60 s at the edge, so nearly every page view reaches S3.
 */
export const PUBLIC_VIEW = {
  cloudFrontRequests: 1.5,
  cloudFrontBytesOut: 15_000,
  s3GetRequests: 1.1,
} as const;

/** CloudWatch Logs per invocation: the JSON platform records, a Powertools line or two, the EMF metric blob. */
export const LOG_BYTES_PER_INVOCATION = 2_000;
/** An HTTP API access-log line. */
export const API_ACCESS_LOG_BYTES = 500;
/** Noncurrent versions kept by the versioned site bucket (SITE_VERSIONS, applied by infra/constructs/site.ts). */
export const NONCURRENT_VERSION_DAYS: number = SITE_VERSIONS.noncurrentDays;
/** The listing parts every publish rewrites keep their old versions for a day only. */
export const AGGREGATE_NONCURRENT_VERSION_DAYS: number = SITE_VERSIONS.aggregateNoncurrentDays;

/**
 * Distinct metrics the code emits (`addMetric` names in functions/ and shared/), each with the one `service`
 * dimension: one custom metric each.
 */
export const CUSTOM_METRIC_COUNT = 29;
/**
 * Alarms the monitoring stack adds besides ALARMS and two per function: the on-failure queue, API 5xx, the
 * public stage's 5xx and the web ACL's rate rule blocking (ADR 0016).
 */
export const EXTRA_ALARMS = 4;
/** The year whose calendar the schedule counts use (365 days; no clock is read). */
export const REFERENCE_YEAR = 2025;

// ---- operation counts ----------------------------------------------------------------------------------------

/**
 * Everything one decision's life costs in billable operations: plain numbers, so a benchmark can fill them.
 * Per decision, except `perPublicView` (per view of its page) and `monthRewrite` (rates per month entry).
 */
export interface OperationCounts {
  /** DynamoDB on-demand write request units: transactional item writes at 2 per KB, index entries at 1 per KB. */
  readonly dynamoWriteUnits: number;
  /** Read request units: 1 per 4 KB consistent, half that for index (eventually consistent) reads. Stream reads are free. */
  readonly dynamoReadUnits: number;
  /** S3 PUT-tier requests (PUT, LIST). */
  readonly s3PutRequests: number;
  /** S3 GET-tier requests by the functions (public views are in `perPublicView`). */
  readonly s3GetRequests: number;
  readonly lambdaInvocations: number;
  readonly lambdaGbSeconds: number;
  readonly apiRequests: number;
  /** CloudWatch Logs ingested: function logs with their EMF metrics, and API access logs. */
  readonly logBytes: number;
  /** Table items and their GSI copies, with DynamoDB's per-item overhead; kept forever (R11). */
  readonly dynamoStorageBytes: number;
  /** The base-table part of `dynamoStorageBytes`: what point-in-time recovery bills. */
  readonly dynamoBackupBytes: number;
  /** The decision's current site objects (pages and its entry in its listing part's files), while it is public. */
  readonly siteStorageBytes: number;
  /** Site bytes overwritten or deleted that do not grow with the month (feeds, index, the pages at takedown): noncurrent versions. */
  readonly siteOverwrittenBytes: number;
  readonly perPublicView: {
    readonly cloudFrontRequests: number;
    readonly cloudFrontBytesOut: number;
    readonly s3GetRequests: number;
  };
  /**
   * The listing part (NDJSON, CSV, sitemap, page: ADR 0009) a publish or takedown rewrites whole: per event, per
   * entry already in the part, which never holds much more than `PART_SIZE`, so the cost per decision is bounded.
   */
  readonly partRewrite: {
    /** Publish and takedown: the two events that rewrite the decision's listing part. */
    readonly eventsPerDecision: number;
    readonly bytesPerEntry: number;
    readonly publisherMsPerEntry: number;
    readonly publisherMemoryMb: number;
    readonly partSize: number;
  };
}

type Flow = Pick<
  OperationCounts,
  | 'dynamoWriteUnits'
  | 'dynamoReadUnits'
  | 's3PutRequests'
  | 's3GetRequests'
  | 'lambdaInvocations'
  | 'lambdaGbSeconds'
  | 'apiRequests'
>;

/** One step of the life, with what it costs. */
export interface LifecycleStep {
  readonly step: string;
  readonly what: string;
  readonly counts: Flow;
}

const writeUnits = (bytes: number) => Math.ceil(bytes / KB);
/** A Put inside TransactWriteItems: twice the standard write. */
const transactPut = (bytes: number) => 2 * writeUnits(bytes);
/** A GSI entry written or deleted (projection ALL: the whole item); GSI writes are not doubled by the transaction. */
const indexWrite = (bytes: number) => writeUnits(bytes);
/** A strongly consistent GetItem or Query of these bytes in one request. */
const consistentRead = (bytes: number) => Math.ceil(bytes / READ_UNIT_BYTES);
/** An item's share of an index query page (eventually consistent: half a unit per 4 KB, summed over the page). */
const indexItemRead = (bytes: number) => bytes / READ_UNIT_BYTES / 2;
const gbSeconds = (profile: LambdaProfile, invocations = 1) =>
  (profile.memoryMb / 1024) * (profile.durationMs / 1000) * invocations;

const NONE: Flow = {
  dynamoWriteUnits: 0,
  dynamoReadUnits: 0,
  s3PutRequests: 0,
  s3GetRequests: 0,
  lambdaInvocations: 0,
  lambdaGbSeconds: 0,
  apiRequests: 0,
};
const flow = (parts: Partial<Flow>): Flow => ({ ...NONE, ...parts });

function lifecycleSteps(): LifecycleStep[] {
  const D = DECISION_ITEM_BYTES;
  const R = REVISION_ITEM_BYTES;
  const A = AUDIT_ITEM_BYTES;
  const S = SMALL_ITEM_BYTES;
  const agency = consistentRead(AGENCY_ITEM_BYTES);
  // store.get: the META item and its revision in one consistent query.
  const get = consistentRead(D + R);
  // ADR 0007, per publication and per takedown: the append reads the log's head and writes head, entry and
  // marker in one transaction; the site's chunk holding the entry is read, the table's chunk queried from its
  // last entry on, and the chunk written (head.json is the reconcile run's, counted in its fixed requests).
  // ADR 0021: the checkpoint run then writes the decision's proof file (its tiles are counted per run).
  const logAppend = {
    dynamoReadUnits: consistentRead(S) + consistentRead(2 * LOG_ENTRY_ITEM_BYTES),
    dynamoWriteUnits: transactPut(S) + transactPut(LOG_ENTRY_ITEM_BYTES) + transactPut(LOG_MARKER_ITEM_BYTES),
    s3GetRequests: 1,
    s3PutRequests: 1 + PROOF_FILE_PUTS,
  };
  const listRequests = LIST_APPEARANCES / LIST_PAGE_SIZE;
  const api = (requests: number) => ({
    apiRequests: requests,
    lambdaInvocations: requests,
    lambdaGbSeconds: gbSeconds(API_FUNCTION, requests),
  });
  return [
    {
      step: 'submit',
      what: 'POST /v1/decisions: idempotency GetItem, agency GetItem (kept a minute by a warm function, ADR 0010; counted as if every request missed, as at low volume); transaction of META, REV, AUDIT, case guard, idempotency record; META enters byAgencyStatus, byAgency, publishDue',
      counts: flow({
        ...api(1),
        dynamoReadUnits: IDEMPOTENCY_KEY_SHARE * consistentRead(S) + agency,
        dynamoWriteUnits:
          transactPut(D) +
          transactPut(R) +
          transactPut(A) +
          transactPut(S) +
          IDEMPOTENCY_KEY_SHARE * transactPut(S) +
          3 * indexWrite(D),
      }),
    },
    {
      step: 'review screen',
      what: `GET /v1/decisions/{id} (×${REVIEW_SCREEN_READS}): consistent query, agency GetItem; listed on ${LIST_APPEARANCES} list pages of ${LIST_PAGE_SIZE}`,
      counts: flow({
        ...api(REVIEW_SCREEN_READS + listRequests),
        dynamoReadUnits: REVIEW_SCREEN_READS * (get + agency) + LIST_APPEARANCES * indexItemRead(D),
      }),
    },
    {
      step: 'approve',
      what: 'POST …/review: get, agency; transaction of META, REV (review added), AUDIT; byAgencyStatus moves (delete + put), byAgency and publishDue rewritten, publishingSince added',
      counts: flow({
        ...api(1),
        dynamoReadUnits: get + agency,
        dynamoWriteUnits:
          transactPut(D) + transactPut(R) + transactPut(A) + 2 * indexWrite(D) + 3 * indexWrite(D),
      }),
    },
    {
      step: 'publish',
      what: "stream → publisher: get, agency; the log entry appended (head read, transaction of head, entry, marker); S3 GET feed.json, months.json, the last listing part and the key of the next; 9 PUTs (the two pages, the part's NDJSON, CSV, sitemap and page, feed.json, atom.xml, index.html); the site's log caught up (chunk query, S3 GET and PUT of the chunk); transaction of META, AUDIT and the activity item (PUB#); byAgencyStatus moves, byAgency rewritten, publishDue and publishingSince removed, expiryDue added (the published record is filtered out of the stream)",
      counts: flow({
        lambdaInvocations: 1,
        lambdaGbSeconds: gbSeconds(PUBLISHER),
        dynamoReadUnits: get + agency + logAppend.dynamoReadUnits,
        s3GetRequests: 4 + SEARCH_INDEX_S3.publish.gets + logAppend.s3GetRequests,
        s3PutRequests: 9 + SEARCH_INDEX_S3.publish.puts + logAppend.s3PutRequests,
        dynamoWriteUnits:
          transactPut(D) +
          transactPut(A) +
          transactPut(S) +
          2 * indexWrite(D) +
          4 * indexWrite(D) +
          logAppend.dynamoWriteUnits,
      }),
    },
    {
      step: 'deadline sweep',
      what: `hourly deadline sweep: the publishDue entry read on ${DEADLINE_SWEEP_READS} runs`,
      counts: flow({ dynamoReadUnits: DEADLINE_SWEEP_READS * indexItemRead(D) }),
    },
    {
      step: 'scorecard',
      what: `daily scorecard: the byAgency entry and a consistent get, and its activity item and a get, on ${SCORECARD_READS_PER_DECISION} runs`,
      counts: flow({
        dynamoReadUnits: SCORECARD_READS_PER_DECISION * (indexItemRead(D) + get + consistentRead(S) + get),
        lambdaGbSeconds: gbSeconds(SCORECARD_PER_READ, SCORECARD_READS_PER_DECISION),
      }),
    },
    {
      step: 'expire',
      what: 'withdrawal sweep at expiry: the expiryDue entry, which is the whole META item, and the agency once per run (not counted); transaction of META, AUDIT and the activity item (WD#); byAgencyStatus moves, byAgency rewritten, expiryDue removed, publishDue (takedown) added',
      counts: flow({
        lambdaGbSeconds: gbSeconds(WITHDRAWAL_PER_DECISION),
        dynamoReadUnits: indexItemRead(D),
        dynamoWriteUnits:
          transactPut(D) + transactPut(A) + transactPut(S) + 2 * indexWrite(D) + 3 * indexWrite(D),
      }),
    },
    {
      step: 'takedown',
      what: "stream → publisher: get, agency; the log entry appended; 4 S3 GETs (3 when the part is not the month's last); 7 PUTs, 2 DELETEs (free); the site's log caught up (1 GET, 1 PUT); confirm_takedown transaction of META, AUDIT; byAgencyStatus and byAgency rewritten, publishDue removed; its stream record wakes the publisher once more for nothing",
      counts: flow({
        lambdaInvocations: 2,
        lambdaGbSeconds: gbSeconds(PUBLISHER) + gbSeconds(PUBLISHER_SKIP),
        dynamoReadUnits: get + agency + logAppend.dynamoReadUnits,
        s3GetRequests: 4 + SEARCH_INDEX_S3.takedown.gets + logAppend.s3GetRequests,
        s3PutRequests: 7 + SEARCH_INDEX_S3.takedown.puts + logAppend.s3PutRequests,
        dynamoWriteUnits: transactPut(D) + transactPut(A) + 3 * indexWrite(D) + logAppend.dynamoWriteUnits,
      }),
    },
    {
      step: 'audit export',
      what: `ADR 0022 (R11): each of its ${AUDIT_EVENTS_PER_DECISION} audit events enters the sparse auditByDay index when written (projection ALL: one write unit each), and is read once from it by the day's export (eventually consistent); the export's file and anchor are per day, not per decision (SCHEDULED_RUN)`,
      counts: flow({
        dynamoWriteUnits: AUDIT_EVENTS_PER_DECISION * indexWrite(A),
        dynamoReadUnits: AUDIT_EVENTS_PER_DECISION * indexItemRead(A),
      }),
    },
  ];
}

/** The life of one decision, step by step, from the code as it stands. */
export const LIFECYCLE_STEPS: readonly LifecycleStep[] = lifecycleSteps();

function sumFlows(flows: readonly Flow[]): Flow {
  return flows.reduce(
    (sum, f) => ({
      dynamoWriteUnits: sum.dynamoWriteUnits + f.dynamoWriteUnits,
      dynamoReadUnits: sum.dynamoReadUnits + f.dynamoReadUnits,
      s3PutRequests: sum.s3PutRequests + f.s3PutRequests,
      s3GetRequests: sum.s3GetRequests + f.s3GetRequests,
      lambdaInvocations: sum.lambdaInvocations + f.lambdaInvocations,
      lambdaGbSeconds: sum.lambdaGbSeconds + f.lambdaGbSeconds,
      apiRequests: sum.apiRequests + f.apiRequests,
    }),
    NONE,
  );
}

function defaultCounts(): OperationCounts {
  const total = sumFlows(LIFECYCLE_STEPS.map((s) => s.counts));
  // META, REV, AUDIT#…, case guard (the idempotency record expires), the activity items, the log's entries and
  // markers.
  const itemsInTable =
    1 + 1 + AUDIT_EVENTS_PER_DECISION + 1 + ACTIVITY_ITEMS_PER_DECISION + 2 * LOG_ENTRIES_PER_DECISION;
  const tableBytes =
    DECISION_ITEM_BYTES +
    REVISION_ITEM_BYTES +
    AUDIT_EVENTS_PER_DECISION * AUDIT_ITEM_BYTES +
    (1 + ACTIVITY_ITEMS_PER_DECISION) * SMALL_ITEM_BYTES +
    LOG_ENTRIES_PER_DECISION * (LOG_ENTRY_ITEM_BYTES + LOG_MARKER_ITEM_BYTES) +
    itemsInTable * ITEM_OVERHEAD_BYTES;
  // A withdrawn decision stays in byAgencyStatus and byAgency for good; the sparse indexes empty, but for
  // auditByDay (ADR 0022), which keeps every audit event.
  const indexBytes =
    2 * (DECISION_ITEM_BYTES + ITEM_OVERHEAD_BYTES) +
    AUDIT_EVENTS_PER_DECISION * (AUDIT_ITEM_BYTES + ITEM_OVERHEAD_BYTES);
  return {
    ...total,
    logBytes: total.lambdaInvocations * LOG_BYTES_PER_INVOCATION + total.apiRequests * API_ACCESS_LOG_BYTES,
    dynamoStorageBytes: tableBytes + indexBytes,
    dynamoBackupBytes: tableBytes,
    siteStorageBytes: DECISION_PAGE_BYTES + MONTH_BYTES_PER_ENTRY,
    // Publish and takedown each overwrite the feeds and the index; the takedown deletes the two pages.
    siteOverwrittenBytes: 2 * FEEDS_AND_INDEX_BYTES + DECISION_PAGE_BYTES,
    perPublicView: { ...PUBLIC_VIEW },
    partRewrite: {
      eventsPerDecision: 2,
      bytesPerEntry: MONTH_BYTES_PER_ENTRY,
      publisherMsPerEntry: PUBLISHER_MS_PER_PART_ENTRY,
      publisherMemoryMb: PUBLISHER.memoryMb,
      partSize: PART_SIZE,
    },
  };
}

/** The counts of `LIFECYCLE_STEPS` with the sizes above. */
export const DEFAULT_COUNTS: OperationCounts = defaultCounts();

// ---- schedules -------------------------------------------------------------------------------------------------

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The values one field of an EventBridge cron matches: `*`, `?`, `a`, `a-b`, `a/n`, `*​/n`, `a-b/n`, lists. */
function cronField(expression: string, min: number, max: number, names: readonly string[] = []): Set<number> {
  const value = (token: string) => {
    const named = names.indexOf(token.toUpperCase());
    const n = named >= 0 ? named + min : Number(token);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new RangeError(`cron value ${token} is outside ${min}–${max}`);
    }
    return n;
  };
  const matched = new Set<number>();
  for (const part of expression.split(',')) {
    if (/#|^L|\dL$|\dW$/i.test(part))
      throw new RangeError(`cron field ${part}: L, W and # are not supported here`);
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new RangeError(`cron step ${stepText} is not a whole number`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      from = value(a);
      to = value(b);
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    for (let n = from; n <= to; n += step) matched.add(n);
  }
  return matched;
}

/**
 * How often an EventBridge Scheduler cron (`minutes hours day-of-month month day-of-week year`) fires in a month
 * of its time zone. Exact for zones without daylight saving time, such as Asia/Shanghai.
 */
export function cronInvocationsInMonth(cron: string, year: number, month: number): number {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 6) throw new RangeError(`cron needs six fields, got "${cron}"`);
  const [minutes = '', hours = '', dayOfMonth = '', months = '', dayOfWeek = '', years = ''] = fields;
  if (!cronField(years, 1970, 2199).has(year) || !cronField(months, 1, 12, MONTH_NAMES).has(month)) return 0;
  const perDay = cronField(minutes, 0, 59).size * cronField(hours, 0, 23).size;
  const days = cronField(dayOfMonth, 1, 31);
  const weekdays = cronField(dayOfWeek, 1, 7, DAY_NAMES);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  let count = 0;
  for (let day = 1; day <= daysInMonth; day++) {
    // EventBridge numbers the days of the week 1 (Sunday) to 7 (Saturday).
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
    if (days.has(day) && weekdays.has(weekday)) count += perDay;
  }
  return count;
}

export function cronInvocationsInYear(cron: string, year: number): number {
  let count = 0;
  for (let month = 1; month <= 12; month++) count += cronInvocationsInMonth(cron, year, month);
  return count;
}

// ---- the fixed part --------------------------------------------------------------------------------------------

/** What runs whatever the number of decisions, per year. */
export interface FixedCounts {
  readonly schedulerInvocations: number;
  readonly lambdaInvocations: number;
  readonly lambdaGbSeconds: number;
  readonly dynamoReadUnits: number;
  readonly s3PutRequests: number;
  readonly s3GetRequests: number;
  readonly logBytes: number;
  readonly alarms: number;
  readonly dashboards: number;
  readonly customMetrics: number;
}

export interface FixedInputs {
  /** Functions in the stack; each has an error and a throttle alarm. */
  readonly functionCount: number;
  /** Agencies on the site: the scorecard reports on each daily. */
  readonly agencyCount?: number;
  readonly extraAlarms?: number;
  readonly dashboards?: number;
  readonly customMetrics?: number;
}

export const DEFAULT_AGENCY_COUNT = 100;

export function fixedCounts(inputs: FixedInputs): FixedCounts {
  const agencies = inputs.agencyCount ?? DEFAULT_AGENCY_COUNT;
  let schedulerInvocations = 0;
  let lambdaGbSeconds = 0;
  let dynamoReadUnits = 0;
  let s3PutRequests = 0;
  let s3GetRequests = 0;
  for (const schedule of SCHEDULES) {
    const runs = cronInvocationsInYear(schedule.cron, REFERENCE_YEAR);
    schedulerInvocations += runs;
    lambdaGbSeconds += gbSeconds(SCHEDULED_RUN[schedule.function] ?? DEFAULT_SCHEDULED_RUN, runs);
    dynamoReadUnits += runs * (SCHEDULED_RUN_READ_UNITS[schedule.function] ?? 1);
    if (schedule.function === 'scorecard') {
      // One report per agency: a consistent agency GetItem, at least one (half-unit) list query, and three
      // consistent Queries of at least a unit each: the window's publications and withdrawals (activity items)
      // and its inventories (ADR 0019).
      dynamoReadUnits += runs * agencies * (consistentRead(AGENCY_ITEM_BYTES) + 0.5 + 3);
    }
    const s3 = SCHEDULED_RUN_S3[schedule.function];
    s3PutRequests += runs * (s3?.puts ?? 0);
    s3GetRequests += runs * (s3?.gets ?? 0);
  }
  // The first publish of a month also writes sitemap.xml, dataset.json and months.json.
  s3PutRequests += 12 * 3;
  return {
    schedulerInvocations,
    lambdaInvocations: schedulerInvocations,
    lambdaGbSeconds,
    dynamoReadUnits,
    s3PutRequests,
    s3GetRequests,
    logBytes: schedulerInvocations * LOG_BYTES_PER_INVOCATION,
    alarms: ALARMS.length + 2 * inputs.functionCount + (inputs.extraAlarms ?? EXTRA_ALARMS),
    dashboards: inputs.dashboards ?? 1,
    customMetrics: inputs.customMetrics ?? CUSTOM_METRIC_COUNT,
  };
}

// ---- the listing parts: bounded per event ----------------------------------------------------------------------

/** What rewriting one listing part per publish and takedown costs at this volume (ADR 0009). */
export interface PartRewriteLoad {
  readonly entriesPerMonth: number;
  readonly partsPerMonth: number;
  /**
   * Entries already in the part when a publish or takedown rewrites it: a publish appends to the last part (half
   * full on average), a takedown at expiry rewrites a part long closed (full): three quarters of a part, or of the
   * month while it holds less than a part.
   */
  readonly averageEntriesRewritten: number;
  readonly bytesRewrittenPerEvent: number;
  /** A listing part's files when full (the NDJSON alone is `ndjsonBytesPerPart`). */
  readonly partFilesBytes: number;
  readonly ndjsonBytesPerPart: number;
  /** The month's NDJSON over all its parts, which the index's search downloads per month searched. */
  readonly ndjsonBytesPerMonth: number;
  /** Publisher seconds per publish or takedown on top of `PUBLISHER.durationMs`. */
  readonly extraPublisherSecondsPerEvent: number;
  /** Per year: noncurrent versions of the part files, extra publisher time, the PUTs of new parts. */
  readonly noncurrentByteMonths: number;
  readonly extraGbSeconds: number;
  readonly extraPutRequests: number;
}

export function partRewriteLoad(
  decisionsPerYear: number,
  counts: OperationCounts = DEFAULT_COUNTS,
  noncurrentVersionDays: number = AGGREGATE_NONCURRENT_VERSION_DAYS,
): PartRewriteLoad {
  const { eventsPerDecision, bytesPerEntry, publisherMsPerEntry, publisherMemoryMb, partSize } =
    counts.partRewrite;
  const entriesPerMonth = decisionsPerYear / 12;
  const partsPerMonth = Math.max(1, Math.ceil(entriesPerMonth / partSize));
  const averageEntriesRewritten = (3 / 4) * Math.min(entriesPerMonth, partSize);
  const events = decisionsPerYear * eventsPerDecision;
  const bytesRewrittenPerEvent = averageEntriesRewritten * bytesPerEntry;
  const extraPublisherSecondsPerEvent = (averageEntriesRewritten * publisherMsPerEntry) / 1000;
  return {
    entriesPerMonth,
    partsPerMonth,
    averageEntriesRewritten,
    bytesRewrittenPerEvent,
    partFilesBytes: Math.min(entriesPerMonth, partSize) * bytesPerEntry,
    ndjsonBytesPerPart: Math.min(entriesPerMonth, partSize) * NDJSON_BYTES_PER_ENTRY,
    ndjsonBytesPerMonth: entriesPerMonth * NDJSON_BYTES_PER_ENTRY,
    extraPublisherSecondsPerEvent,
    noncurrentByteMonths: events * bytesRewrittenPerEvent * (noncurrentVersionDays / DAYS_PER_MONTH),
    extraGbSeconds: events * extraPublisherSecondsPerEvent * (publisherMemoryMb / 1024),
    // The first part of a month is in the fixed part; every later one writes a few objects more once.
    extraPutRequests: 12 * (partsPerMonth - 1) * NEW_PART_EXTRA_PUTS,
  };
}

// ---- the estimate ------------------------------------------------------------------------------------------------

export const SERVICES = [
  'dynamoDb',
  's3',
  'lambda',
  'apiGateway',
  'cloudFront',
  'scheduler',
  'cloudWatch',
  'xRay',
] as const;
export type Service = (typeof SERVICES)[number];

export const SERVICE_LABELS: Readonly<Record<Service, string>> = {
  dynamoDb: 'DynamoDB',
  s3: 'S3',
  lambda: 'Lambda',
  apiGateway: 'API Gateway',
  cloudFront: 'CloudFront',
  scheduler: 'Scheduler',
  cloudWatch: 'CloudWatch',
  xRay: 'X-Ray',
};

export interface ServiceCost {
  /** Proportional to the decisions: their operations, their storage, their public views. */
  readonly perDecision: number;
  /** Whatever the decisions: schedules, alarms, dashboard, metrics. */
  readonly fixed: number;
  /**
   * The listing part each publish and takedown rewrites (`partRewriteLoad`): grows with the decisions while a
   * month holds less than a part, then linearly (the part is bounded), never with the history.
   */
  readonly listingParts: number;
  readonly total: number;
}

export interface CostInputs extends FixedInputs {
  readonly decisionsPerYear: number;
  readonly publicViewsPerDecision: number;
  /** 1 for the first year. Records accumulate forever, pages for 2 or 5 years, at this rate of decisions. */
  readonly yearOfOperation?: number;
  /** Decisions about natural persons, public for 2 years (R6); the rest for 5. */
  readonly naturalPersonShare?: number;
  readonly noncurrentVersionDays?: number;
  /** Of the listing parts' files (data/, months/, sitemaps/). */
  readonly aggregateNoncurrentVersionDays?: number;
  /** Invocations X-Ray records (active tracing; the default sampling keeps 1 a second plus 5%). */
  readonly tracedShare?: number;
}

export interface YearlyCost {
  readonly decisionsPerYear: number;
  readonly yearOfOperation: number;
  readonly services: Readonly<Record<Service, ServiceCost>>;
  readonly perDecision: number;
  readonly fixed: number;
  readonly listingParts: number;
  readonly total: number;
  readonly storage: {
    /** DynamoDB (table and indexes) at the end of the year. */
    readonly dynamoDbGb: number;
    /** The site's current objects at the end of the year. */
    readonly siteGb: number;
    /** Averages over the year, as billed. */
    readonly dynamoDbGbMonths: number;
    readonly siteGbMonths: number;
    readonly noncurrentGbMonths: number;
  };
  readonly fixedCounts: FixedCounts;
  readonly partRewrite: PartRewriteLoad;
}

export const DEFAULT_NATURAL_PERSON_SHARE = 0.5;

/** Decision-years on the site during year `year` for decisions public `years` long, arriving evenly from year 1. */
function publicYears(year: number, years: number): number {
  // ∫ from year-1 to year of min(t, years) dt.
  const end = Math.min(year, years);
  const start = Math.min(year - 1, years);
  return (end * end - start * start) / 2 + years * Math.max(0, year - Math.max(year - 1, years));
}

/** A year of running Gongshi at `decisionsPerYear`, per service, in the currency of `prices` (by default US dollars). */
export function estimateYearlyCost(
  inputs: CostInputs,
  counts: OperationCounts = DEFAULT_COUNTS,
  prices: Prices = PRICES,
): YearlyCost {
  const n = inputs.decisionsPerYear;
  const year = inputs.yearOfOperation ?? 1;
  const naturalShare = inputs.naturalPersonShare ?? DEFAULT_NATURAL_PERSON_SHARE;
  const noncurrentDays = inputs.noncurrentVersionDays ?? NONCURRENT_VERSION_DAYS;
  const traced = inputs.tracedShare ?? 1;
  const fixed = fixedCounts(inputs);
  const month = partRewriteLoad(
    n,
    counts,
    inputs.aggregateNoncurrentVersionDays ?? AGGREGATE_NONCURRENT_VERSION_DAYS,
  );
  const views = n * inputs.publicViewsPerDecision;

  // Storage: records kept forever (the average over year k holds k − ½ years of decisions), pages 2 or 5 years.
  const dynamoGbMonths = ((n * counts.dynamoStorageBytes) / BYTES_PER_GB) * 12 * (year - 0.5);
  const backupGbMonths = ((n * counts.dynamoBackupBytes) / BYTES_PER_GB) * 12 * (year - 0.5);
  const siteDecisionYears = naturalShare * publicYears(year, 2) + (1 - naturalShare) * publicYears(year, 5);
  const siteGbMonths = ((n * counts.siteStorageBytes) / BYTES_PER_GB) * 12 * siteDecisionYears;
  const noncurrentGbMonths =
    (n * counts.siteOverwrittenBytes * (noncurrentDays / DAYS_PER_MONTH)) / BYTES_PER_GB;
  const monthNoncurrentGbMonths = month.noncurrentByteMonths / BYTES_PER_GB;

  const perMillion = (count: number, price: number) => (count / 1e6) * price;
  const lambdaCost = (invocations: number, gbs: number) =>
    perMillion(invocations, prices.lambda.perMillionRequests) + gbs * prices.lambda.perGbSecond;

  const line = (perDecision: number, fixedCost: number, listingParts = 0): ServiceCost => ({
    perDecision,
    fixed: fixedCost,
    listingParts,
    total: perDecision + fixedCost + listingParts,
  });

  const services: Record<Service, ServiceCost> = {
    dynamoDb: line(
      perMillion(n * counts.dynamoWriteUnits, prices.dynamoDb.perMillionWriteUnits) +
        perMillion(n * counts.dynamoReadUnits, prices.dynamoDb.perMillionReadUnits) +
        dynamoGbMonths * prices.dynamoDb.storagePerGbMonth +
        backupGbMonths * prices.dynamoDb.pitrPerGbMonth,
      perMillion(fixed.dynamoReadUnits, prices.dynamoDb.perMillionReadUnits),
    ),
    s3: line(
      ((n * counts.s3PutRequests) / 1000) * prices.s3.perThousandPuts +
        ((n * counts.s3GetRequests + views * counts.perPublicView.s3GetRequests) / 1000) *
          prices.s3.perThousandGets +
        (siteGbMonths + noncurrentGbMonths) * prices.s3.storagePerGbMonth,
      (fixed.s3PutRequests / 1000) * prices.s3.perThousandPuts +
        (fixed.s3GetRequests / 1000) * prices.s3.perThousandGets,
      (month.extraPutRequests / 1000) * prices.s3.perThousandPuts +
        monthNoncurrentGbMonths * prices.s3.storagePerGbMonth,
    ),
    lambda: line(
      lambdaCost(n * counts.lambdaInvocations, n * counts.lambdaGbSeconds),
      lambdaCost(fixed.lambdaInvocations, fixed.lambdaGbSeconds),
      month.extraGbSeconds * prices.lambda.perGbSecond,
    ),
    apiGateway: line(perMillion(n * counts.apiRequests, prices.apiGateway.perMillionRequests), 0),
    cloudFront: line(
      ((views * counts.perPublicView.cloudFrontRequests) / 10_000) *
        prices.cloudFront.perTenThousandHttpsRequests +
        ((views * counts.perPublicView.cloudFrontBytesOut) / BYTES_PER_GB) * prices.cloudFront.perGbOut,
      0,
    ),
    scheduler: line(0, perMillion(fixed.schedulerInvocations, prices.scheduler.perMillionInvocations)),
    cloudWatch: line(
      ((n * counts.logBytes) / BYTES_PER_GB) * prices.cloudWatch.perGbLogsIngested,
      12 *
        (fixed.alarms * prices.cloudWatch.perAlarmMonth +
          fixed.dashboards * prices.cloudWatch.perDashboardMonth +
          fixed.customMetrics * prices.cloudWatch.perMetricMonth) +
        (fixed.logBytes / BYTES_PER_GB) * prices.cloudWatch.perGbLogsIngested,
    ),
    xRay: line(
      perMillion(traced * n * counts.lambdaInvocations, prices.xRay.perMillionTraces),
      perMillion(traced * fixed.lambdaInvocations, prices.xRay.perMillionTraces),
    ),
  };

  const sum = (pick: (cost: ServiceCost) => number) => SERVICES.reduce((s, k) => s + pick(services[k]), 0);
  return {
    decisionsPerYear: n,
    yearOfOperation: year,
    services,
    perDecision: sum((c) => c.perDecision),
    fixed: sum((c) => c.fixed),
    listingParts: sum((c) => c.listingParts),
    total: sum((c) => c.total),
    storage: {
      dynamoDbGb: (n * year * counts.dynamoStorageBytes) / BYTES_PER_GB,
      siteGb:
        (n *
          (naturalShare * Math.min(year, 2) + (1 - naturalShare) * Math.min(year, 5)) *
          counts.siteStorageBytes) /
        BYTES_PER_GB,
      dynamoDbGbMonths: dynamoGbMonths,
      siteGbMonths,
      noncurrentGbMonths: noncurrentGbMonths + monthNoncurrentGbMonths,
    },
    fixedCounts: fixed,
    partRewrite: month,
  };
}
