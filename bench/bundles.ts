/**
 * Rows 1 and 2: every handler bundled as the function construct bundles it (infra/bundling.ts), its size, and
 * the time a fresh Node process takes to import it, against a bundle that only imports the DynamoDB client.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { HANDLER_BUNDLING } from '../infra/bundling.ts';
import { FUNCTION_NAMES, type FunctionName, handlerEntry } from '../shared/http/routes.ts';
import { median } from './stats.ts';

export const BASELINE = 'dynamodb-client-only';

export interface BundleResult {
  readonly name: FunctionName | typeof BASELINE;
  readonly bytes: number;
  /** Milliseconds from process start to the module loaded, one per fresh process. */
  readonly initMs: readonly number[];
  readonly error?: string;
}

/** The handlers' composition roots read these at load; any value does, nothing is called. */
const BUNDLE_ENV = {
  TABLE_NAME: 'gongshi',
  SITE_BUCKET: 'gongshi-site',
  ARCHIVE_BUCKET: 'gongshi-archive',
  UPLOADS_BUCKET: 'gongshi-uploads',
  SITE_URL: 'https://example.org/',
  API_URL: 'https://api.example.org/',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_SERVICE_NAME: 'gongshi',
  POWERTOOLS_METRICS_NAMESPACE: 'Gongshi',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_METRICS_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** Imports the module and prints how long after the process's start it was ready (Lambda's init phase). */
const PROBE = `const started = performance.now(); await import(process.argv[1]); process.stdout.write(JSON.stringify({ ms: performance.now() - started }));`;

async function bundle(entry: string, outfile: string): Promise<number> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: HANDLER_BUNDLING.format,
    minify: HANDLER_BUNDLING.minify,
    sourcemap: HANDLER_BUNDLING.sourceMap,
    target: HANDLER_BUNDLING.target,
    mainFields: [...HANDLER_BUNDLING.mainFields],
    external: [...HANDLER_BUNDLING.externalModules],
    banner: { js: HANDLER_BUNDLING.banner },
    logLevel: 'silent',
  });
  return statSync(outfile).size;
}

function initTime(file: string): number {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', PROBE, file], {
    env: { PATH: process.env.PATH ?? '', ...BUNDLE_ENV },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return (JSON.parse(out) as { ms: number }).ms;
}

/**
 * Bundles into `outDir` (inside the project, so the externals resolve from its node_modules) and imports each
 * bundle `runs` times, baseline and handlers interleaved so that the machine's load hits both alike.
 */
export async function measureBundles(
  projectRoot: string,
  outDir: string,
  runs: number,
  onProgress: (done: number, total: number) => void,
): Promise<{ baseline: BundleResult; handlers: BundleResult[] }> {
  mkdirSync(outDir, { recursive: true });
  const baselineEntry = join(outDir, `${BASELINE}.ts`);
  writeFileSync(
    baselineEntry,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const client = new DynamoDBClient({});\n",
  );
  const targets: { name: BundleResult['name']; entry: string }[] = [
    { name: BASELINE, entry: baselineEntry },
    ...FUNCTION_NAMES.map((name) => ({ name, entry: join(projectRoot, handlerEntry(name)) })),
  ];
  const built = await Promise.all(
    targets.map(async ({ name, entry }) => {
      const file = join(outDir, `${name}.mjs`);
      try {
        return { name, file, bytes: await bundle(entry, file), initMs: [] as number[], error: undefined };
      } catch (error) {
        return { name, file, bytes: 0, initMs: [] as number[], error: (error as Error).message };
      }
    }),
  );
  const total = runs * built.length;
  let done = 0;
  for (let run = 0; run < runs; run++) {
    for (const target of built) {
      done += 1;
      if (target.error) continue;
      try {
        target.initMs.push(initTime(target.file));
      } catch (error) {
        target.error = `import failed: ${((error as { stderr?: string }).stderr ?? String(error)).trim().split('\n').slice(0, 3).join(' ')}`;
      }
      onProgress(done, total);
    }
  }
  const results: BundleResult[] = built.map(({ name, bytes, initMs, error }) => ({
    name,
    bytes,
    initMs,
    ...(error ? { error } : {}),
  }));
  const [baseline, ...handlers] = results;
  if (!baseline || baseline.initMs.length === 0)
    throw new Error(`the baseline bundle failed: ${baseline?.error}`);
  return { baseline, handlers };
}

export function medianInit(result: BundleResult): number {
  return median(result.initMs);
}
