/** docs/benchmarks.md from one run's results: the summary table, the details behind each row, the costs. */
import { PRICES, SERVICE_LABELS, SERVICES } from '../shared/cost-model.ts';
import { BASELINE, type BundleResult } from './bundles.ts';
import {
  type MeasuredLife,
  measuredCounts,
  modelLife,
  PUBLIC_VIEWS_PER_DECISION,
  yearlyCost,
} from './cost.ts';
import type { DynamoCounts } from './counting.ts';
import type { HttpLoadResult } from './http-load.ts';
import type { LatencyResult } from './latency.ts';
import type { PublishProbe } from './publish.ts';
import type { RebuildResult } from './rebuild.ts';
import { median, quantile } from './stats.ts';
import type { SweepMeasure } from './sweeps.ts';

export interface Checkpoint {
  readonly decisions: number;
  readonly published: number;
  sweep?: SweepMeasure | undefined;
  rebuild?: RebuildResult | undefined;
  publish?: PublishProbe[] | undefined;
}

export interface BenchResults {
  readonly size: number;
  readonly quick: boolean;
  readonly totalSeconds: number;
  readonly seed: {
    readonly decisions: number;
    readonly published: number;
    readonly pending: number;
    readonly seconds: number;
    readonly counts: readonly DynamoCounts[];
  };
  readonly bundles?: { readonly baseline: BundleResult; readonly handlers: readonly BundleResult[] };
  readonly latency?: LatencyResult;
  readonly http?: HttpLoadResult;
  readonly checkpoints: readonly Checkpoint[];
  readonly fullMonthProbes?: readonly PublishProbe[];
  readonly withdrawal?: SweepMeasure & { readonly withdrawn: number };
  /** The code measured: `git rev-parse --short HEAD`, with `+changes` when the tree differed from it. */
  readonly commit?: string;
  readonly errors: readonly string[];
}

/** Every row of the summary table, in its order: the smoke test checks that each is present. */
export const ROWS = [
  'init time of each handler bundle',
  'size of each handler bundle',
  'submit latency p50 / p99',
  'sustained submissions over HTTP',
  'publish one decision',
  'sweep: items read ÷ items due',
  'full site rebuild',
] as const;

const n = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';
const ms = (value: number) => `${n(value, value < 10 ? 1 : 0)} ms`;
const kb = (bytes: number) => `${n(bytes / 1024, 0)} KB`;
const ratio = (value: number) => (Number.isFinite(value) ? `${n(value, 2)}×` : '—');
const verdict = (met: boolean | undefined) =>
  met === undefined ? 'not measured' : met ? '**met**' : '**not met**';
const usd = (amount: number) =>
  `$${amount.toLocaleString('en-US', { maximumFractionDigits: amount >= 100 ? 0 : 2, minimumFractionDigits: amount >= 100 ? 0 : 2 })}`;

interface Row {
  readonly measure: string;
  readonly baseline: string;
  readonly goal: string;
  readonly value: string;
  readonly met: boolean | undefined;
}

function bundleRows(results: BenchResults): Row[] {
  const b = results.bundles;
  if (!b) {
    return [
      { measure: ROWS[0], baseline: 'error', goal: '≤ 1.3×', value: 'error', met: undefined },
      { measure: ROWS[1], baseline: '—', goal: '≤ 200 KB', value: 'error', met: undefined },
    ];
  }
  const base = median(b.baseline.initMs);
  const loaded = b.handlers.filter((h) => h.initMs.length > 0);
  const worst = [...loaded].sort((x, y) => median(y.initMs) - median(x.initMs))[0];
  const best = [...loaded].sort((x, y) => median(x.initMs) - median(y.initMs))[0];
  const largest = [...b.handlers].sort((x, y) => y.bytes - x.bytes)[0];
  const smallest = [...b.handlers].sort((x, y) => x.bytes - y.bytes)[0];
  const failed = b.handlers.filter((h) => h.error).length;
  const overInit = loaded.filter((h) => median(h.initMs) / base > 1.3).length;
  const overSize = b.handlers.filter((h) => h.bytes > 200 * 1024).length;
  return [
    {
      measure: ROWS[0],
      baseline: `${ms(base)} (a bundle that only imports @aws-sdk/client-dynamodb)`,
      goal: '≤ 1.3×',
      value:
        worst && best
          ? `worst ${ratio(median(worst.initMs) / base)} (${worst.name}, ${ms(median(worst.initMs))}); best ${ratio(median(best.initMs) / base)} (${best.name}); ${overInit} of ${b.handlers.length} over${failed ? `; ${failed} failed to load` : ''}`
          : 'error',
      met: failed === 0 && overInit === 0,
    },
    {
      measure: ROWS[1],
      baseline: '—',
      goal: '≤ 200 KB',
      value:
        largest && smallest
          ? `largest ${kb(largest.bytes)} (${largest.name}), smallest ${kb(smallest.bytes)} (${smallest.name}); ${overSize} of ${b.handlers.length} over`
          : 'error',
      met: overSize === 0,
    },
  ];
}

