/**
 * The local scheduler: fires the rows of the one schedule table (shared/schedules.ts) with croner in their
 * time zone, as EventBridge Scheduler does on AWS, and hands each handler the event shape it gets there.
 * Also what `npm run sweep` and `npm run invoke` share: reaching the emulators of a running `npm start`
 * through `<dataDir>/platform.json`, or starting them on the data folder when none runs.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { Cron } from 'croner';
import { type FunctionName, handlerEntry } from '../../shared/manifest.ts';
import { SCHEDULES, type ScheduleDefinition } from '../../shared/schedules.ts';
import { localDynamoConfig, localS3Config } from './aws-config.ts';
import { loadOrCreateTransparencyKey } from './dev-keys.ts';
import { assertJava, type RunningService, startDynamoDbLocal } from './dynamodb-local.ts';
import { localEnvironment, localWitnesses } from './environment.ts';
import { ensureBuckets, startS3Local } from './s3-local.ts';
import { ensureTable } from './tables.ts';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const SCHEDULER_SOURCE = 'gongshi.local-scheduler';

/**
 * EventBridge's six fields (minute hour day-of-month month day-of-week year) in croner's five: the year goes
 * (every row runs every year) and `?` ("no value", which EventBridge needs in one day field) becomes `*`.
 */
export function cronerPattern(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`not a six-field EventBridge cron: ${cron}`);
  if (fields[5] !== '*') throw new Error(`the local scheduler runs every year; ${cron} names years`);
  return fields
    .slice(0, 5)
    .map((field) => field.replace(/\?/g, '*'))
    .join(' ');
}

function cronFor(schedule: ScheduleDefinition, options: { paused?: boolean } = {}): Cron {
  // sloppyRanges: EventBridge's `0/5` (from 0, every 5) is croner's `*/5`, which it accepts only this way.
  return new Cron(cronerPattern(schedule.cron), {
    timezone: schedule.timeZone,
    mode: '5-part',
    sloppyRanges: true,
    paused: options.paused ?? false,
  });
}

/** The next instants a row fires after `from`, for the tests and the start banner. */
export function nextRuns(schedule: ScheduleDefinition, count: number, from: Date): Date[] {
  const cron = cronFor(schedule, { paused: true });
  try {
    return cron.nextRuns(count, from);
  } finally {
    cron.stop();
  }
}

/** What EventBridge Scheduler passes (the fields a handler reads): the instant the run stands for. */
export function scheduleEvent(time: Date, schedule?: ScheduleDefinition) {
  return {
    version: '0',
    id: `local-${time.getTime()}`,
    'detail-type': 'Scheduled Event',
    source: SCHEDULER_SOURCE,
    time: time.toISOString(),
    resources: schedule ? [`local:schedule/${schedule.name}`] : [],
    detail: {},
  };
}

export type ScheduledHandler = (event: ReturnType<typeof scheduleEvent>) => Promise<unknown>;

export async function importScheduledHandler(name: FunctionName): Promise<ScheduledHandler> {
  const module = (await import(pathToFileURL(join(PROJECT_ROOT, handlerEntry(name))).href)) as {
    handler?: unknown;
  };
  if (typeof module.handler !== 'function')
    throw new Error(`${handlerEntry(name)} exports no handler function`);
  return module.handler as ScheduledHandler;
}

export interface SchedulerOptions {
  readonly schedules?: readonly ScheduleDefinition[];
  readonly invoke?: (name: FunctionName) => Promise<ScheduledHandler>;
  readonly onResult?: (schedule: ScheduleDefinition, result: unknown) => void;
  readonly onError: (message: string, error: unknown) => void;
}

export interface RunningScheduler {
  stop(): void;
}

export function startScheduler(options: SchedulerOptions): RunningScheduler {
  const load = options.invoke ?? importScheduledHandler;
  const busy = new Set<string>();
  const jobs = (options.schedules ?? SCHEDULES).map((schedule) => {
    const cron = cronFor(schedule, { paused: true });
    cron.schedule(async () => {
      // A run that outlasts its interval is not started twice (croner's `protect` does the same).
      if (busy.has(schedule.name)) return;
      busy.add(schedule.name);
      try {
        const handler = await load(schedule.function);
        options.onResult?.(schedule, await handler(scheduleEvent(new Date(), schedule)));
      } catch (error) {
        options.onError(`schedule ${schedule.name} failed:`, error);
      } finally {
        busy.delete(schedule.name);
      }
    });
    cron.resume();
    return cron;
  });
  return {
    stop() {
      for (const job of jobs) job.stop();
    },
  };
}

// ---- the emulators of a running `npm start`, or our own ---------------------------------------------------

export const PLATFORM_FILE = 'platform.json';

