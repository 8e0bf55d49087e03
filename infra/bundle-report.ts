/**
 * `npm run bundles [-- --runs N --top K --out DIR]`: bundles every handler with the CDK construct's esbuild
 * options (bundling.ts) and prints, per handler, its size, its largest inputs and its init time in a fresh
 * Node process against a bundle that only builds a DynamoDB client. `--runs 0` skips the timing.
 */
import { resolve } from 'node:path';
import { BASELINE, type Bundle, bundleAll, medianImportTimes } from './bundles.ts';
import { parseCommandLine } from './cli.ts';

/** The goals of ADR 0008: a bundle of at most 200 KB, an init time at most 1.3× the baseline's. */
const MAX_BYTES = 200 * 1024;
const MAX_INIT_RATIO = 1.3;

const USAGE = `usage: npm run bundles [-- --runs N --top K --out DIR]
Bundles every handler as the stack does and prints its size, its largest inputs and its init time against a
bundle that only builds a DynamoDB client (ADR 0008: at most 200 KB and 1.3×).
  --runs N   fresh processes timed per bundle (default 9; 0 skips the timing)
  --top K    largest inputs listed per bundle (default 6)
  --out DIR  where the bundles are written (default cdk.out/bundle-report)`;

const { values } = parseCommandLine('bundles', USAGE, {
  options: {
    runs: { type: 'string', default: '9' },
    top: { type: 'string', default: '6' },
    out: { type: 'string', default: 'cdk.out/bundle-report' },
  },
});
const runs = Number(values.runs);
const top = Number(values.top);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const { handlers, baseline } = await bundleAll(resolve(values.out));
const all: Bundle[] = [...handlers, baseline];
const times =
  runs > 0
    ? medianImportTimes(
        all.map((b) => b.file),
        runs,
      )
    : [];
const base = times.at(-1);

console.log(
  `| handler | size | init CPU (median of ${runs}) | × baseline | init wall | × baseline | largest inputs |`,
);
console.log('|---|---:|---:|---:|---:|---:|---|');
let missed = 0;
all.forEach((b, i) => {
  const t = times[i];
  // The goal is judged on CPU time: the wall clock of a shared machine counts the waits for a core too.
  const cpuRatio = t && base ? t.cpu / base.cpu : undefined;
  const wallRatio = t && base ? t.wall / base.wall : undefined;
  const over = b.name !== BASELINE && (b.bytes > MAX_BYTES || (cpuRatio ?? 0) > MAX_INIT_RATIO);
  if (over) missed += 1;
  const inputs = b.inputs
    .slice(0, top)
    .map((input) => `${input.name} ${kb(input.bytes)}`)
    .join(', ');
  const ms = (n: number | undefined) => (n === undefined ? '–' : `${n.toFixed(0)} ms`);
  const ratio = (n: number | undefined) => (n === undefined ? '–' : `${n.toFixed(2)}×`);
  console.log(
    `| ${b.name}${over ? ' ✗' : ''} | ${kb(b.bytes)} | ${ms(t?.cpu)} | ${ratio(cpuRatio)} | ${ms(t?.wall)} | ${ratio(wallRatio)} | ${inputs} |`,
  );
});
console.log(
  `\n${handlers.length - missed} of ${handlers.length} handlers within ${kb(MAX_BYTES)}${runs > 0 ? ` and ${MAX_INIT_RATIO}× the baseline's init CPU time` : ''}.`,
);