function latencyRow(results: BenchResults): Row {
  const l = results.latency;
  if (!l || l.handlerMs.length === 0)
    return { measure: ROWS[2], baseline: 'error', goal: '≤ 1.3×', value: 'error', met: undefined };
  const [h50, h99, b50, b99] = [
    median(l.handlerMs),
    quantile(l.handlerMs, 0.99),
    median(l.baselineMs),
    quantile(l.baselineMs, 0.99),
  ];
  return {
    measure: ROWS[2],
    baseline: `raw TransactWriteItems of the same items: p50 ${ms(b50)}, p99 ${ms(b99)}`,
    goal: '≤ 1.3×',
    value: `p50 ${ratio(h50 / b50)} (${ms(h50)}), p99 ${ratio(h99 / b99)} (${ms(h99)}); ${l.handlerMs.length} calls${l.errors ? `, ${l.errors} errors` : ''}`,
    met: h50 / b50 <= 1.3 && h99 / b99 <= 1.3 && l.errors === 0,
  };
}

function httpRow(results: BenchResults): Row {
  const h = results.http;
  if (!h)
    return { measure: ROWS[3], baseline: '—', goal: '≥ 200 / s, 0 errors', value: 'error', met: undefined };
  const rate = h.accepted / h.seconds;
  return {
    measure: ROWS[3],
    baseline: '—',
    goal: '≥ 200 / s, 0 errors',
    value: `${n(rate, 0)} / s (${n(h.accepted)} accepted in ${n(h.seconds, 1)} s, ${h.clients} clients, p50 ${ms(median(h.latencyMs))}), ${h.errors} errors`,
    met: rate >= 200 && h.errors === 0,
  };
}

function publishRow(results: BenchResults): Row {
  const withProbes = results.checkpoints.filter((c) => c.publish && c.publish.length > 0);
  const first = withProbes[0];
  const last = withProbes.at(-1);
  if (!first?.publish || !last?.publish || first === last)
    return { measure: ROWS[4], baseline: '—', goal: '≤ 8 writes, ≤ 1.2×', value: 'error', met: undefined };
  const writes = Math.max(...last.publish.map((p) => p.s3Writes));
  const base = median(first.publish.map((p) => p.ms));
  const at = median(last.publish.map((p) => p.ms));
  return {
    measure: `${ROWS[4]}: S3 writes, and time with ${n(last.published)} published ÷ with ${n(first.published)}`,
    baseline: `${ms(base)} with ${n(first.published)} published`,
    goal: '≤ 8 writes, ≤ 1.2×',
    value: `${writes} writes (most of ${last.publish.length} probes); ${ratio(at / base)} (${ms(at)})`,
    met: writes <= 8 && at / base <= 1.2,
  };
}

