/**
 * Starts the whole local platform once for the integration project, in memory and on free ports: DynamoDB
 * Local, the S3 server, the local API and the site server. Test files reach it through `inject`; store
 * tests create tables of their own (support/tables.ts) on the same DynamoDB Local.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startPlatform } from '../../infra/local/platform.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    siteUrl: string;
    dynamoEndpoint: string;
    s3Endpoint: string;
    tableName: string;
    siteBucket: string;
    /** R9 evidence uploads (private). */
    uploadsBucket: string;
    archiveBucket: string;
    /** Holds the dev keys the local API trusts (support/tokens.ts signs with them). */
    dataDir: string;
  }
}

export default async function setup(project: TestProject) {
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
  project.provide('apiUrl', platform.apiUrl);
  project.provide('siteUrl', platform.siteUrl);
  project.provide('dynamoEndpoint', platform.dynamoEndpoint);
  project.provide('s3Endpoint', platform.s3Endpoint);
  project.provide('tableName', platform.tableName);
  project.provide('siteBucket', platform.siteBucket);
  project.provide('uploadsBucket', platform.uploadsBucket);
  project.provide('archiveBucket', platform.archiveBucket);
  project.provide('dataDir', dataDir);
  return async () => {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
