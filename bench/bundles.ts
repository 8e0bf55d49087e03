/**
 * Rows 1 and 2: every handler bundled exactly as the function construct bundles it (infra/bundles.ts, the same
 * code `npm run bundles` runs), its size, and the CPU time a fresh Node process takes to import it, against a
 * bundle that only builds the DynamoDB client. CPU time, not wall time: on a shared machine the wall clock also
 * counts the waits for a core (the wall time is kept beside it).
 */
import { BASELINE as BUNDLE_BASELINE, type Bundle, bundleAll, importTime } from '../infra/bundles.ts';
import type { FunctionName } from '../shared/manifest.ts';

export const BASELINE = 'dynamodb-client-only';

export interface BundleResult {
  readonly name: FunctionName | typeof BASELINE;
  readonly bytes: number;
  /** CPU milliseconds of the import, one per fresh process. */
  readonly initMs: readonly number[];
  /** Wall milliseconds of the same imports. */
  readonly wallMs: readonly number[];
  readonly error?: string;
}

/**
 * Bundles into `outDir` (inside the project, so the externals resolve from its node_modules) and imports each
 * bundle `runs` times, baseline and handlers interleaved so that the machine's load hits both alike.
 */
export async function measureBundles(
  _projectRoot: string,
  outDir: string,
  runs: number,
  onProgress: (done: number, total: number) => void,
): Promise<{ baseline: BundleResult; handlers: BundleResult[] }> {
  const { handlers, baseline } = await bundleAll(outDir);
  const built = [baseline, ...handlers].map((b: Bundle) => ({
    name: (b.name === BUNDLE_BASELINE ? BASELINE : b.name) as BundleResult['name'],
    file: b.file,
    bytes: b.bytes,
    initMs: [] as number[],
    wallMs: [] as number[],
    error: undefined as string | undefined,
  }));
  const total = runs * built.length;
  let done = 0;
  for (let run = 0; run < runs; run++) {
    for (const target of built) {
      done += 1;
      if (target.error) continue;
      try {
        const time = importTime(target.file);
        target.initMs.push(time.cpu);
        target.wallMs.push(time.wall);
      } catch (error) {
        // The child's stderr quotes the minified line it failed on: keep the error's own message only.
        const message =
          String(error)
            .split('\n')
            .find((line) => /^\w*Error\b/.test(line)) ?? 'see stderr';
        target.error = `import failed: ${message.slice(0, 200)}`;
      }
      onProgress(done, total);
    }
  }
  const results: BundleResult[] = built.map(({ name, bytes, initMs, wallMs, error }) => ({
    name,
    bytes,
    initMs,
    wallMs,
    ...(error ? { error } : {}),
  }));
  const [first, ...rest] = results;
  if (!first || first.initMs.length === 0) throw new Error(`the baseline bundle failed: ${first?.error}`);
  return { baseline: first, handlers: rest };
}
