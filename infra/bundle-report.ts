/**
 * `npm run bundles [-- --runs N --top K --out DIR]`: bundles every handler with the CDK construct's esbuild
 * options (bundling.ts) and prints, per handler, its size, its largest inputs and its init time in a fresh
 * Node process against a bundle that only builds a DynamoDB client. `--runs 0` skips the timing.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BASELINE, type Bundle, bundleAll, medianImportTimes } from './bundles.ts';

/** Issue 9's goals. */
const MAX_BYTES = 200 * 1024;
const MAX_INIT_RATIO = 1.3;

const { values } = parseArgs({
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
const baselineMs = times.at(-1);

console.log(`| handler | size | init (median of ${runs}) | × baseline | largest inputs |`);
console.log('|---|---:|---:|---:|---|');
let missed = 0;
all.forEach((b, i) => {
  const ms = times[i];
  const ratio = ms !== undefined && baselineMs ? ms / baselineMs : undefined;
  const over = b.name !== BASELINE && (b.bytes > MAX_BYTES || (ratio ?? 0) > MAX_INIT_RATIO);
  if (over) missed += 1;
  const inputs = b.inputs
    .slice(0, top)
    .map((input) => `${input.name} ${kb(input.bytes)}`)
    .join(', ');
  console.log(
    `| ${b.name}${over ? ' ✗' : ''} | ${kb(b.bytes)} | ${ms === undefined ? '–' : `${ms.toFixed(0)} ms`} | ${ratio === undefined ? '–' : `${ratio.toFixed(2)}×`} | ${inputs} |`,
  );
});
console.log(
  `\n${handlers.length - missed} of ${handlers.length} handlers within ${kb(MAX_BYTES)}${runs > 0 ? ` and ${MAX_INIT_RATIO}× the baseline's init` : ''}.`,
);
