/**
 * The in-memory rebuild row (`npm run bench -- --rebuild`), one table size per process: seeds `size` decisions
 * through the seed's production code paths (bench/seed.ts: submitBatch, reviewDecision, handleDecisionChange)
 * into the memory stores (shared/adapters/memory: decisions, transparency log, agencies), then runs the full
 * rebuild (shared/app/rebuild-site.ts) into LeanSiteBucket. Everything between the stores and the bucket is the
 * production code; the stores and the bucket are doubles, so the figure is our code's and not an emulator's.
 *
 * The table lives in this process, so its peak RSS holds the table as well: the RSS before the rebuild (after a
 * full GC) is reported beside the peak, and their difference is what the rebuild itself added. Run with
 * `--expose-gc`. Reads `{ size }` as JSON from argv, prints one JSON line of results.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { siteConfigOf } from '../functions/lib/links.ts';
import { parseAgencyFile, upsertAgencies } from '../infra/agency-admin.ts';
import localAgencies from '../infra/local/agencies.json' with { type: 'json' };
import { ulidGenerator } from '../shared/adapters/ids.ts';
import { MemoryAgencyDirectory } from '../shared/adapters/memory/agency-directory.ts';
import { MemoryDecisionStore } from '../shared/adapters/memory/decision-store.ts';
import { MemoryTransparencyLog } from '../shared/adapters/memory/transparency-log.ts';
import { AGENCY_CACHE_MS, cachedAgencies } from '../shared/app/agency-cache.ts';
import type { PublisherDependencies } from '../shared/app/publish.ts';
import { rebuildSite } from '../shared/app/rebuild-site.ts';
import { createDefaultCalendar } from '../shared/domain/calendar/sources.ts';
import type { Dependencies } from '../shared/ports.ts';
import { copyDecisions } from './copy-seed.ts';
import { LeanSiteBucket } from './lean-site-bucket.ts';
import { BenchClock } from './local.ts';
import { progressBar } from './progress.ts';
import { type SeedPlan, type SeedState, seed } from './seed.ts';

export interface MemoryRebuildResult {
  readonly size: number;
  readonly seeded: number;
  readonly published: number;
  readonly seedSeconds: number;
  /** Decisions copied from the seeded ones (copy-seed.ts), and the seconds it took. */
  readonly copies: number;
  readonly copySeconds: number;
  readonly ms: number;
  /** CPU time of the rebuild (user + system): the machine is shared, so wall time is noisy. */
  readonly cpuMs: number;
  /** Milliseconds from the start to the end of step 1 (the scan; the first progress report) and of step 2. */
  readonly scanMs: number;
  readonly monthsMs: number;
  readonly report: { readonly decisions: number; readonly months: number; readonly written: number };
  readonly bytesWritten: number;
  readonly deletes: number;
  /** Kilobytes: after the imports, before the rebuild (the table held, after a full GC), and at its peak. */
  readonly baseRssKb: number;
  readonly beforeRssKb: number;
  readonly peakRssKb: number;
  /** getrusage's high-water mark of the whole process, seeding included. */
  readonly maxRssKb: number;
  readonly heldBodyBytes: number;
  /** Kilobytes of V8 heap after a full GC: before the rebuild, and the most at a month's flush (with GONGSHI_REBUILD_LIVE). */
  readonly beforeHeapKb: number;
  readonly liveHeapKb: number;
}

// `seeded` of the `size` decisions go through the production code paths; the rest are copies of them (copy-seed.ts).
const { size, seeded: seedSize = size } = JSON.parse(process.argv[2] ?? '{}') as {
  size: number;
  seeded?: number;
};
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const kb = () => Math.round(process.memoryUsage.rss() / 1024);
gc();
const baseRssKb = kb();