function sweepRow(results: BenchResults): Row {
  const last = results.checkpoints.filter((c) => c.sweep).at(-1);
  const s = last?.sweep;
  const w = results.withdrawal;
  if (!s) return { measure: ROWS[5], baseline: '—', goal: '≤ 1.1', value: 'error', met: undefined };
  const deadline = s.counts.itemsRead / Math.max(1, s.due);
  const withdrawal = w ? w.counts.itemsRead / Math.max(1, w.due) : Number.NaN;
  return {
    measure: `${ROWS[5]}, with ${n(s.tableDecisions)} decisions in the table`,
    baseline: '—',
    goal: '≤ 1.1',
    value: `deadline sweep ${n(deadline, 2)} (${n(s.counts.itemsRead)} read, ${n(s.due)} due); withdrawal sweep ${n(withdrawal, 2)}${w ? ` (${n(w.counts.itemsRead)} read, ${n(w.due)} due)` : ''}`,
    met: deadline <= 1.1 && (w === undefined || withdrawal <= 1.1),
  };
}

function rebuildRow(results: BenchResults): Row {
  const last = results.checkpoints.filter((c) => c.rebuild).at(-1);
  const r = last?.rebuild;
  if (!r || !last)
    return {
      measure: ROWS[6],
      baseline: '—',
      goal: '≤ 60 s, peak RSS ≤ 512 MB',
      value: 'error',
      met: undefined,
    };
  const seconds = r.ms / 1000;
  const rssMb = r.maxRssKb / 1024;
  return {
    measure: `${ROWS[6]} of ${n(r.report.decisions)} decisions`,
    baseline: '—',
    goal: '≤ 60 s, peak RSS ≤ 512 MB',
    value: `${n(seconds, 1)} s, ${n(rssMb)} MB (${n(r.report.written)} objects written, ${n(r.report.months)} months)`,
    met: seconds <= 60 && rssMb <= 512,
  };
}

function sum(counts: readonly DynamoCounts[]): {
  readUnits: number;
  writeUnits: number;
  requests: Map<string, number>;
  itemsRead: number;
} {
  const requests = new Map<string, number>();
  for (const c of counts) for (const [k, v] of c.requests) requests.set(k, (requests.get(k) ?? 0) + v);
  return {
    readUnits: counts.reduce((t, c) => t + c.readUnits, 0),
    writeUnits: counts.reduce((t, c) => t + c.writeUnits, 0),
    itemsRead: counts.reduce((t, c) => t + c.itemsRead, 0),
    requests,
  };
}

