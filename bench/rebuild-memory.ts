/**
 * `npm run bench -- --rebuild`: the full site rebuild at 1 000, 10 000 and 100 000 decisions over in-memory doubles
 * (bench/rebuild-memory-child.ts, one fresh process per size), beside the S3-server figures of the last full run,
 * as a section of docs/benchmarks.md replaced in place.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { MemoryRebuildResult } from './rebuild-memory-child.ts';

export const REBUILD_START = '<!-- rebuild:start -->';
export const REBUILD_END = '<!-- rebuild:end -->';
const GOAL_SECONDS = 60;
const GOAL_RSS_MB = 512;

export function runMemoryRebuild(
  projectRoot: string,
  size: number,
  seeded = size,
): Promise<MemoryRebuildResult> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      join(projectRoot, 'bench/rebuild-memory-child.ts'),
      JSON.stringify({ size, seeded }),
    ],
    { cwd: projectRoot, env: process.env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line)
        reject(
          new Error(`the in-memory rebuild of ${size} exited with ${code ?? signal}: ${stdout.slice(-2000)}`),
        );
      else resolve(JSON.parse(line) as MemoryRebuildResult);
    });
  });
}

/** The S3-server rebuild of the last full run, read from its "At each table size" table. */
export interface S3rverRebuild {
  readonly decisions: number;
  readonly published: number;
  readonly seconds: number;
  readonly rssMb: number;
  readonly objects: number;
}

export function s3rverRebuilds(report: string): { rows: S3rverRebuild[]; provenance?: string } {
  const number = (text: string) => Number(text.replaceAll(',', ''));
  const rows: S3rverRebuild[] = [];
  for (const match of report.matchAll(
    /^\| ([\d,]+) \(([\d,]+) published\) \|.*\| ([\d.]+) s, (\d+) MB, ([\d,]+) \|$/gm,
  )) {
    const [, decisions = '', published = '', seconds = '', rss = '', objects = ''] = match;
    rows.push({
      decisions: number(decisions),
      published: number(published),
      seconds: Number(seconds),
      rssMb: Number(rss),
      objects: number(objects),
    });
  }
  const provenance = /^Written by `npm run bench` \(bench\/run\.ts[^)]*\) on (\S+) at commit (\S+?),/m.exec(
    report,
  );
  return provenance ? { rows, provenance: `${provenance[1]} at ${provenance[2]}` } : { rows };
}

/** What profiling the rebuild found (GONGSHI_REBUILD_PROFILE in rebuild-memory-child.ts), 2026-12-07. */
const WHERE_THE_TIME_WENT = [
  '**What changed, and where the time goes now** (profiled on 2026-12-07 with `GONGSHI_REBUILD_PROFILE=FILE`, see bench/rebuild-memory-child.ts):',
  '',
  "- **Planning**: the rebuild planned every decision with `planSiteChange` against empty state, which rendered and threw away, for every decision, a one-entry listing part (NDJSON, CSV, sitemap, page), the feed, Atom, the index, the sitemap index and the dataset description. It now plans with `planDecisionShare` (shared/site/plan.ts): the decision's pages, listing line, feed item and tombstone, from the same projection and the same page code; the shared files are rendered once a month. The bytes written are the same (a test holds the share to `planSiteChange` for every kind of event; a rebuild of 9,950 decisions by the old and the new code gave the same 19,963 objects, 0 differing).",
  '- **Projection**: `publishEvent` projected the public revision twice (again in `correctionsOf`, even without a correction): a third of the CPU at 9,950. Now once.',
  "- **What is left, per decision**: the public projection with its personal-data masking (`projectPublic`, `findCertain`), the page and JSON rendering, the transparency log's draft and its look-up (`ensureLogged`, which serialises and hashes the JSON again), the month files at each month's end, and garbage collection.",
  "- **Memory, not met by a hair, not diagnosed**: the rebuild's own RSS rose by 394 MB at 99,950 (716 MB before the gate ran in it: slower allocation gave the collector more room; 122 MB at 9,950), 515 MB as alone against the goal's 512. What it holds by design grows with the history: the id of every shown decision (`shown`, and grouped by month), the key of every object it wrote but the pages (`producedKeys`), a month's listing lines and, at its end, the month's rendered files; the bucket double holds a key, an ETag and a size for each of the 200,053 objects. How much is live and how much garbage V8 had not collected is not measured here (`GONGSHI_REBUILD_LIVE=1` would tell).",
  '- **The publish gate runs in the rebuild now** (ADR 0012: every object it writes is read by `gateFindings`; what it refuses is not written): at 99,950 it reads the 1.2 GB written and takes the CPU from 57.8 s to 175.8 s (about 118 s, near the ~150 ms per MB of the privacy section), the wall time from 146 s to 251 s on this shared machine. It is the price of never writing on a rebuild what the publisher would have refused.',
];