const clock = new BenchClock();
const registry = new MemoryAgencyDirectory();
await upsertAgencies(registry, parseAgencyFile(localAgencies, 'infra/local/agencies.json'));
const store = new MemoryDecisionStore({ clock });
const deps: Dependencies = {
  store,
  // As the handlers keep them (functions/lib/dependencies.ts, ADR 0010).
  agencies: cachedAgencies(registry, { maxAgeMs: AGENCY_CACHE_MS }),
  calendar: createDefaultCalendar(),
  clock,
  ids: ulidGenerator(clock),
};
const site = new LeanSiteBucket();
const publisher: PublisherDependencies = {
  ...deps,
  site,
  log: new MemoryTransparencyLog(),
  siteConfig: siteConfigOf({ SITE_URL: 'http://127.0.0.1:3001/', API_URL: 'http://127.0.0.1:3000/' }),
};

// The same timeline as the full run's (bench/run.ts): `size` decisions over the twelve months before this one.
const now = new Date();
const plan: SeedPlan = {
  size: seedSize,
  historyEnd: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 8 * 3600 * 1000),
  concurrency: 8,
};
const state: SeedState = { seeded: 0, published: 0, pendingIds: [], naturalIds: [] };
const seedStarted = performance.now();
const seedBar = progressBar(`seeding ${seedSize} in memory`, seedSize);
await seed({ deps, publisher }, plan, state, seedSize, (seeded) => seedBar.update(seeded));
seedBar.end();
const seedSeconds = (performance.now() - seedStarted) / 1000;
const copyStarted = performance.now();
const published = [];
for await (const ref of store.scanPublicDecisions()) if (ref.status === 'published') published.push(ref.id);
const copyBar = progressBar(`copying to ${size}`, size - seedSize);
const copies = await copyDecisions({ ...publisher, store }, published, size - seedSize, (n) =>
  copyBar.update(n),
);
copyBar.end();
const copySeconds = (performance.now() - copyStarted) / 1000;

gc();
const beforeRssKb = kb();
const beforeHeapKb = Math.round(process.memoryUsage().heapUsed / 1024);
let liveHeapKb = beforeHeapKb;
let peakRssKb = beforeRssKb;
const sample = () => {
  const rss = kb();
  if (rss > peakRssKb) peakRssKb = rss;
};
// GONGSHI_REBUILD_PROFILE=FILE: a CPU profile of the rebuild alone (not the seeding), for Chrome's DevTools.
const profileTo = process.env.GONGSHI_REBUILD_PROFILE;
const session = profileTo ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const cpuBefore = process.cpuUsage();
const started = performance.now();
let scanMs: number | undefined;
let monthsMs = 0;
let bar: ReturnType<typeof progressBar> | undefined;
const report = await rebuildSite(
  { ...publisher, scanner: store },
  {
    // The doubles answer at once, so timers would not fire until the end: RSS is sampled from the callbacks.
    onProgress: (done, total) => {
      scanMs ??= performance.now() - started;
      sample();
      bar ??= progressBar('site rebuild', total);
      bar.update(done);
    },
    onMonthFlush: () => {
      sample();
      // GONGSHI_REBUILD_LIVE=1: what the rebuild holds live as each month is written (a full GC first: slow).
      if (process.env.GONGSHI_REBUILD_LIVE) {
        gc();
        liveHeapKb = Math.max(liveHeapKb, Math.round(process.memoryUsage().heapUsed / 1024));
      }
      monthsMs = performance.now() - started;
    },
  },
);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
sample();
if (session && profileTo) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(profileTo, JSON.stringify(profile));
  session.disconnect();
}
bar?.end();

const result: MemoryRebuildResult = {
  size,
  seeded: state.seeded,
  published: state.published + copies,
  seedSeconds,
  copies,
  copySeconds,
  ms,
  cpuMs: (cpu.user + cpu.system) / 1000,
  scanMs: scanMs ?? ms,
  monthsMs,
  report: { decisions: report.decisions, months: report.months, written: report.written },
  bytesWritten: site.counts.bytesPut,
  deletes: site.counts.deletes,
  baseRssKb,
  beforeRssKb,
  peakRssKb,
  maxRssKb: process.resourceUsage().maxRSS,
  heldBodyBytes: site.heldBytes,
  beforeHeapKb,
  liveHeapKb,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