function costSection(results: BenchResults): string[] {
  const seeded = sum(results.seed.counts);
  const probes = results.checkpoints.at(-1)?.publish ?? [];
  if (results.seed.decisions === 0 || probes.length === 0 || !results.latency)
    return [
      '## Cost per million decisions a year',
      '',
      'Not computed: seeding, publish probes or latency failed.',
    ];
  const lifecycles = results.seed.published;
  // The seed's publishes plan against a discarding site: their S3 requests come from the probes.
  const s3 = (command: string) => median(probes.map((p) => p.s3Requests[command] ?? 0));
  const submitS = median(results.latency.handlerMs) / 1000;
  const publishS = median(probes.map((p) => p.ms)) / 1000;
  const measured: MeasuredLife = {
    dynamoWriteUnits: seeded.writeUnits / lifecycles,
    dynamoReadUnits: seeded.readUnits / lifecycles,
    s3PutRequests: s3('PutObjectCommand') + s3('CopyObjectCommand') + s3('ListObjectsCommand'),
    s3GetRequests: s3('GetObjectCommand') + s3('HeadObjectCommand'),
    // submit and approve on 512 MB API functions (the approve taken as long as the submit), publish on 1024 MB.
    lambdaGbSeconds: 2 * submitS * 0.5 + publishS * 1,
  };
  const model = modelLife();
  const measuredCost = yearlyCost(measuredCounts(measured));
  const modelCost = yearlyCost(measuredCounts(model));
  const lines = [
    '## Cost per million decisions a year',
    '',
    `shared/cost-model.ts's \`estimateYearlyCost\` at 1 000 000 decisions a year, ${PUBLIC_VIEWS_PER_DECISION} public views each, first year, ` +
      `with the submit → approve → publish part of each decision's life replaced by what this run counted: DynamoDB request units as ` +
      `DynamoDB Local reports them (ReturnConsumedCapacity on every request, GSIs included) over the ${n(lifecycles)} seeded lifecycles, ` +
      `the S3 requests of the publish probes, Lambda GB-seconds from the measured submit and publish times. ` +
      'Lists, sweeps, scorecard, expiry, takedown and public views (CloudFront) are counted by the model from the code, not measured here.',
    '',
    `Prices (${PRICES.source}): DynamoDB $${PRICES.dynamoDb.perMillionWriteUnits} per million write units, $${PRICES.dynamoDb.perMillionReadUnits} per million read units; ` +
      `S3 $${PRICES.s3.perThousandPuts} per 1 000 PUTs, $${PRICES.s3.perThousandGets} per 1 000 GETs; Lambda arm64 $${PRICES.lambda.perGbSecond} per GB-s, ` +
      `$${PRICES.lambda.perMillionRequests} per million requests; CloudFront $${PRICES.cloudFront.perGbOut} per GB out, $${PRICES.cloudFront.perTenThousandHttpsRequests} per 10 000 HTTPS requests.`,
    '',
    '| per decision, submit → approve → publish | measured | model (shared/cost-model.ts) |',
    '|---|---|---|',
    `| DynamoDB write units | ${n(measured.dynamoWriteUnits, 1)} | ${n(model.dynamoWriteUnits, 1)} |`,
    `| DynamoDB read units | ${n(measured.dynamoReadUnits, 1)} | ${n(model.dynamoReadUnits, 1)} |`,
    `| S3 PUT-tier requests | ${n(measured.s3PutRequests, 1)} | ${n(model.s3PutRequests, 1)} |`,
    `| S3 GET-tier requests | ${n(measured.s3GetRequests, 1)} | ${n(model.s3GetRequests, 1)} |`,
    `| Lambda GB-seconds | ${n(measured.lambdaGbSeconds, 3)} | ${n(model.lambdaGbSeconds, 3)} |`,
    '',
    "| service, a year at 1 000 000 decisions | with the measured counts | with the model's counts |",
    '|---|---|---|',
    ...SERVICES.map(
      (s) =>
        `| ${SERVICE_LABELS[s]} | ${usd(measuredCost.services[s].total)} | ${usd(modelCost.services[s].total)} |`,
    ),
    `| **total** | **${usd(measuredCost.total)}** | **${usd(modelCost.total)}** |`,
    `| of which rewrites of listing parts (bounded at about 500 entries each, ADR 0009) | ${usd(measuredCost.listingParts)} | ${usd(modelCost.listingParts)} |`,
    '',
    `DynamoDB requests per seeded decision: ${[...seeded.requests].map(([k, v]) => `${k.replace('Command', '')} ${n(v / results.seed.decisions, 1)}`).join(', ')}.`,
  ];
  return lines;
}

export function renderReport(results: BenchResults): string {
  const rows: Row[] = [
    ...bundleRows(results),
    latencyRow(results),
    httpRow(results),
    publishRow(results),
    sweepRow(results),
    rebuildRow(results),
  ];
  const met = rows.filter((r) => r.met === true).length;
  const lines: string[] = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench${results.quick ? ` -- --size ${results.size}` : results.size === 100_000 ? '' : ` -- --size ${results.size}`}\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}${results.commit ? ` at commit ${results.commit}` : ''}, ` +
      `in ${n(results.totalSeconds / 60, 1)} min, on the local platform pieces: DynamoDB Local in memory and the S3 server (s3rver), on this machine ` +
      '(2 cores, shared with other work: absolute times are noisy, which is why every figure is a ratio against a baseline measured in the same run). ' +
      'Benchmarks never fail on a timing.',
    '',
    `${met} of ${rows.length} goals met.${results.errors.length ? ` **${results.errors.length} stages failed** (see Errors).` : ' No errors.'}`,
    '',
    '| measure | baseline in the same run | goal | measured | |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.measure} | ${r.baseline} | ${r.goal} | ${r.value} | ${verdict(r.met)} |`),
    '',
    'Plots: [publish time against decisions already published](bench/publish-time.svg), ' +
      '[sweep items read against table size](bench/sweep-reads.svg).',
    '',
    '![publish time](bench/publish-time.svg)',
    '',
    '![sweep reads](bench/sweep-reads.svg)',
    '',
  ];
  lines.push(
    ...whySection(rows),
    '',
    ...seedSection(results),
    '',
    ...checkpointSection(results),
    '',
    ...bundleSection(results),
    '',
    ...costSection(results),
    '',
  );
  lines.push(
    '## Errors',
    '',
    ...(results.errors.length ? results.errors.map((e) => `- ${e}`) : ['None.']),
    '',
  );
  return `${lines.join('\n')}\n`;
}

