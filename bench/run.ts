/**
 * `npm run bench [-- --size N] [--quick] [--out DIR] [--privacy] [--bundles] [--rebuild] [--search] [--tlog]`: the benchmark suite on the local platform pieces
 * (DynamoDB Local in memory, the S3 server in a temporary folder), started and stopped here. Writes
 * DIR/benchmarks.md (default docs/) and two plots under DIR/bench/. Every figure is a ratio against a baseline
 * measured in the same run, with the absolute numbers beside it; nothing here fails on a timing.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from '../infra/cli.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../infra/local/aws-config.ts';
import { type BundleResult, measureBundles } from './bundles.ts';
import { type DynamoCounts, difference, snapshot } from './counting.ts';
import { type HttpLoadResult, measureHttpSubmissions } from './http-load.ts';
import { type LatencyResult, measureSubmitLatency } from './latency.ts';
import { startBenchEnvironment } from './local.ts';
import { publishTimePlot, sweepReadsPlot } from './plots.ts';
import { measurePrivacy, renderPrivacySection } from './privacy.ts';
import { progressBar } from './progress.ts';
import { type PublishProbe, publishProbes } from './publish.ts';
import { type RebuildResult, runRebuild } from './rebuild.ts';
import {
  REBUILD_END,
  REBUILD_START,
  renderRebuildSection,
  runMemoryRebuild,
  s3rverRebuilds,
  withRebuildSection,
} from './rebuild-memory.ts';
import { type BenchResults, bundleSection, type Checkpoint, renderReport } from './report.ts';
import { measureSearchIndex, searchBytesPlot, searchSection } from './search-index.ts';
import { BATCH, instantOf, type SeedPlan, type SeedState, seed } from './seed.ts';
import { measureDeadlineSweep, measureWithdrawalSweep } from './sweeps.ts';
import { measureTlog, tlogSection, withTlogSection } from './tlog.ts';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: npm run bench [-- --size N] [--quick] [--out DIR] [--privacy] [--bundles] [--rebuild] [--search] [--tlog]
The benchmark suite on the local platform pieces (about an hour at the default 100 000 decisions); writes
DIR/benchmarks.md (default docs/). Every figure is a ratio against a baseline measured in the same run.
  --size N    decisions seeded (default 100 000; at least ${2 * BATCH})
  --quick     a small run (200 decisions) to try the suite
  --out DIR   where the report goes (default docs/)
  --privacy   only R4's section (the personal-data gate), replaced in place
  --bundles   only the handler bundles' section, replaced in place (a few minutes)
  --rebuild   only the full rebuild over in-memory doubles, replaced in place (about 5 minutes)
  --search    only the search index at 1 000 to 1 000 000 decisions, replaced in place (a few minutes)
  --tlog      only the tiled transparency log at 1 000 to 1 000 000 entries, replaced in place (a few minutes)`;

const { values } = parseCommandLine('bench', USAGE, {
  options: {
    size: { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    privacy: { type: 'boolean', default: false },
    bundles: { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    search: { type: 'boolean', default: false },
    tlog: { type: 'boolean', default: false },
  },
});
const quick = values.quick === true;
const size = Number(values.size ?? (quick ? 200 : 100_000));
if (!Number.isInteger(size) || size < 2 * BATCH) {
  console.error(`usage: npm run bench -- [--size N (at least ${2 * BATCH})] [--quick] [--out DIR]`);
  process.exit(2);
}
const outDir = resolve(values.out ?? join(PROJECT_ROOT, 'docs'));

/** R4's section of the report (bench/privacy.ts), replaced in place or appended. */
async function writePrivacySection(report: string): Promise<string> {
  const section = renderPrivacySection(
    await measurePrivacy({ corpus: quick ? 500 : 10_000, sites: quick ? 50 : 1_000 }),
    commitOf(PROJECT_ROOT).commit ?? 'an unknown commit',
  );
  const start = report.indexOf('<!-- privacy:start -->');
  const end = report.indexOf('<!-- privacy:end -->');
  if (start >= 0 && end > start)
    return `${report.slice(0, start)}${section}${report.slice(end + '<!-- privacy:end -->'.length)}`;
  return `${report.trimEnd()}\n\n${section}\n`;
}

