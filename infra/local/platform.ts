/**
 * The whole platform on one machine (SPEC: local platform): DynamoDB Local and the S3 server with the
 * table and buckets of the deployed stack, the handlers behind the local API with the dev-key authorizer,
 * the public site from the site bucket and, when given a stream handler, the table's stream fed to it.
 * `npm start` runs it on disk under the data folder; the integration tests run it in memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoAgencyDirectory } from '../../shared/adapters/dynamodb/agency-directory.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoDecisionStore } from '../../shared/adapters/dynamodb/decision-store.ts';
import { rebuildSite } from '../../shared/app/rebuild-site.ts';
import { STREAM_CONSUMERS } from '../../shared/http/routes.ts';
import { type FunctionName, handlerEntry } from '../../shared/manifest.ts';
import { INDEX_KEY } from '../../shared/site/keys.ts';
import { parseAgencyFile, upsertAgencies } from '../agency-admin.ts';
import localAgencies from './agencies.json' with { type: 'json' };
import { type ApiHandler, type LocalLogger, startApiServer } from './api-server.ts';
import { localDynamoConfig, localS3Config } from './aws-config.ts';
import { buildConsole, CONSOLE_PREFIX } from './console.ts';
import { type DevKeys, loadOrCreateDevKeys, loadOrCreateTransparencyKey } from './dev-keys.ts';
import { type RunningService, startDynamoDbLocal } from './dynamodb-local.ts';
import { localEnvironment, localWitnesses } from './environment.ts';
import { reconcileAtStart } from './reconcile-at-start.ts';
import { allowUploadsFrom, ensureBuckets, startS3Local } from './s3-local.ts';
import { removePlatformFile, startScheduler, writePlatformFile } from './scheduler.ts';
import { startSiteServer } from './site-server.ts';
import { type StreamHandler, startStreamPoller } from './stream-poller.ts';
import { ensureTable } from './tables.ts';

export const LOCAL_TABLE_NAME = 'gongshi';
export const LOCAL_SITE_BUCKET = 'gongshi-site';
export const LOCAL_ARCHIVE_BUCKET = 'gongshi-archive';
/**
 * Private uploads: R9 evidence, R10 flowcharts and model texts before review. Never served (the site server reads
 * only the site bucket); the publisher copies an approved catalogue attachment to the site.
 */
export const LOCAL_UPLOADS_BUCKET = 'gongshi-uploads';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface PlatformOptions {
  readonly dataDir: string;
  /** 0 picks a free port. */
  readonly apiPort: number;
  readonly sitePort: number;
  /** DynamoDB Local in memory and the buckets in a temporary folder that goes with stop(): for tests. */
  readonly inMemory?: boolean;
  /** For the handlers (POWERTOOLS_LOG_LEVEL) and the platform's own request log (INFO and below). */
  readonly logLevel?: LogLevel;
  /** Powertools metrics print one EMF line per invocation; off unless asked for. */
  readonly metrics?: boolean;
  /**
   * Fire the schedule table (shared/schedules.ts) on the wall clock; on unless turned off. Tests turn it off
   * and invoke the scheduled handlers with the time they choose, so a sweep never runs under them.
   */
  readonly scheduler?: boolean;
  /**
   * Run the reconcile sweep once before the stream and the schedules start (reconcile-at-start.ts); follows
   * `scheduler` unless given, so the tests that drive the sweeps themselves never see it run under them.
   */
  readonly reconcileAtStart?: boolean;
}