function seedSection(results: BenchResults): string[] {
  const s = results.seed;
  return [
    '## The seeded history',
    '',
    `${n(s.decisions)} decisions, seeded through the production code paths in ${n(s.seconds / 60, 1)} min (${n(s.decisions / Math.max(1, s.seconds), 0)} decisions/s): ` +
      'batches of 100 through `submitBatch` (R13), each approved by a reviewer of the agency through `reviewDecision`, each published by ' +
      "the publisher's `handleDecisionChange` with its site writes discarded; the site is then built from the records by the full rebuild (row 7). " +
      `They are spread evenly over the 12 months before the current one, two agencies alternating; ${n(s.pending)} of the first batch stay pending ` +
      "review past their deadline (the deadline sweep's due set), the rest of the first batch are natural persons (the first to expire, R6). " +
      'The publish probes publish into the current month.',
  ];
}

function checkpointSection(results: BenchResults): string[] {
  const lines = [
    '## At each table size',
    '',
    '| decisions | deadline sweep: items read / due | publish: median (p90) ms | S3 writes per publish | rebuild: s, peak RSS, objects |',
    '|---|---|---|---|---|',
  ];
  for (const c of results.checkpoints) {
    const p = c.publish ?? [];
    lines.push(
      `| ${n(c.decisions)} (${n(c.published)} published) | ${c.sweep ? `${n(c.sweep.counts.itemsRead)} / ${n(c.sweep.due)}` : '—'} | ` +
        `${
          p.length
            ? `${ms(median(p.map((x) => x.ms)))} (${ms(
                quantile(
                  p.map((x) => x.ms),
                  0.9,
                ),
              )})`
            : '—'
        } | ${p.length ? n(median(p.map((x) => x.s3Writes))) : '—'} | ` +
        `${c.rebuild ? `${n(c.rebuild.ms / 1000, 1)} s, ${n(c.rebuild.maxRssKb / 1024)} MB, ${n(c.rebuild.report.written)}` : '—'} |`,
    );
  }
  const full = results.fullMonthProbes;
  if (full?.length) {
    lines.push(
      '',
      `Publishing into the fullest seeded month (about ${n(results.size / 12)} entries already in it) instead of the current one: median ` +
        `${ms(median(full.map((p) => p.ms)))}, ${n(median(full.map((p) => p.s3Writes)))} S3 writes.`,
    );
  }
  const probe = results.checkpoints.at(-1)?.publish?.[0];
  if (probe)
    lines.push(
      '',
      `What one publish writes, in order: ${probe.writtenKeys.map((k) => `\`${k}\``).join(', ')}.`,
    );
  const w = results.withdrawal;
  if (w)
    lines.push(
      '',
      `Withdrawal sweep (R6) run as of two years after the first batch: ${n(w.due)} due, ${n(w.withdrawn)} withdrawn, ` +
        `${n(w.counts.itemsRead)} items read (${[...w.counts.requests].map(([k, v]) => `${k.replace('Command', '')} ×${v}`).join(', ')}).`,
    );
  return lines;
}

export function bundleSection(results: Pick<BenchResults, 'bundles'>): string[] {
  const b = results.bundles;
  if (!b) return [];
  const base = median(b.baseline.initMs);
  return [
    '## Every handler bundle',
    '',
    `Bundled by infra/bundles.ts with infra/bundling.ts, the options the function construct gives NodejsFunction (minified ESM, node22, SDK external, UTF-8); ` +
      `init time is the median CPU time (user + system) of ${b.baseline.initMs.length} fresh \`node\` processes importing the bundle, interleaved with the baseline (${BASELINE}: ${ms(base)} CPU, ${ms(median(b.baseline.wallMs))} wall). ` +
      'CPU time is what the goal is judged on: the wall clock of a shared machine also counts the waits for a core.',
    '',
    '| handler | size | init CPU (median) | ÷ baseline | init wall (median) | ÷ baseline | size ≤ 200 KB | init ≤ 1.3× |',
    '|---|---|---|---|---|---|---|---|',
    ...b.handlers.map((h) => {
      const init = median(h.initMs);
      const wall = median(h.wallMs);
      return `| ${h.name} | ${kb(h.bytes)} | ${h.error ? h.error : ms(init)} | ${ratio(init / base)} | ${ms(wall)} | ${ratio(wall / median(b.baseline.wallMs))} | ${h.bytes <= 200 * 1024 ? 'yes' : 'no'} | ${init / base <= 1.3 ? 'yes' : 'no'} |`;
    }),
  ];
}