export interface PlatformInfo {
  readonly pid: number;
  readonly dynamoEndpoint: string;
  readonly s3Endpoint: string;
  readonly siteUrl: string;
  /** R9: absent in a file written by an older build. */
  readonly apiUrl?: string;
  readonly tableName: string;
  readonly siteBucket: string;
}

export function writePlatformFile(dataDir: string, info: PlatformInfo): void {
  writeFileSync(join(dataDir, PLATFORM_FILE), `${JSON.stringify(info, null, 2)}\n`);
}

/** Removes the file only while it is still ours: a second `npm start` may have written its own. */
export function removePlatformFile(dataDir: string, pid: number): void {
  const info = readPlatformFile(dataDir);
  if (info?.pid === pid) rmSync(join(dataDir, PLATFORM_FILE), { force: true });
}

function readPlatformFile(dataDir: string): PlatformInfo | undefined {
  const file = join(dataDir, PLATFORM_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as Partial<PlatformInfo>;
    return typeof info.dynamoEndpoint === 'string' && typeof info.s3Endpoint === 'string'
      ? (info as PlatformInfo)
      : undefined;
  } catch {
    return undefined;
  }
}

async function answers(info: PlatformInfo): Promise<boolean> {
  const dynamo = new DynamoDBClient({ ...localDynamoConfig(info.dynamoEndpoint), maxAttempts: 1 });
  const s3 = new S3Client({ ...localS3Config(info.s3Endpoint), maxAttempts: 1 });
  try {
    await dynamo.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
    await s3.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  } finally {
    dynamo.destroy();
    s3.destroy();
  }
}

export interface LocalEnvironment {
  /** `npm start`'s emulators, or ones started on the data folder for this run. */
  readonly shared: boolean;
  stop(): Promise<void>;
}

/**
 * Points the handlers' environment at the local emulators. Beside a running `npm start` it uses that
 * platform's (DynamoDB Local cannot open its -dbPath twice); alone it starts them on the data folder.
 */
export async function connectLocalEnvironment(
  dataDir: string,
  names: { tableName: string; siteBucket: string; archiveBucket: string; uploadsBucket: string },
): Promise<LocalEnvironment> {
  const running = readPlatformFile(dataDir);
  const services: RunningService[] = [];
  let dynamoEndpoint: string;
  let s3Endpoint: string;
  let siteUrl = process.env.SITE_URL || `http://127.0.0.1:${process.env.SITE_PORT || '3001'}`;
  let apiUrl = process.env.API_URL || `http://127.0.0.1:${process.env.API_PORT || '3000'}/`;
  const shared = running !== undefined && (await answers(running));
  if (shared && running) {
    dynamoEndpoint = running.dynamoEndpoint;
    s3Endpoint = running.s3Endpoint;
    siteUrl = running.siteUrl;
    apiUrl = running.apiUrl ?? apiUrl;
  } else {
    assertJava();
    const dynamo = await startDynamoDbLocal({ dbPath: join(dataDir, 'dynamodb') });
    services.push(dynamo);
    const s3Server = await startS3Local({ directory: join(dataDir, 's3') });
    services.push(s3Server);
    dynamoEndpoint = dynamo.endpoint;
    s3Endpoint = s3Server.endpoint;
    const dynamoClient = new DynamoDBClient(localDynamoConfig(dynamoEndpoint));
    const s3 = new S3Client(localS3Config(s3Endpoint));
    try {
      await ensureTable(dynamoClient, names.tableName);
      await ensureBuckets(s3, [names.siteBucket, names.archiveBucket, names.uploadsBucket]);
    } finally {
      dynamoClient.destroy();
      s3.destroy();
    }
  }
  // The handlers read their configuration when first imported, as in platform.ts.
  Object.assign(
    process.env,
    localEnvironment({
      tableName: names.tableName,
      siteBucket: names.siteBucket,
      uploadsBucket: names.uploadsBucket,
      archiveBucket: names.archiveBucket,
      siteUrl,
      apiUrl,
      dynamoEndpoint,
      s3Endpoint,
      transparencyKeyFile: loadOrCreateTransparencyKey(dataDir),
      ...localWitnesses(),
      logLevel: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      // As before the manifest: on unless switched off.
      metrics: process.env.POWERTOOLS_METRICS_DISABLED !== 'true',
    }),
  );
  return {
    shared,
    async stop() {
      for (const service of services.splice(0).reverse()) await service.stop().catch(() => {});
    },
  };
}

/** A `--time` that is not an ISO instant: bad arguments (exit 2). */
export class TimeError extends Error {}

/** `--time ISO`: the instant the run stands for; required, so a replay never silently means "now". */
export function parseTime(text: string | undefined): Date {
  const time = text === undefined ? undefined : new Date(text);
  if (!time || Number.isNaN(time.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(text ?? '')) {
    throw new TimeError(
      `--time needs an ISO instant such as 2027-10-01T00:05:00+08:00, not ${text ?? 'nothing'}`,
    );
  }
  return time;
}
