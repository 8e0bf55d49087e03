/**
 * Bundles every handler exactly as the CDK construct does (bundling.ts) and measures what ships: the bytes of
 * each bundle, the inputs those bytes come from, and the time a fresh Node process takes to import it, against
 * a baseline bundle that only builds a DynamoDB client (ADR 0008's goals: ≤ 200 KB and ≤ 1.3× the baseline).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { FUNCTION_NAMES, handlerEntry } from '../shared/manifest.ts';
import { ESBUILD_OPTIONS } from './bundling.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '..');

/** The name the report gives the baseline bundle. */
export const BASELINE = 'baseline (DynamoDB client only)';

const BASELINE_SOURCE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => client.config.serviceId;
`;

export interface BundleInput {
  /** A path under node_modules collapsed to its package (`zod`, `@middy/core`), else the source file. */
  readonly name: string;
  readonly bytes: number;
}

export interface Bundle {
  readonly name: string;
  /** The bundle's `index.mjs`. */
  readonly file: string;
  readonly bytes: number;
  /** Largest first. */
  readonly inputs: readonly BundleInput[];
}

/** The package a bundled path belongs to, or the path itself for the project's own files. */
export function packageOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return path;
  const [scope, name] = path.slice(at + 'node_modules/'.length).split('/');
  return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? path);
}

function inputsOf(metafile: Metafile): BundleInput[] {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const name = packageOf(path);
      bytes.set(name, (bytes.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...bytes]
    .map(([name, n]) => ({ name, bytes: n }))
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

async function bundle(name: string, entry: BundleEntry, outDir: string): Promise<Bundle> {
  const file = join(outDir, name.startsWith('baseline') ? 'baseline' : name, 'index.mjs');
  const result = await build({
    ...ESBUILD_OPTIONS,
    ...entry,
    outfile: file,
    metafile: true,
    absWorkingDir: PROJECT_ROOT,
    logLevel: 'warning',
  });
  const metafile: Metafile = result.metafile;
  const bytes = Object.values(metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { name, file, bytes, inputs: inputsOf(metafile) };
}

type BundleEntry =
  | { readonly entryPoints: string[] }
  | { readonly stdin: { contents: string; resolveDir: string; loader: 'ts' } };

/** Every handler's bundle, and the baseline last. `outDir` must lie inside the project: the bundles import the SDK from its node_modules. */
export async function bundleAll(outDir: string): Promise<{ handlers: Bundle[]; baseline: Bundle }> {
  mkdirSync(outDir, { recursive: true });
  const handlers = await Promise.all(
    FUNCTION_NAMES.map((name) => bundle(name, { entryPoints: [handlerEntry(name)] }, outDir)),
  );
  const baseline = await bundle(
    BASELINE,
    { stdin: { contents: BASELINE_SOURCE, resolveDir: PROJECT_ROOT, loader: 'ts' } },
    outDir,
  );
  return { handlers, baseline };
}

/**
 * What a handler reads at init, as the stack sets it, with dummy values: nothing is called at import (no
 * network), and the Lambda variables make Powertools behave as in a function.
 */
export const INIT_ENV: Readonly<Record<string, string>> = {
  AWS_REGION: 'cn-north-1',
  AWS_ACCESS_KEY_ID: 'AKIDBUNDLEREPORT',
  AWS_SECRET_ACCESS_KEY: 'bundle-report',
  AWS_LAMBDA_FUNCTION_NAME: 'gongshi-bundle-report',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  POWERTOOLS_SERVICE_NAME: 'gongshi',
  POWERTOOLS_METRICS_NAMESPACE: 'Gongshi',
  GONGSHI_STAGE: 'bench',
  TABLE_NAME: 'gongshi-bench',
  SITE_BUCKET: 'gongshi-bench-site',
  UPLOADS_BUCKET: 'gongshi-bench-uploads',
  ARCHIVE_BUCKET: 'gongshi-bench-archive',
  SITE_URL: 'https://site.example',
  API_URL: 'https://api.example',
  // The checkpoint function reads its key through the extension on the first run, not at init.
  TRANSPARENCY_KEY_SECRET_ARN:
    'arn:aws-cn:secretsmanager:cn-north-1:000000000000:secret:gongshi-transparency',
};

/**
 * The child: times the import of one bundle (module evaluation and its top-level init) and prints the wall
 * milliseconds and the CPU milliseconds (user + system) it took.
 */
const IMPORT_TIMER = `const c0 = process.cpuUsage(); const t0 = performance.now();
await import(process.argv[1]);
const wall = performance.now() - t0; const cpu = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ wall, cpu: (cpu.user + cpu.system) / 1000 }));`;

export interface InitTime {
  /** Milliseconds of wall clock. */
  readonly wall: number;
  /**
   * Milliseconds of CPU: on a machine shared with other work the wall clock also counts the time the process
   * waited for a core, the CPU time only what the import itself cost.
   */
  readonly cpu: number;
}

/** What a fresh `node` takes to import `file`. */
export function importTime(file: string): InitTime {
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', IMPORT_TIMER, pathToFileURL(file).href],
    { env: { PATH: process.env.PATH ?? '', ...INIT_ENV }, encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`importing ${file} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as InitTime;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The median import times of each file over `runs` fresh processes. The runs interleave (every file once, then
 * again), so a noisy moment on a shared machine falls on all of them alike.
 */
export function medianImportTimes(files: readonly string[], runs: number): InitTime[] {
  const samples = files.map(() => [] as InitTime[]);
  for (let run = 0; run < runs; run += 1) {
    files.forEach((file, i) => {
      samples[i]?.push(importTime(file));
    });
  }
  return samples.map((times) => ({
    wall: median(times.map((t) => t.wall)),
    cpu: median(times.map((t) => t.cpu)),
  }));
}