const mb = (kb: number) => Math.round(kb / 1024);
const thousands = (n: number) => n.toLocaleString('en-US');
const perThousand = (seconds: number, decisions: number) => (seconds / (decisions / 1000)).toFixed(2);

export function renderRebuildSection(
  results: readonly MemoryRebuildResult[],
  s3rver: ReturnType<typeof s3rverRebuilds>,
  measuredAt: string,
): string {
  const base = results[0];
  const baseRate = base ? base.ms / 1000 / (base.report.decisions / 1000) : Number.NaN;
  const largest = results.at(-1);
  const lines = [
    REBUILD_START,
    '## Full site rebuild over in-memory doubles',
    '',
    `Measured at ${measuredAt} by \`npm run bench -- --rebuild\` (this section alone; about ${Math.round(results.reduce((s, r) => s + r.seedSeconds + r.copySeconds + r.ms / 1000, 0) / 60) + 1} min). Each size runs in a fresh process (bench/rebuild-memory-child.ts, \`node --expose-gc\`) that seeds the decisions and then runs the full rebuild (shared/app/rebuild-site.ts, 8 at a time, as \`npm run rebuild-site\` does).`,
    '',
    '- **Real, the production code**: the seeding (bench/seed.ts: batches of 100 through `submitBatch`, each approved through `reviewDecision`, each published by `handleDecisionChange`, on the same timeline as the full run: twelve past months) and the whole rebuild: scan, reads, the public projection, `planDecisionShare`, rendering of every page, listing part and shared file, the transparency log written whole, the final listing and cleanup.',
    '- **Copies, generated when read**: seeding in memory runs at 15–40 decisions/s on this machine, shared with other work, so 10 000 and 100 000 seed 1 000 through the production code paths (950 published, over 10 months) and copy the published ones (bench/copy-seed.ts, `CopyingDecisionStore`): each copy a decision of its own (new id and case number, same content, dates and status, so same months), made when the rebuild reads it and dropped after, never stored. Each copy is logged through `ensureLogged` before the rebuild is timed (the "logging copies" column).',
    '- **Doubles, in the same process**: the decision store is `CopyingDecisionStore` (the 1 000 seeded decisions held, a few MB; the memory store they were seeded into is dropped before the rebuild). The transparency log is the memory adapter (shared/adapters/memory), **held**: an entry and a marker for every decision, which the rebuild reads whole: it is in "before" (6.5 MB of heap for 9,000 copies\' entries at 9,950). The agency directory is the memory adapter. The site bucket is bench/lean-site-bucket.ts: conditional writes on an ETag, deletes and sorted listings like S3, keeping each object\'s ETag and size and the body only of what the rebuild reads back (the listing NDJSON of the two latest months written; any other read throws).',
    '- **RSS**: sampled every 128 decisions and at every month flush (the doubles never yield to a timer). "Before" is the RSS after the seeding, the logging of the copies and a full GC (the modules, the seeded decisions and the log double), "rebuild\'s own" is peak − before, and "as alone" is the RSS of the same process before seeding (modules loaded) plus the rebuild\'s own: what the rebuild peaks at over a remote table and log, which is what the goal is judged on. No decision is held before the rebuild any more, so the peak of the child is itself close to that figure.',
    '',
    "| decisions rebuilt | rebuild (wall) | CPU (user + system) | s per 1 000 | ÷ at the smallest size | peak RSS of the child | before (doubles held) | rebuild's own | as alone | objects written | MB written | seeding in memory |",
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const seconds = r.ms / 1000;
    const own = r.peakRssKb - r.beforeRssKb;
    lines.push(
      `| ${thousands(r.report.decisions)} (${r.copies > 0 ? `${thousands(r.seeded)} seeded, ${thousands(r.copies)} copies` : `${thousands(r.seeded)} seeded`}, ${r.report.months} months) | ${seconds.toFixed(1)} s | ${(r.cpuMs / 1000).toFixed(1)} s | ${perThousand(seconds, r.report.decisions)} s | ${(seconds / (r.report.decisions / 1000) / baseRate).toFixed(2)}× | ${mb(r.peakRssKb)} MB | ${mb(r.beforeRssKb)} MB | ${mb(own)} MB | ${mb(r.baseRssKb + own)} MB | ${thousands(r.report.written)} | ${(r.bytesWritten / 1e6).toFixed(0)} | ${r.seedSeconds.toFixed(0)} s (${(r.seeded / r.seedSeconds).toFixed(0)}/s)${r.copies > 0 ? ` + ${r.copySeconds.toFixed(0)} s of copies` : ''} |`,
    );
  }
  if (largest) {
    const seconds = largest.ms / 1000;
    const alone = mb(largest.baseRssKb + largest.peakRssKb - largest.beforeRssKb);
    const met = seconds <= GOAL_SECONDS && alone <= GOAL_RSS_MB;
    lines.push(
      '',
      `Goal at ${thousands(largest.report.decisions)} decisions: ≤ ${GOAL_SECONDS} s and peak RSS ≤ ${GOAL_RSS_MB} MB. Measured ${seconds.toFixed(1)} s (${(largest.cpuMs / 1000).toFixed(1)} s of CPU) and ${alone} MB as alone (${mb(largest.peakRssKb)} MB peak of the child): **${met ? 'met' : 'not met'}**.`,
      '',
      `Where the time goes at ${thousands(largest.report.decisions)} (from the progress callbacks): the scan and the deletes before the first decision ${(largest.scanMs / 1000).toFixed(1)} s; the months, up to the last month's files ${((largest.monthsMs - largest.scanMs) / 1000).toFixed(1)} s; its files, the transparency log, the shared files and the cleanup ${((largest.ms - largest.monthsMs) / 1000).toFixed(1)} s. The bucket double held ${(largest.heldBodyBytes / 1e6).toFixed(0)} MB of bodies at the end.`,
      '',
      ...WHERE_THE_TIME_WENT,
    );
  }
  lines.push(
    '',
    `Beside it, the same rebuild against the S3 server (s3rver) and DynamoDB Local, from the last full run${s3rver.provenance ? ` (${s3rver.provenance})` : ''}:`,
    '',
    '| decisions rebuilt | s3rver rebuild | s per 1 000 | peak RSS | objects written | in memory ÷ s3rver |',
    '|---|---|---|---|---|---|',
  );
  for (const row of s3rver.rows) {
    const memory = results.find((r) => r.size === row.decisions);
    lines.push(
      `| ${thousands(row.published)} | ${row.seconds.toFixed(1)} s | ${perThousand(row.seconds, row.published)} s | ${row.rssMb} MB | ${thousands(row.objects)} | ${memory ? `${(memory.ms / 1000 / row.seconds).toFixed(3)}×` : '—'} |`,
    );
  }
  if (!s3rver.rows.some((r) => r.decisions >= 100_000))
    lines.push(
      '',
      "The S3 server has no figure at 100 000 in the last full run's table: at its PUT rate (~100 objects/s) the rebuild's ~200 000 objects alone would take over half an hour.",
    );
  lines.push(REBUILD_END);
  return lines.join('\n');
}

/** The section replaced in place between its markers, or appended. */
export function withRebuildSection(report: string, section: string): string {
  const start = report.indexOf(REBUILD_START);
  const end = report.indexOf(REBUILD_END);
  if (start >= 0 && end > start)
    return `${report.slice(0, start)}${section}${report.slice(end + REBUILD_END.length)}`;
  return `${report.trimEnd()}\n\n${section}\n`;
}
