/**
 * Starts the whole local platform once for the integration project, in memory and on free ports: DynamoDB
 * Local, the S3 server, the local API and the site server. Test files reach it through `inject`; store
 * tests create tables of their own (support/tables.ts) on the same DynamoDB Local.
 *
 * The browser project names this setup too, and Vitest runs every project's global setup in its one main
 * process. The handlers the platform serves are modules of that process, configured from `process.env` when
 * first imported, so two platforms in it would cross their wires (one platform's API writing to the other's
 * table, its publisher to the other's bucket). One platform serves both projects instead, started by the
 * first setup and stopped by the last teardown; every test file works under agencies of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type RunningPlatform, startPlatform } from '../../infra/local/platform.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    siteUrl: string;
    dynamoEndpoint: string;
    s3Endpoint: string;
    tableName: string;
    siteBucket: string;
    /** Holds the dev keys the local API trusts (support/tokens.ts signs with them). */
    dataDir: string;
  }
}

interface Shared {
  readonly started: Promise<{ platform: RunningPlatform; dataDir: string }>;
  users: number;
}

const SHARED = Symbol.for('gongshi.test-platform');
const registry = globalThis as unknown as { [SHARED]?: Shared };

async function start(): Promise<{ platform: RunningPlatform; dataDir: string }> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dataDir = mkdtempSync(join(tmpdir(), 'gongshi-it-'));
  const platform = await startPlatform({
    dataDir,
    inMemory: true,
    apiPort: 0,
    sitePort: 0,
    logLevel: 'ERROR',
    // The tests invoke the scheduled handlers with the time they choose; a sweep on the wall clock would race them.
    scheduler: false,
  });
  return { platform, dataDir };
}

export default async function setup(project: TestProject) {
  const shared = registry[SHARED] ?? { started: start(), users: 0 };
  registry[SHARED] = shared;
  shared.users += 1;
  const { platform, dataDir } = await shared.started;
  project.provide('apiUrl', platform.apiUrl);
  project.provide('siteUrl', platform.siteUrl);
  project.provide('dynamoEndpoint', platform.dynamoEndpoint);
  project.provide('s3Endpoint', platform.s3Endpoint);
  project.provide('tableName', platform.tableName);
  project.provide('siteBucket', platform.siteBucket);
  project.provide('dataDir', dataDir);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete registry[SHARED];
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
