/**
 * The reliability project's platform: the whole local platform in a child process (support/platform-process.ts),
 * in memory and on free ports. It runs beside the integration project's platform without sharing a process with
 * it (two platforms in one process share the handlers' composition roots). Test files reach it through the same
 * `inject` names as the integration tests, so their support helpers work unchanged. When the run ends, the
 * figures the files recorded go into test-output/reliability.md (docs/reliability.md with GONGSHI_UPDATE_DOCS=1).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PROJECT_ROOT, startChildPlatform } from './support/child-platform.ts';
import { writeReport } from './support/report.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the reliability files record their figures for docs/reliability.md. */
    figuresDir: string;
  }
}

const INTRO = `# Reliability: the figures of the last run

Written by the reliability suite (\`npm test\`, project \`reliability\`, \`test/reliability/\`) at the end of each
run: the proof that the platform answers every request with a 4xx or a success and never a 5xx,
refuses every caller the route table does not admit, survives a failure of any single AWS call, lets exactly
one of many concurrent changes win, leaks nothing it must not publish, and converges after being killed.
These run on the local platform, which enforces no IAM: the widest grant of each function, and the test of
the synthesized policies that holds it, are in docs/grants.md. Edit the tests, not this file.

What a kill -9 of \`npm start\` costs. DynamoDB Local (1.25) answers a TransactWriteItems before its COMMIT has
run (it hands the COMMIT to its SQLite queue without waiting), so a kill in the next few milliseconds loses a
write it acknowledged: measured by \`test/reliability/support/emulator-kill.ts\` (200 acknowledged writes, kill -9
of the JVM at the last answer, restart), the last one in 5 runs of 5. No flag of the emulator changes that, and
SQLite's own settings come too late. On disk the platform reaches the emulator through a commit barrier
(\`infra/local/commit-barrier.ts\`) that holds each write's answer until a read has been through the same queue
behind it: 0 of 2,000 acknowledged writes lost in 10 runs, and the durability test below counts the acknowledged
approvals lost when it kills right after the tenth. Decisions the kill leaves in \`publishing\` are published by the
reconcile sweep that \`npm start\` runs once before it is ready. The same test found that the local S3 server
ignored If-Match and If-None-Match on PUT, so publishes running at once dropped each other's feed and month
listing entries; it now refuses the loser with 412 as S3 does (\`infra/local/s3-conditional.ts\`), and the test
holds every approved decision listed once in its month and once in the feed.`;

export default async function setup(project: TestProject) {
  // The SDK's notice that its 2027 releases need Node 22 is about this machine (Lambda runs 22).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dataDir = mkdtempSync(join(tmpdir(), 'gongshi-rel-'));
  const figuresDir = join(dataDir, 'figures');
  const platform = await startChildPlatform(dataDir);
  project.provide('apiUrl', platform.apiUrl);
  project.provide('siteUrl', platform.siteUrl);
  project.provide('dynamoEndpoint', platform.dynamoEndpoint);
  project.provide('s3Endpoint', platform.s3Endpoint);
  project.provide('tableName', platform.tableName);
  project.provide('siteBucket', platform.siteBucket);
  project.provide('uploadsBucket', platform.uploadsBucket ?? 'gongshi-uploads');
  project.provide('dataDir', dataDir);
  project.provide('figuresDir', figuresDir);
  return async () => {
    await platform.stop();
    // npm test leaves the checkout as it found it: the run's report goes to test-output/, and only
    // GONGSHI_UPDATE_DOCS=1 writes it over docs/reliability.md (the committed figures).
    const committed = join(PROJECT_ROOT, 'docs/reliability.md');
    const target =
      process.env.GONGSHI_UPDATE_DOCS === '1' ? committed : join(PROJECT_ROOT, 'test-output/reliability.md');
    mkdirSync(dirname(target), { recursive: true });
    writeReport(figuresDir, target, INTRO, committed);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