if (values.privacy) {
  // `--privacy`: this row alone, in seconds, into the report as it stands.
  const path = join(outDir, 'benchmarks.md');
  mkdirSync(outDir, { recursive: true });
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  writeFileSync(path, await writePrivacySection(existing));
  process.stderr.write(`wrote the personal-data section of ${path}\n`);
  process.exit(0);
}
/** The tiled log's section (bench/tlog.ts): in memory, a few minutes; a quick run stops at 10 000 entries. */
async function measuredTlogSection(): Promise<string> {
  const figures = await measureTlog(
    quick
      ? { sizes: [1_000, 10_000], verifySize: 10_000 }
      : { sizes: [1_000, 100_000, 1_000_000], verifySize: 100_000 },
    (message) => process.stderr.write(`${message}\n`),
  );
  return tlogSection(
    figures,
    `${commitOf(PROJECT_ROOT).commit ?? 'an unknown commit'} on ${new Date().toISOString().slice(0, 10)}`,
    `on this machine (${cpus().length} cores, shared with other work: the timings are noisy, hence the ratio)`,
  );
}

if (values.tlog) {
  // `--tlog`: the tiled transparency log's section alone, replaced in place.
  const path = join(outDir, 'benchmarks.md');
  mkdirSync(outDir, { recursive: true });
  const section = await measuredTlogSection();
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  writeFileSync(path, withTlogSection(existing, section));
  process.stderr.write(`wrote the tiled transparency log's section of ${path}\n`);
  process.exit(0);
}
if (values.search) {
  // `--search`: the static search index (ADR 0017) built from synthetic histories of growing size with the
  // publisher's functions, and the bytes and requests of sampled queries; its section and plot replaced in place.
  const path = join(outDir, 'benchmarks.md');
  mkdirSync(join(outDir, 'bench'), { recursive: true });
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000];
  const figures = sizes.map((n) => {
    process.stderr.write(`search index at ${n} decisions\n`);
    return measureSearchIndex(n);
  });
  writeFileSync(join(outDir, 'bench/search-bytes.svg'), searchBytesPlot(figures));
  const section = searchSection(figures, commitOf(PROJECT_ROOT).commit ?? 'an unknown commit');
  const start = existing.indexOf('## Search index');
  const next = start >= 0 ? existing.indexOf('\n## ', start + 1) : -1;
  const report =
    start >= 0
      ? `${existing.slice(0, start)}${section}\n${next >= 0 ? existing.slice(next) : ''}`
      : `${existing.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, report);
  process.stderr.write(`wrote the search-index section of ${path}\n`);
  process.exit(0);
}
if (values.bundles) {
  // `--bundles`: every handler bundled and timed again, its section of the report replaced in place (a minute or
  // two), so a new or changed function's row is current without the hour of the whole run.
  const path = join(outDir, 'benchmarks.md');
  mkdirSync(outDir, { recursive: true });
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  let bar: ReturnType<typeof progressBar> | undefined;
  const bundles = await measureBundles(
    PROJECT_ROOT,
    join(PROJECT_ROOT, 'bench/.out/bundles'),
    quick ? 2 : 7,
    (done, total) => {
      bar ??= progressBar('bundle init', total);
      bar.update(done);
    },
  );
  bar?.end();
  const lines = bundleSection({ bundles });
  const section = [
    ...lines.slice(0, 2),
    `Measured at ${commitOf(PROJECT_ROOT).commit ?? 'an unknown commit'} on ${new Date().toISOString().slice(0, 10)} by \`npm run bench -- --bundles\` (this section alone) or a full \`npm run bench\`.`,
    '',
    ...lines.slice(2),
  ].join('\n');
  const start = existing.indexOf('## Every handler bundle');
  const next = start >= 0 ? existing.indexOf('\n## ', start + 1) : -1;
  const report =
    start >= 0
      ? `${existing.slice(0, start)}${section}\n${next >= 0 ? existing.slice(next) : ''}`
      : `${existing.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, report);
  process.stderr.write(`wrote the handler-bundle section of ${path}\n`);
  process.exit(0);
}
if (values.rebuild) {
  // `--rebuild`: the full rebuild at 1 000, 10 000 and 100 000 decisions over in-memory doubles, one process each
  // (bench/rebuild-memory.ts), its section of the report replaced in place beside the S3-server figures it holds.
  const path = join(outDir, 'benchmarks.md');
  mkdirSync(outDir, { recursive: true });
  const measuredAt = `${commitOf(PROJECT_ROOT).commit ?? 'an unknown commit'} on ${new Date().toISOString().slice(0, 10)}`;
  const results = [];
  // The larger sizes are copied from 1 000 seeded through the production code paths (bench/copy-seed.ts): seeding
  // in memory runs at 15–40 decisions/s on this machine.
  const sizes: [number, number][] = quick
    ? [
        [200, 200],
        [400, 200],
      ]
    : [
        [1000, 1000],
        [10_000, 1000],
        [100_000, 1000],
      ];
  for (const [decisions, seeded] of sizes) {
    process.stderr.write(`— the in-memory rebuild at ${decisions} decisions (${seeded} seeded)\n`);
    results.push(await runMemoryRebuild(PROJECT_ROOT, decisions, seeded));
  }
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const section = renderRebuildSection(results, s3rverRebuilds(existing), measuredAt);
  writeFileSync(path, withRebuildSection(existing, section));
  process.stderr.write(`wrote the in-memory rebuild section of ${path}\n`);
  process.exit(0);
}
const small = quick || size < 20 * BATCH;

Object.assign(process.env, {
  AWS_REGION: LOCAL_REGION,
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'gongshi',
  POWERTOOLS_METRICS_NAMESPACE: 'Gongshi',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_METRICS_DISABLED: 'true',
});

const log = (message: string) => process.stderr.write(`${message}\n`);
const errors: string[] = [];
/** A stage that fails is reported in its row and in the errors list; the others still run. */
async function stage<T>(name: string, work: () => Promise<T>): Promise<T | undefined> {
  log(`— ${name}`);
  try {
    return await work();
  } catch (error) {
    const text =
      error instanceof Error
        ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ''}`
        : String(error);
    errors.push(`${name}: ${text}`);
    log(`  failed: ${text}`);
    return undefined;
  }
}

