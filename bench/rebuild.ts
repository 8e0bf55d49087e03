/** Row 7: runs bench/rebuild-child.ts on the benchmark's emulators and reads its results. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { BenchEnvironment } from './local.ts';
import type { RebuildTarget } from './rebuild-child.ts';
import type { SiteCounts } from './site-counter.ts';

export interface RebuildResult {
  readonly ms: number;
  readonly maxRssKb: number;
  readonly report: {
    readonly decisions: number;
    readonly months: number;
    readonly written: number;
    readonly deleted: number;
  };
  readonly site: SiteCounts;
  readonly dynamo: {
    readonly itemsRead: number;
    readonly readUnits: number;
    readonly requests: Record<string, number>;
  };
}

export function runRebuild(env: BenchEnvironment, projectRoot: string): Promise<RebuildResult> {
  const target: RebuildTarget = {
    dynamoEndpoint: env.dynamoEndpoint,
    s3Endpoint: env.s3Endpoint,
    tableName: env.tableName,
    siteBucket: env.siteBucket,
    siteUrl: env.siteUrl,
  };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'bench/rebuild-child.ts'), JSON.stringify(target)],
    {
      cwd: projectRoot,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`the rebuild exited with ${code}: ${stdout.slice(-2000)}`));
      else resolve(JSON.parse(line) as RebuildResult);
    });
  });
}