export interface RunningPlatform {
  readonly apiUrl: string;
  readonly siteUrl: string;
  /** The agency console on the site server (console.ts). */
  readonly consoleUrl: string;
  readonly dynamoEndpoint: string;
  readonly s3Endpoint: string;
  readonly tableName: string;
  readonly siteBucket: string;
  readonly archiveBucket: string;
  readonly uploadsBucket: string;
  readonly dataDir: string;
  readonly keys: DevKeys;
  stop(): Promise<void>;
}

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const { dataDir, inMemory = false, logLevel = 'INFO' } = options;
  const logger: LocalLogger = {
    info: logLevel === 'DEBUG' || logLevel === 'INFO' ? (message) => console.log(message) : () => {},
    error: (message, error) => console.error(message, error ?? ''),
  };
  // Everything started so far, stopped in reverse when a later step fails or the platform stops.
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        logger.error('stopping the local platform:', error);
      }
    }
  };
  try {
    const dynamo = await startDynamoDbLocal(inMemory ? {} : { dbPath: join(dataDir, 'dynamodb') });
    stops.push(() => dynamo.stop());
    const s3Directory = inMemory ? mkdtempSync(join(tmpdir(), 'gongshi-s3-')) : join(dataDir, 's3');
    if (inMemory) stops.push(() => rmSync(s3Directory, { recursive: true, force: true }));
    const s3Server: RunningService = await startS3Local({ directory: s3Directory });
    stops.push(() => s3Server.stop());

    const dynamoClient = new DynamoDBClient(localDynamoConfig(dynamo.endpoint));
    const s3 = new S3Client(localS3Config(s3Server.endpoint));
    stops.push(() => {
      dynamoClient.destroy();
      s3.destroy();
    });
    await ensureTable(dynamoClient, LOCAL_TABLE_NAME);
    await ensureBuckets(s3, [LOCAL_SITE_BUCKET, LOCAL_ARCHIVE_BUCKET, LOCAL_UPLOADS_BUCKET]);
    await seedAgencies(dynamo.endpoint);

    // The handlers read their configuration once, when first imported: it must be in place before that.
    // The addresses are known once the servers listen: set below, before any handler is first imported.
    Object.assign(
      process.env,
      localEnvironment({
        tableName: LOCAL_TABLE_NAME,
        siteBucket: LOCAL_SITE_BUCKET,
        uploadsBucket: LOCAL_UPLOADS_BUCKET,
        archiveBucket: LOCAL_ARCHIVE_BUCKET,
        siteUrl: '',
        apiUrl: '',
        dynamoEndpoint: dynamo.endpoint,
        s3Endpoint: s3Server.endpoint,
        transparencyKeyFile: loadOrCreateTransparencyKey(dataDir),
        ...localWitnesses(),
        logLevel,
        metrics: options.metrics === true,
      }),
    );

    const keys = await loadOrCreateDevKeys(dataDir);
    // The site's origin is known once it listens, below; the API reads it on each request (CORS for the console).
    let siteOrigin: string | undefined;
    const api = await startApiServer({
      port: options.apiPort,
      keys,
      loadHandler: handlerLoader(),
      logger,
      corsOrigin: () => siteOrigin,
      devSignIn: true,
    });
    stops.push(() => api.close());
    // R9: the decision pages' correction forms post here, and status URLs point here.
    process.env.API_URL = `${api.url}/`;
    const apiOrigin = new URL(api.url).origin;
    const site = await startSiteServer({
      port: options.sitePort,
      s3,
      bucket: LOCAL_SITE_BUCKET,
      onError: logger.error,
      console: { files: await buildConsole(api.url), apiOrigin },
    });
    stops.push(() => site.close());
    siteOrigin = new URL(site.url).origin;
    // The site's own address goes into feeds and sitemaps; the publisher reads it when first imported.
    process.env.SITE_URL = site.url;
    await allowUploadsFrom(s3, LOCAL_UPLOADS_BUCKET, site.url);
    // A new data folder has no site yet: its front page, feeds, transparency page and static files are built
    // once from the (empty) table, so the first visit finds the site rather than a 404 before anything is
    // published. A site that exists is left as it is.
    await buildSiteIfMissing(s3);
    // What a killed platform left half-way is published before anything new comes in, rather than at the next
    // five-minute mark; before the stream pollers start, so the two never publish the same record at once.
    if (options.reconcileAtStart ?? options.scheduler !== false) {
      await reconcileAtStart({ log: (line) => console.log(line), onError: logger.error });
    }
    // The table's stream is the outbox: each consumer of the shared table gets a poller with its filters, as
    // each gets an event source mapping on AWS.
    for (const consumer of STREAM_CONSUMERS) {
      const poller = await startStreamPoller({
        dynamoEndpoint: dynamo.endpoint,
        tableName: LOCAL_TABLE_NAME,
        handler: lazyStreamHandler(consumer.function),
        filters: consumer.filters,
        onError: logger.error,
        // In memory the stream starts empty each time; a checkpoint would point into a stream that is gone.
        ...(inMemory ? {} : { checkpointFile: join(dataDir, `stream-checkpoint-${consumer.function}.json`) }),
      });
      stops.push(() => poller.stop());
    }

    if (options.scheduler !== false) {
      const scheduler = startScheduler({ onError: logger.error });
      stops.push(() => scheduler.stop());
    }
    // `npm run sweep` and `npm run invoke` find this platform's emulators here rather than opening the data
    // folder a second time (DynamoDB Local cannot share its -dbPath); gone again when the platform stops.
    if (!inMemory) {
      writePlatformFile(dataDir, {
        pid: process.pid,
        dynamoEndpoint: dynamo.endpoint,
        s3Endpoint: s3Server.endpoint,
        siteUrl: site.url,
        apiUrl: `${api.url}/`,
        tableName: LOCAL_TABLE_NAME,
        siteBucket: LOCAL_SITE_BUCKET,
      });
      stops.push(() => removePlatformFile(dataDir, process.pid));
    }

    let stopped: Promise<void> | undefined;
    return {
      apiUrl: api.url,
      siteUrl: site.url,
      consoleUrl: `${site.url}${CONSOLE_PREFIX}`,
      dynamoEndpoint: dynamo.endpoint,
      s3Endpoint: s3Server.endpoint,
      tableName: LOCAL_TABLE_NAME,
      siteBucket: LOCAL_SITE_BUCKET,
      archiveBucket: LOCAL_ARCHIVE_BUCKET,
      uploadsBucket: LOCAL_UPLOADS_BUCKET,
      dataDir,
      keys,
      stop: () => {
        stopped ??= stopAll();
        return stopped;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Imports each handler module on its first request, as Lambda does on a cold start. A module that fails to
 * load is tried again on the next request, so a handler written while the platform runs is picked up.
 */
function handlerLoader(): (name: FunctionName) => Promise<ApiHandler> {
  const cache = new Map<FunctionName, Promise<ApiHandler>>();
  return (name) => {
    let loading = cache.get(name);
    if (!loading) {
      loading = importHandler(name);
      cache.set(name, loading);
      loading.catch(() => cache.delete(name));
    }
    return loading;
  };
}

async function importHandler(name: FunctionName): Promise<ApiHandler> {
  const module = (await import(pathToFileURL(join(PROJECT_ROOT, handlerEntry(name))).href)) as {
    handler?: unknown;
  };
  if (typeof module.handler !== 'function')
    throw new Error(`${handlerEntry(name)} exports no handler function`);
  return module.handler as ApiHandler;
}

/** A stream consumer's handler, imported when its first batch arrives (a failed import is tried again). */
function lazyStreamHandler(name: FunctionName): StreamHandler {
  let loading: Promise<StreamHandler> | undefined;
  return async (event) => {
    if (!loading) {
      loading = import(pathToFileURL(join(PROJECT_ROOT, handlerEntry(name))).href).then(
        (module: { handler?: unknown }) => {
          if (typeof module.handler !== 'function')
            throw new Error(`${handlerEntry(name)} exports no handler function`);
          return module.handler as StreamHandler;
        },
      );
      loading.catch(() => {
        loading = undefined;
      });
    }
    const handler = await loading;
    return handler(event);
  };
}

/**
 * The agencies named in agencies.json, so the local site shows 四平市工业和信息化局 rather than an id: as
 * `npm run agencies -- --file` writes them (infra/agency-admin.ts), each keeping the settings it has.
 */
async function seedAgencies(dynamoEndpoint: string): Promise<void> {
  const entries = parseAgencyFile(localAgencies, 'infra/local/agencies.json');
  const client = createDocumentClient(localDynamoConfig(dynamoEndpoint));
  try {
    await upsertAgencies(new DynamoAgencyDirectory({ client, tableName: LOCAL_TABLE_NAME }), entries);
  } finally {
    client.destroy();
  }
}

/** The full rebuild (shared/app/rebuild-site.ts) through the publisher's composition root, when no index exists. */
async function buildSiteIfMissing(s3: S3Client): Promise<void> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: LOCAL_SITE_BUCKET, Key: INDEX_KEY }));
    return;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw error;
  }
  const { publisherDeps } = await import('../../functions/lib/publisher.ts');
  const { store } = publisherDeps;
  if (!(store instanceof DynamoDecisionStore))
    throw new Error('the publisher does not use the DynamoDB store');
  await rebuildSite({ ...publisherDeps, scanner: store });
}
