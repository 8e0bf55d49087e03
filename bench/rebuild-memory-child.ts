/**
 * The in-memory rebuild row (`npm run bench -- --rebuild`), one table size per process: seeds `seeded` decisions
 * through the seed's production code paths (bench/seed.ts: submitBatch, reviewDecision, handleDecisionChange)
 * into the memory stores (shared/adapters/memory: decisions, transparency log, agencies), makes the rest of the
 * `size` copies of them, generated when read (copy-seed.ts), then runs the full rebuild (shared/app/rebuild-site.ts)
 * into LeanSiteBucket. Everything between the stores and the bucket is the production code; the stores and the
 * bucket are doubles, so the figure is our code's and not an emulator's.
 *
 * The decisions are not held: the memory store of the seeding is dropped once the seeded decisions are taken out
 * of it, and the copies exist while the rebuild reads them. The transparency log double is held (an entry for every
 * decision: the table's log, read whole by the rebuild); its heap is measured and reported. Run with
 * `--expose-gc`. Reads `{ size, seeded }` as JSON from argv, prints one JSON line of results.
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
import type { DecisionRef, Dependencies, StoredDecision } from '../shared/ports.ts';
import { CopyingDecisionStore, logCopies } from './copy-seed.ts';
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
  /** Kilobytes of V8 heap the transparency log double's entries of the copies added (after a full GC). */
  readonly logHeapKb: number;
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
const log = new MemoryTransparencyLog();
const siteConfig = siteConfigOf({ SITE_URL: 'http://127.0.0.1:3001/', API_URL: 'http://127.0.0.1:3000/' });
const site = new LeanSiteBucket();
const agencies = cachedAgencies(registry, { maxAgeMs: AGENCY_CACHE_MS });
const state: SeedState = { seeded: 0, published: 0, pendingIds: [], naturalIds: [] };

/** Seeds into a memory store of its own and hands back its decisions and their references: the store is dropped. */
async function seedDecisions(): Promise<{ stored: StoredDecision[]; refs: DecisionRef[] }> {
  const store = new MemoryDecisionStore({ clock });
  const deps: Dependencies = {
    store,
    // As the handlers keep them (functions/lib/dependencies.ts, ADR 0010).
    agencies,
    calendar: createDefaultCalendar(),
    clock,
    ids: ulidGenerator(clock),
  };
  const publisher: PublisherDependencies = { ...deps, site, log, siteConfig };
  // The same timeline as the full run's (bench/run.ts): `size` decisions over the twelve months before this one.
  const now = new Date();
  const plan: SeedPlan = {
    size: seedSize,
    historyEnd: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 8 * 3600 * 1000),
    concurrency: 8,
  };
  const seedBar = progressBar(`seeding ${seedSize} in memory`, seedSize);
  await seed({ deps, publisher }, plan, state, seedSize, (seeded) => seedBar.update(seeded));
  seedBar.end();
  const refs: DecisionRef[] = [];
  const stored: StoredDecision[] = [];
  for await (const ref of store.scanPublicDecisions()) {
    refs.push(ref);
    const decision = await store.get(ref.id);
    if (decision) stored.push(decision);
  }
  return { stored, refs };
}

const seedStarted = performance.now();
const seeded = await seedDecisions();
const seedSeconds = (performance.now() - seedStarted) / 1000;
const store = new CopyingDecisionStore(seeded.stored, seeded.refs, size - seedSize);
const publisher: PublisherDependencies = {
  // The rebuild reads the store by id and nothing else (`get`): the rest of the port is never called.
  store: store as unknown as PublisherDependencies['store'],
  agencies,
  calendar: createDefaultCalendar(),
  clock,
  site,
  log,
  siteConfig,
};
gc();
const logHeapBefore = process.memoryUsage().heapUsed;
const copyStarted = performance.now();
const copyBar = progressBar(`logging ${size - seedSize} copies`, size - seedSize);
const copies = await logCopies(publisher, store, (n) => copyBar.update(n));
copyBar.end();
const copySeconds = (performance.now() - copyStarted) / 1000;
gc();
const logHeapKb = Math.round((process.memoryUsage().heapUsed - logHeapBefore) / 1024);

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
let reports = 0;
const report = await rebuildSite(
  { ...publisher, scanner: store },
  {
    // The doubles answer at once, so timers would not fire until the end: RSS is sampled from the callbacks.
    onProgress: (done, total) => {
      scanMs ??= performance.now() - started;
      // Reading the RSS is a system call: every 16th report (128 decisions) is often enough for a slow rise.
      if (++reports % 16 === 0) sample();
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
  logHeapKb,
  liveHeapKb,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
