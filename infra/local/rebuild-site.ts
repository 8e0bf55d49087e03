/**
 * `npm run rebuild-site`: rebuilds the public site from the records, for disaster recovery
 * (shared/app/rebuild-site.ts), through the publisher's own composition root (functions/lib/publisher.ts),
 * so the site comes out as the publisher writes it. Which site is rebuild-site-args.ts's to say:
 *
 * - the local one: it starts DynamoDB Local and the S3 server on the data folder (GONGSHI_DATA_DIR, default
 *   `.data`) as `npm start` does, without the API or the site server. The site's address is that of
 *   `npm start`: SITE_URL, else http://127.0.0.1:$SITE_PORT (3001).
 * - a deployed stage's (`--table`, `--bucket`, `--site-url`): it starts nothing, and the publisher's clients
 *   are AWS's, with the default credential chain and region.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDecisionStore } from '../../shared/adapters/dynamodb/decision-store.ts';
import { type RebuildReport, rebuildSite } from '../../shared/app/rebuild-site.ts';
import { explainAwsError, OperatorError, runCommand } from '../cli.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoConfig, localS3Config } from './aws-config.ts';
import { assertJava, type RunningService, startDynamoDbLocal } from './dynamodb-local.ts';
import { LOCAL_SITE_BUCKET, LOCAL_TABLE_NAME } from './platform.ts';
import { parseRebuildArgs, REBUILD_USAGE, type RebuildArgs } from './rebuild-site-args.ts';
import { ensureBuckets, startS3Local } from './s3-local.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The pid of a DynamoDB Local that has this folder open, if any. */
function dynamoDbLocalOn(dbPath: string): number | undefined {
  for (const { pid, args } of processes()) {
    if (pid === process.pid || !args.some((arg) => arg.endsWith('DynamoDBLocal.jar'))) continue;
    const at = args.indexOf('-dbPath');
    const path = at >= 0 ? args[at + 1] : undefined;
    if (path !== undefined && resolve(path) === dbPath) return pid;
  }
  return undefined;
}

function processes(): { pid: number; args: string[] }[] {
  if (!existsSync('/proc/self/cmdline')) return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
        return [{ pid: Number(name), args }];
      } catch {
        // Gone since the directory was read, or not ours to read.
        return [];
      }
    });
}

/** `[#####-----] 1234/5678 decisions, month 2025-10` on stderr: redrawn on a terminal, by month otherwise. */
function progressBar() {
  const tty = process.stderr.isTTY === true;
  let lastDraw = 0;
  let lastMonth = '';
  return {
    update(done: number, total: number, month: string) {
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} decisions, month ${month}`;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        process.stderr.write(`\r${line}\u001b[K`);
      } else if (month !== lastMonth || done === total) {
        process.stderr.write(`${line}\n`);
      }
      lastMonth = month;
    },
    end() {
      if (tty && lastDraw > 0) process.stderr.write('\n');
    },
  };
}

/** What is rebuilt, as the publisher's composition root reads it from the environment. */
interface RebuildTarget {
  readonly tableName: string;
  readonly bucket: string;
  readonly siteUrl: string;
  /** R9: where the decision pages' correction forms post; none, and the pages carry only the link. */
  readonly apiUrl?: string;
  /** Where the table and bucket are, for the summary: the data folder, or AWS and its region. */
  readonly where: string;
  /** The rest of the publisher's environment: the emulators' endpoints and credentials, locally. */
  readonly environment: Readonly<Record<string, string>>;
}

function summary(report: RebuildReport, seconds: number, peakRss: number, target: RebuildTarget): string {
  const lines = [
    `Rebuilt the site in ${target.bucket} from ${target.tableName} (${target.where}):`,
    `  decisions  ${report.decisions} (their pages, or the notice left in their place)`,
    `  months     ${report.months}`,
    `  written    ${report.written} objects`,
    `  deleted    ${report.deleted} objects the records no longer account for`,
    `  time       ${seconds.toFixed(1)} s`,
    `  peak RSS   ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
  ];
  if (report.skipped > 0) {
    lines.push(`  skipped    ${report.skipped} decisions that changed while the rebuild ran: run it again`);
  }
  if (report.logged > 0) {
    lines.push(
      `  logged     ${report.logged} decisions the transparency log did not know yet (published before it existed)`,
    );
  }
  lines.push(
    report.removed > 0
      ? `Note: ${report.removed} decisions withdrawn as published in error or expired are not rebuilt. The Atom ` +
          'tombstones (at:deleted-entry) of their takedowns are lost: atom.xml and feed.json no longer tell ' +
          'subscribers that those decisions were taken down.'
      : 'Note: a rebuild loses the Atom tombstones of removed decisions; there were none.',
  );
  return lines.join('\n');
}

/** The services a local rebuild started, stopped on the way out and on Ctrl-C. */
const services: RunningService[] = [];
async function stopServices(): Promise<void> {
  for (const service of services.splice(0).reverse()) await service.stop().catch(() => {});
}

async function main(args: RebuildArgs): Promise<void> {
  if (args.mode === 'help') {
    console.log(REBUILD_USAGE);
    return;
  }
  // Ctrl-C must not leave DynamoDB Local running without anyone to stop it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping; the site is partly rebuilt, run the rebuild again.\n`);
      void stopServices().finally(() => process.exit(130));
    });
  }
  try {
    if (args.mode === 'aws') {
      // The publisher's clients go to AWS: no emulator endpoint may linger from the operator's shell.
      delete process.env.GONGSHI_DYNAMODB_ENDPOINT;
      delete process.env.GONGSHI_S3_ENDPOINT;
      const region = process.env.AWS_REGION;
      await rebuild({
        tableName: args.tableName,
        bucket: args.bucket,
        siteUrl: args.siteUrl,
        ...(args.apiUrl ? { apiUrl: args.apiUrl } : {}),
        where: region ? `AWS, ${region}` : 'AWS',
        environment: {},
      });
    } else {
      await rebuild({ ...(await startLocalStorage(args.dataDir, args.siteUrl)), apiUrl: args.apiUrl });
    }
  } finally {
    await stopServices();
  }
}

