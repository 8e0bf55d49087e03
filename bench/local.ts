/**
 * The local platform pieces the benchmark runs on: AWS's DynamoDB Local in memory and the S3 server in a
 * temporary folder (infra/local), the table and buckets of the stack, the agencies of agencies.json. The
 * use cases get the production adapters over clients that count every request (counting.ts); nothing else
 * of the platform (API, stream pollers, scheduler) runs here, so only what is measured touches the table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { siteConfigOf } from '../functions/lib/links.ts';
import { parseAgencyFile, upsertAgencies } from '../infra/agency-admin.ts';
import localAgencies from '../infra/local/agencies.json' with { type: 'json' };
import { localDynamoConfig, localS3Config } from '../infra/local/aws-config.ts';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { LOCAL_SITE_BUCKET, LOCAL_TABLE_NAME } from '../infra/local/platform.ts';
import { ensureBuckets, startS3Local } from '../infra/local/s3-local.ts';
import { ensureTable } from '../infra/local/tables.ts';
import { DynamoAgencyDirectory } from '../shared/adapters/dynamodb/agency-directory.ts';
import { createDocumentClient, type DocumentClient } from '../shared/adapters/dynamodb/client.ts';
import { DynamoDecisionStore } from '../shared/adapters/dynamodb/decision-store.ts';
import { DynamoTransparencyLog } from '../shared/adapters/dynamodb/transparency-log.ts';
import { ulidGenerator } from '../shared/adapters/ids.ts';
import { S3SiteBucket } from '../shared/adapters/s3/site-bucket.ts';
import { AGENCY_CACHE_MS, cachedAgencies } from '../shared/app/agency-cache.ts';
import type { PublisherDependencies } from '../shared/app/publish.ts';
import { createDefaultCalendar } from '../shared/domain/calendar/sources.ts';
import type { Clock, Dependencies } from '../shared/ports.ts';
import { countDynamo, countS3, type DynamoCounts, emptyDynamoCounts, type S3Counts } from './counting.ts';

/** A clock the benchmark sets: seeded decisions are submitted, approved and published on past dates. */
export class BenchClock implements Clock {
  #fixed: Date | undefined;
  now(): Date {
    return this.#fixed ? new Date(this.#fixed) : new Date();
  }
  /** Fixed at `at` until set again; undefined returns to the wall clock. */
  set(at: Date | undefined): void {
    this.#fixed = at;
  }
}

export interface BenchEnvironment {
  readonly dynamoEndpoint: string;
  readonly s3Endpoint: string;
  readonly tableName: string;
  readonly siteBucket: string;
  readonly siteUrl: string;
  readonly client: DocumentClient;
  readonly s3: S3Client;
  readonly dynamoCounts: DynamoCounts;
  readonly s3Counts: S3Counts;
  readonly clock: BenchClock;
  readonly deps: Dependencies;
  readonly publisher: PublisherDependencies;
  stop(): Promise<void>;
}

export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const dynamo = await startDynamoDbLocal({});
  const s3Directory = mkdtempSync(join(tmpdir(), 'gongshi-bench-s3-'));
  const s3Server = await startS3Local({ directory: s3Directory });
  const plain = new DynamoDBClient(localDynamoConfig(dynamo.endpoint));
  await ensureTable(plain, LOCAL_TABLE_NAME);
  plain.destroy();

  const dynamoCounts = emptyDynamoCounts();
  const s3Counts: S3Counts = { requests: new Map() };
  const client = createDocumentClient(localDynamoConfig(dynamo.endpoint));
  countDynamo(client.dynamo, () => dynamoCounts);
  const s3 = new S3Client(localS3Config(s3Server.endpoint));
  countS3(s3, () => s3Counts);
  await ensureBuckets(s3, [LOCAL_SITE_BUCKET]);

  const agencies = new DynamoAgencyDirectory({ client, tableName: LOCAL_TABLE_NAME });
  await upsertAgencies(agencies, parseAgencyFile(localAgencies, 'infra/local/agencies.json'));
  const clock = new BenchClock();
  const deps: Dependencies = {
    store: new DynamoDecisionStore({ client, tableName: LOCAL_TABLE_NAME, clock }),
    // As the handlers keep them (functions/lib/dependencies.ts, ADR 0010).
    agencies: cachedAgencies(agencies, { maxAgeMs: AGENCY_CACHE_MS }),
    calendar: createDefaultCalendar(),
    clock,
    ids: ulidGenerator(clock),
  };
  const siteUrl = 'http://127.0.0.1:3001/';
  const publisher: PublisherDependencies = {
    ...deps,
    site: new S3SiteBucket({ s3, bucket: LOCAL_SITE_BUCKET }),
    log: new DynamoTransparencyLog({ client, tableName: LOCAL_TABLE_NAME }),
    siteConfig: siteConfigOf({ SITE_URL: siteUrl, API_URL: 'http://127.0.0.1:3000/' }),
  };
  return {
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3Server.endpoint,
    tableName: LOCAL_TABLE_NAME,
    siteBucket: LOCAL_SITE_BUCKET,
    siteUrl,
    client,
    s3,
    dynamoCounts,
    s3Counts,
    clock,
    deps,
    publisher,
    stop: async () => {
      client.destroy();
      s3.destroy();
      await s3Server.stop();
      await dynamo.stop();
      rmSync(s3Directory, { recursive: true, force: true });
    },
  };
}
