/**
 * R4's row of `npm run bench` (ADR 0012): the adversarial corpus through the public projection and through the
 * objects a publication writes, read by the publish gate; the name detector on its labelled corpus; and what the
 * detectors cost in bundle and time, against the projection they are part of. `npm run bench -- --privacy` runs
 * this row alone and rewrites its section of docs/benchmarks.md.
 */
import { build } from 'esbuild';
import fc from 'fast-check';
import { GATED_KINDS, gateFindings, objectsOnEmptySite } from '../shared/app/publish-gate.ts';
import { findCertain } from '../shared/domain/personal-data.ts';
import { projectPublic } from '../shared/domain/projection.ts';
import { skeletonOf } from '../shared/domain/skeleton.ts';
import { findSuspected } from '../shared/domain/suspected.ts';
import type { SiteConfig } from '../shared/site/types.ts';
import { type AdversarialCase, adversarialCaseArb } from '../test/fixtures/adversarial.ts';
import { measureNameDetector, type NameDetectorFigures } from './name-detector.ts';

export interface PrivacyFigures {
  readonly corpus: number;
  readonly secretsPlanted: number;
  readonly byKind: Readonly<Record<string, number>>;
  readonly projectionLeaks: number;
  readonly projectionCertainFindings: number;
  readonly exempt: number;
  readonly sitesRendered: number;
  readonly objectsGated: number;
  readonly objectsPastGate: number;
  readonly names: NameDetectorFigures;
  readonly cost: {
    readonly projectionMicros: number;
    readonly certainMicros: number;
    readonly suspectedMicros: number;
    readonly suspectedBundleBytes: number;
    readonly projectionBundleBytes: number;
    readonly suspectedInitMs: number;
    /** 500 publications rendered (page, JSON, listing parts, feeds) vs the gate reading all they wrote. */
    readonly renderMs: number;
    readonly gateMs: number;
    readonly gateMegabytes: number;
  };
}

const CONFIG: SiteConfig = {
  siteUrl: 'https://gongshi.example.gov.cn/',
  title: '行政执法公示',
  correctionFormUrl: 'https://gongshi.example.gov.cn/correction.html',
};

function documentOf(c: AdversarialCase) {
  return projectPublic({
    id: 'D0000000001',
    agency: { id: 'siping-gxj', name: '四平市工业和信息化局' },
    revision: 1,
    content: c.content,
  });
}

async function bundleBytes(entry: string): Promise<number> {
  const result = await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
  return result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0);
}

function microsPer(work: () => void, runs: number): number {
  const started = performance.now();
  for (let i = 0; i < runs; i++) work();
  return ((performance.now() - started) * 1000) / runs;
}