/**
 * What in the production design causes each miss, as read from the code the benchmark exercised (the counts
 * and keys above are the evidence). Only the rows actually missed are explained.
 */
const WHY: Readonly<Record<(typeof ROWS)[number], string>> = {
  [ROWS[0]]:
    'What a handler loads at init beyond the baseline is its own code and what it builds at load: zod and the request schemas (~20 ms of CPU on ' +
    'the routes), the Powertools logger and metrics, and our 5 KB of DynamoDB conversion over the bare client (the SDK document client, ' +
    '@aws-sdk/lib-dynamodb, cost ~45 ms and is no longer used). No handler loads @aws-sdk/client-s3 (~115 ms) or the presigner at init: they ' +
    'load on the first call that needs them, so that cost moves to the first invocation that touches S3 (ADR 0008). The routes sit near ' +
    "1.2–1.3×, within the shared machine's noise of the goal.",
  [ROWS[1]]:
    'The publisher and the reconcile sweep carry the whole site renderer (pages, feeds, the catalogue, the transparency log) beside the SDK glue (ADR 0008).',
  [ROWS[2]]:
    'The handler sends one request, the TransactWriteItems the baseline replays: the agency it computes the deadlines with is kept by the warm function for a minute ' +
    '(ADR 0010; lawful because the registry refuses settings that loosen the law). What is left over the baseline is the middleware, zod and the use case.',
  [ROWS[3]]:
    'Each submission costs DynamoDB Local a five-item TransactWriteItems that also writes three GSI entries (the agency is kept by the warm function, ADR 0010); DynamoDB Local spends ' +
    '~10 ms of CPU on such a transaction on this 2-core machine, which it shares with the API process and the load generator: the emulator, not the handler, is the ceiling.',
  [ROWS[4]]:
    "A publish writes the decision's two pages, the one listing part it belongs to (NDJSON, CSV, sitemap and page, ADR 0009), feed.json, atom.xml and index.html, " +
    "and the transparency log's chunk holding its entry (ADR 0007; head.json is the reconcile run's): 10 writes, each part of the site's or the log's contract; a new month or listing part adds the " +
    'month list, the sitemap index and dataset.json. None of them grows with the history, so the time stays flat; the count is over 8.',
  [ROWS[5]]:
    'Finding what is due costs exactly one index item per item due (the sparse publishDue and expiryDue indexes, which project the whole decision item). ' +
    'The withdrawal sweep acts on the decision item the index returns (its latest revision rides along), its save conditional on the version, so a stale ' +
    'index entry is refused and left to the next run; it reads each agency once per run. One item per item due, plus the agencies, at any table size.',
  [ROWS[6]]:
    "The rebuild writes two pages per decision and every listing part's files, 8 at a time, and reads every decision back: its time is the S3 server's PUT rate " +
    '(s3rver writes each object and its metadata as files) times the number of objects.',
};

function whySection(rows: readonly Row[]): string[] {
  const missed = rows.filter((r) => r.met === false);
  if (missed.length === 0) return ['## Goals missed', '', 'None.'];
  return [
    '## Why the goals missed are missed',
    '',
    ...missed.map((r) => {
      const key = ROWS.find((row) => r.measure.startsWith(row));
      return `- **${r.measure}**: ${key ? WHY[key] : ''}`;
    }),
  ];
}