/** The table sizes at which sweeps, rebuild and publish are measured: 1 000 (the ratio's base), 10 000, size. */
function checkpointsOf(total: number): number[] {
  const base = Math.max(BATCH, Math.min(1000, Math.floor(total / 2 / BATCH) * BATCH));
  const sizes = [base, ...(total >= 20_000 ? [10_000] : []), total];
  return [...new Set(sizes)].sort((a, b) => a - b);
}

const started = performance.now();
// Taken at the start: the checkout may move on during a long run.
const measured = commitOf(PROJECT_ROOT);

let bundleBar: ReturnType<typeof progressBar> | undefined;
const bundles = await stage(
  'rows 1–2: every handler bundled, its size and its init time in fresh processes',
  () =>
    measureBundles(PROJECT_ROOT, join(PROJECT_ROOT, 'bench/.out/bundles'), small ? 2 : 7, (done, total) => {
      bundleBar ??= progressBar('bundle init', total);
      bundleBar.update(done);
    }),
);
bundleBar?.end();

const http: HttpLoadResult | undefined = await stage(
  'row 4: sustained submissions over HTTP on the local platform',
  () => measureHttpSubmissions(small ? 5 : 20, 16),
);

const env = await startBenchEnvironment();
// Interrupted (Ctrl-C, a timeout): the emulators are child processes and must not outlive the run.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void env.stop().finally(() => process.exit(130));
  });
}
let latency: LatencyResult | undefined;
const checkpoints: Checkpoint[] = [];
let fullMonthProbes: PublishProbe[] | undefined;
let withdrawal: Awaited<ReturnType<typeof measureWithdrawalSweep>> | undefined;
let seedSeconds = 0;
const seedCounts: DynamoCounts[] = [];
const now = new Date();
const plan: SeedPlan = {
  size,
  historyEnd: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 8 * 3600 * 1000),
  concurrency: 8,
};
const state: SeedState = { seeded: 0, published: 0, pendingIds: [], naturalIds: [] };
try {
  latency = await stage('row 3: submit handler in process vs a raw TransactWriteItems of its items', () =>
    measureSubmitLatency(env, PROJECT_ROOT, small ? 40 : 300, small ? 5 : 20),
  );

  const seedBar = progressBar('seeding (submit batch → approve → publish)', size);
  let estimated = false;
  for (const target of checkpointsOf(size)) {
    const seedStarted = performance.now();
    const seededBefore = state.seeded;
    const countsBefore = snapshot(env.dynamoCounts);
    const ok = await stage(`seeding up to ${target} decisions`, () =>
      seed(env, plan, state, target, (seeded) => {
        seedBar.update(seeded);
        if (!estimated && seeded >= Math.min(size, 1000)) {
          estimated = true;
          const rate = (seeded - seededBefore) / ((performance.now() - seedStarted) / 1000);
          log(
            `\n  seeding runs at ${rate.toFixed(0)} decisions/s: ${size} take about ${Math.round(size / rate / 60)} min`,
          );
        }
      }),
    );
    seedSeconds += (performance.now() - seedStarted) / 1000;
    seedCounts.push(difference(env.dynamoCounts, countsBefore));
    if (ok === undefined && state.seeded < target) break;
    const checkpoint: Checkpoint = { decisions: state.seeded, published: state.published };
    seedBar.end();
    checkpoint.sweep = await stage(`row 6: deadline sweep with ${state.seeded} decisions`, () =>
      measureDeadlineSweep(env, state.seeded),
    );
    checkpoint.rebuild = await stage(`row 7: full site rebuild of ${state.published} decisions`, () =>
      runRebuild(env, PROJECT_ROOT),
    );
    checkpoint.publish = await stage(`row 5: publish probes with ${state.published} published`, () =>
      publishProbes(env, small ? 3 : 15),
    );
    checkpoints.push(checkpoint);
  }

  fullMonthProbes = await stage('row 5: publish probes into the fullest seeded month', () =>
    publishProbes(env, small ? 3 : 10, new Date(instantOf(plan, size - 1).getTime() + 3600 * 1000)),
  );
  if (state.firstPublishedAt) {
    const first = state.firstPublishedAt;
    // R6: natural persons come down 2 years after publication; a week later only the first batch's are due.
    const at = new Date(first.getTime() + (2 * 365 + 7) * 86_400_000);
    withdrawal = await stage('row 6: withdrawal sweep when the first natural persons expire', () =>
      measureWithdrawalSweep(env, state.seeded, at),
    );
  }
} finally {
  await env.stop();
}
// In memory, after the emulators are gone: the tiled log's own section.
const tlog = await stage('the tiled transparency log at 1 000 to 1 000 000 entries', measuredTlogSection);