/**
 * DynamoDB Local and the S3 server on the data folder, once no local platform holds it, and the table
 * `npm start` made in them: a rebuild from a table it had to create empty would delete the whole site.
 */
async function startLocalStorage(dataDir: string, siteUrl: string): Promise<RebuildTarget> {
  const dbPath = join(dataDir, 'dynamodb');
  if (!existsSync(dbPath)) {
    throw new OperatorError(`No local records under ${dataDir}: nothing to rebuild the site from.`);
  }
  const running = dynamoDbLocalOn(dbPath);
  if (running !== undefined) {
    throw new OperatorError(
      `A local platform is running on ${dataDir} (DynamoDB Local, pid ${running}): stop \`npm start\` ` +
        `(or the other rebuild) first. DynamoDB Local cannot open ${dbPath} twice.`,
    );
  }
  assertJava();
  const dynamo = await startDynamoDbLocal({ dbPath });
  services.push(dynamo);
  const s3Server = await startS3Local({ directory: join(dataDir, 's3') });
  services.push(s3Server);
  await assertStorage(dynamo.endpoint, s3Server.endpoint, dataDir);
  return {
    tableName: LOCAL_TABLE_NAME,
    bucket: LOCAL_SITE_BUCKET,
    siteUrl,
    where: dataDir,
    environment: {
      GONGSHI_DYNAMODB_ENDPOINT: dynamo.endpoint,
      GONGSHI_S3_ENDPOINT: s3Server.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    },
  };
}

/** The rebuild of either site, with the publisher's dependencies as its composition root makes them. */
async function rebuild(target: RebuildTarget): Promise<void> {
  const started = performance.now();
  let peakRss = process.memoryUsage().rss;
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, 200);
  sampler.unref();
  try {
    // The publisher's composition root reads these when first imported, as in platform.ts.
    Object.assign(process.env, {
      ...target.environment,
      TABLE_NAME: target.tableName,
      SITE_BUCKET: target.bucket,
      SITE_URL: target.siteUrl,
    });
    // R9: without the API's address the pages are rebuilt with the explanation link but no form.
    if (target.apiUrl) process.env.API_URL = target.apiUrl;
    else delete process.env.API_URL;
    const { publisherDeps } = await import('../../functions/lib/publisher.ts');
    const { store } = publisherDeps;
    if (!(store instanceof DynamoDecisionStore))
      throw new Error('the publisher does not use the DynamoDB store');

    process.stderr.write(
      `Rebuilding ${publisherDeps.siteConfig.siteUrl} in ${target.bucket} from ${target.tableName} ` +
        `(${target.where}): scanning for the decisions the site shows …\n`,
    );
    const bar = progressBar();
    const report = await rebuildSite(
      { ...publisherDeps, scanner: store },
      {
        onProgress: (done, total, month) => {
          sample();
          bar.update(done, total, month);
        },
      },
    );
    bar.end();
    sample();
    console.log(summary(report, (performance.now() - started) / 1000, peakRss, target));
    if (report.blocked.length > 0) {
      // The rest of the site is rebuilt; these objects are not, and whatever was at their keys is gone.
      throw new OperatorError(
        `the personal-data gate refused ${report.blocked.length} object(s), not written: ${[
          ...new Set(report.blocked.map((f) => `${f.kind} in ${f.key}`)),
        ].join(', ')}. Correct the decisions they come from (PUT /v1/decisions/{id}), then rebuild again.`,
      );
    }
  } finally {
    clearInterval(sampler);
  }
}

/** The bucket may be what was lost: it is made again if missing. */
async function assertStorage(dynamoEndpoint: string, s3Endpoint: string, dataDir: string): Promise<void> {
  const dynamo = new DynamoDBClient(localDynamoConfig(dynamoEndpoint));
  const s3 = new S3Client(localS3Config(s3Endpoint));
  try {
    await dynamo.send(new DescribeTableCommand({ TableName: LOCAL_TABLE_NAME }));
    await ensureBuckets(s3, [LOCAL_SITE_BUCKET]);
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    throw new OperatorError(
      `No table ${LOCAL_TABLE_NAME} under ${dataDir}: nothing to rebuild the site from.`,
    );
  } finally {
    dynamo.destroy();
    s3.destroy();
  }
}

let target: { table?: string; bucket?: string } = {};
await runCommand(
  'rebuild-site',
  async () => {
    const args = parseRebuildArgs(process.argv.slice(2), process.env);
    if (args.mode === 'aws') target = { table: args.tableName, bucket: args.bucket };
    await main(args);
  },
  {
    hint: 'npm run rebuild-site -- --help',
    explain: (error) => explainAwsError(error, target),
  },
);