export async function measurePrivacy(
  options: { readonly corpus?: number; readonly sites?: number } = {},
): Promise<PrivacyFigures> {
  const corpus = options.corpus ?? 10_000;
  const sites = options.sites ?? 1_000;
  const cases = fc.sample(adversarialCaseArb, { numRuns: corpus, seed: 17 });
  const byKind: Record<string, number> = {};
  let planted = 0;
  let leaks = 0;
  let certain = 0;
  let exempt = 0;
  let rendered = 0;
  let objects = 0;
  let pastGate = 0;
  cases.forEach((c, i) => {
    const projection = documentOf(c);
    for (const secret of c.secrets) {
      planted += 1;
      byKind[secret.kind] = (byKind[secret.kind] ?? 0) + 1;
    }
    if (!projection.publishable) {
      exempt += 1;
      return;
    }
    const json = JSON.stringify(projection.document);
    const skeleton = skeletonOf(json).text.toUpperCase();
    leaks += c.secrets.filter((s) => skeleton.includes(s.canonical.toUpperCase())).length;
    certain += findCertain(json, { kinds: GATED_KINDS }).length;
    if (i < sites) {
      rendered += 1;
      const written = objectsOnEmptySite(
        {
          kind: 'publish',
          document: projection.document,
          publishedAt: '2025-10-09T02:00:00.000Z',
          corrections: [],
        },
        CONFIG,
      );
      objects += written.length;
      const blocked = new Set(gateFindings(written).map((f) => f.key));
      pastGate += blocked.size;
    }
  });

  const sample = cases.slice(0, 500);
  const projectionMicros =
    microsPer(() => {
      for (const c of sample) documentOf(c);
    }, 1) / sample.length;
  const texts = sample.map((c) => `${c.content.method}${c.content.content}${c.content.result}`);
  const certainMicros =
    microsPer(() => {
      for (const t of texts) findCertain(t);
    }, 1) / texts.length;
  const suspectedMicros =
    microsPer(() => {
      for (const t of texts) findSuspected(t);
    }, 1) / texts.length;
  // The gate's cost against the rendering it guards: 500 publications (a full listing part's worth).
  const rendered500 = cases.slice(0, 500).flatMap((c) => {
    const projection = documentOf(c);
    return projection.publishable ? [projection.document] : [];
  });
  const renderStarted = performance.now();
  const objects500 = rendered500.flatMap((document) =>
    objectsOnEmptySite(
      { kind: 'publish', document, publishedAt: '2025-10-09T02:00:00.000Z', corrections: [] },
      CONFIG,
    ),
  );
  const renderMs = performance.now() - renderStarted;
  const gateStarted = performance.now();
  gateFindings(objects500);
  const gateMs = performance.now() - gateStarted;
  const gateMegabytes = objects500.reduce((sum, o) => sum + o.body.length, 0) / 1e6;
  const root = process.cwd();
  const suspectedBundleBytes = await bundleBytes(
    `export { findSuspected } from '${root}/shared/domain/suspected.ts';`,
  );
  const projectionBundleBytes = await bundleBytes(
    `export { projectPublic } from '${root}/shared/domain/projection.ts';`,
  );
  const initStarted = performance.now();
  await import(`${root}/shared/domain/suspected.ts?fresh=${Date.now()}`);
  const suspectedInitMs = performance.now() - initStarted;
  return {
    corpus,
    secretsPlanted: planted,
    byKind,
    projectionLeaks: leaks,
    projectionCertainFindings: certain,
    exempt,
    sitesRendered: rendered,
    objectsGated: objects,
    objectsPastGate: pastGate,
    names: measureNameDetector(),
    cost: {
      projectionMicros,
      certainMicros,
      suspectedMicros,
      suspectedBundleBytes,
      projectionBundleBytes,
      suspectedInitMs,
      renderMs,
      gateMs,
      gateMegabytes,
    },
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function renderPrivacySection(f: PrivacyFigures, commit: string): string {
  const kinds = Object.entries(f.byKind)
    .sort()
    .map(([kind, n]) => `${kind} ${n.toLocaleString('en')}`)
    .join(', ');
  return [
    '<!-- privacy:start -->',
    '## Personal data (R4)',
    '',
    `Measured at ${commit} by \`npm run bench -- --privacy\` (this section alone) or a full \`npm run bench\`.`,
    '',
    '| what | figure |',
    '| --- | ---: |',
    `| adversarial decisions generated (test/fixtures/adversarial.ts, seed 17) | ${f.corpus.toLocaleString('en')} |`,
    `| personal values planted, written every way (${kinds}) | ${f.secretsPlanted.toLocaleString('en')} |`,
    `| decisions never published (a minor found in the party, R3) | ${f.exempt.toLocaleString('en')} |`,
    `| planted values found in a public projection (its skeleton) | **${f.projectionLeaks}** |`,
    `| certain findings in a public projection | **${f.projectionCertainFindings}** |`,
    `| publications rendered to site objects (page, JSON, listing parts, feeds, sitemap) | ${f.sitesRendered.toLocaleString('en')} (${f.objectsGated.toLocaleString('en')} objects) |`,
    `| objects the publish gate would refuse (a certain finding in them) | **${f.objectsPastGate}** |`,
    `| labelled sentences with names (test/fixtures/names-corpus.ts) | ${f.names.sentences} (${f.names.names} names, ${f.names.traps} place and company names that read like names) |`,
    `| names found (recall; a span overlaps the name) | ${pct(f.names.recall)} (${f.names.found} of ${f.names.names}) |`,
    `| names found exactly | ${pct(f.names.exactRecall)} |`,
    `| name spans that are names (precision) | ${pct(f.names.precision)} |`,
    `| place and company names flagged (false-positive rate) | ${pct(f.names.trapFalsePositiveRate)} (${f.names.trapsFlagged} of ${f.names.traps}) |`,
    '',
    'What the detectors cost, against the projection they are part of (same run, same machine):',
    '',
    '| what | figure | ratio |',
    '| --- | ---: | ---: |',
    `| public projection of one decision (baseline) | ${f.cost.projectionMicros.toFixed(0)} µs | 1.00× |`,
    `| certain detectors over its free text | ${f.cost.certainMicros.toFixed(0)} µs | ${(f.cost.certainMicros / f.cost.projectionMicros).toFixed(2)}× |`,
    `| suspected detectors over its free text (on GET and submit only) | ${f.cost.suspectedMicros.toFixed(0)} µs | ${(f.cost.suspectedMicros / f.cost.projectionMicros).toFixed(2)}× |`,
    `| bundle of the projection (minified, with the certain detectors) | ${(f.cost.projectionBundleBytes / 1024).toFixed(1)} KB | 1.00× |`,
    `| bundle of the suspected detectors alone | ${(f.cost.suspectedBundleBytes / 1024).toFixed(1)} KB | ${(f.cost.suspectedBundleBytes / f.cost.projectionBundleBytes).toFixed(2)}× |`,
    `| first import of the suspected detectors | ${f.cost.suspectedInitMs.toFixed(1)} ms | |`,
    `| rendering 500 publications' objects (baseline) | ${f.cost.renderMs.toFixed(0)} ms | 1.00× |`,
    `| the publish gate reading all of them (${f.cost.gateMegabytes.toFixed(1)} MB) | ${f.cost.gateMs.toFixed(0)} ms | ${(f.cost.gateMs / f.cost.renderMs).toFixed(2)}× |`,
    '',
    'The detectors run on submit, GET, correction and review; the publisher and the sweeps apply a review without',
    'them (`npm run bundles`: publish-site 209 KB, without name-lexicon.ts and suspected.ts).',
    '',
    'The name detector is a surname table with the words around a name, not a segmenter: @node-rs/jieba would add a',
    '5.1 MB dictionary, a 2.8 MB native binary and 135–330 ms of init, and its person tag found a quarter of the',
    "corpus' names (shared/domain/suspected.ts). Measured once on prose it had not seen (held-out-5, 93 names, written",
    'after the last change), it found 94.6 % of names and flagged 1 of 40 places and brands (bench/name-detector.ts).',
    '<!-- privacy:end -->',
  ].join('\n');
}