const results: BenchResults = {
  size,
  ...measured,
  quick: small,
  totalSeconds: (performance.now() - started) / 1000,
  seed: {
    decisions: state.seeded,
    published: state.published,
    pending: state.pendingIds.length,
    seconds: seedSeconds,
    counts: seedCounts,
  },
  ...(bundles ? { bundles } : {}),
  ...(latency ? { latency } : {}),
  ...(http ? { http } : {}),
  checkpoints,
  ...(fullMonthProbes ? { fullMonthProbes } : {}),
  ...(withdrawal ? { withdrawal } : {}),
  errors,
};
mkdirSync(join(outDir, 'bench'), { recursive: true });
writeFileSync(join(outDir, 'bench/publish-time.svg'), publishTimePlot(results));
writeFileSync(join(outDir, 'bench/sweep-reads.svg'), sweepReadsPlot(results));
// The in-memory rebuild's section (`--rebuild`) is not measured by the full run: it is kept as it stands.
const previous = existsSync(join(outDir, 'benchmarks.md'))
  ? readFileSync(join(outDir, 'benchmarks.md'), 'utf8')
  : '';
const kept = previous.slice(
  previous.indexOf(REBUILD_START),
  previous.indexOf(REBUILD_END) + REBUILD_END.length,
);
const rendered = await writePrivacySection(renderReport(results));
const fresh = tlog ? withTlogSection(rendered, tlog) : rendered;
writeFileSync(
  join(outDir, 'benchmarks.md'),
  previous.includes(REBUILD_START) && previous.includes(REBUILD_END)
    ? withRebuildSection(fresh, kept)
    : fresh,
);
log(
  `wrote ${join(outDir, 'benchmarks.md')} in ${Math.round(results.totalSeconds)} s${errors.length ? ` with ${errors.length} errors` : ''}`,
);

/** The commit the run measured, when the project is a git checkout with git at hand. */
function commitOf(root: string): { commit?: string } {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    const head = git('rev-parse', '--short', 'HEAD');
    const changed = git('status', '--porcelain', '--untracked-files=no') !== '';
    return { commit: changed ? `${head}+changes` : head };
  } catch {
    return {};
  }
}

export type { BundleResult, RebuildResult };
