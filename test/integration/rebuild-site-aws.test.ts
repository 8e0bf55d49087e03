/**
 * `npm run rebuild-site -- --table --bucket --site-url` (the AWS mode) as an operator runs it: a child process
 * that starts no emulator and builds the publisher's clients as on AWS, from the default credential chain and
 * region. The AWS SDK's own AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_S3 point those clients at this
 * file's table and bucket on the platform's emulators; the local platform's GONGSHI_*_ENDPOINT variables,
 * set to nowhere, must not be used.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localDynamoConfig,
  localS3Config,
} from '../../infra/local/aws-config.ts';
import { DynamoAgencyDirectory } from '../../shared/adapters/dynamodb/agency-directory.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoDecisionStore } from '../../shared/adapters/dynamodb/decision-store.ts';
import { DynamoTransparencyLog } from '../../shared/adapters/dynamodb/transparency-log.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/ids.ts';
import { S3SiteBucket } from '../../shared/adapters/s3/site-bucket.ts';
import { reviewDecision, submitDecision } from '../../shared/app/decisions.ts';
import { handleDecisionChange, type PublisherDependencies } from '../../shared/app/publish.ts';
import { createDefaultCalendar } from '../../shared/domain/calendar/sources.ts';
import type { Actor, DecisionContent } from '../../shared/domain/decision.ts';
import type { Dependencies } from '../../shared/ports.ts';
import { companyPenalty } from './fixtures/decisions.ts';
import { freshTable } from './support/tables.ts';

type User = Extract<Actor, { kind: 'user' }>;
const AGENCY = 'siping-rebuild-aws';
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: AGENCY, roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: AGENCY, roles: ['reviewer'] };
const SITE_URL = 'https://gongshi.example.cn/';
const ROOT = resolve(import.meta.dirname, '../..');

let s3: S3Client;
let documents: ReturnType<typeof createDocumentClient>;
let deps: Dependencies & PublisherDependencies;
let site: S3SiteBucket;
let tableName: string;
let bucket: string;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run rebuild-site -- …args` with the AWS environment an operator would have, pointed at the emulators. */
async function rebuildSite(...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_ENDPOINT_URL_S3: inject('s3Endpoint'),
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    // What the local platform reads: none of it may matter on AWS.
    GONGSHI_DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    GONGSHI_S3_ENDPOINT: 'http://127.0.0.1:9',
    GONGSHI_DATA_DIR: join(ROOT, 'no-such-data-dir'),
    SITE_URL: 'http://127.0.0.1:3001',
  };
  delete env.AWS_PROFILE;
  const tsx = join(ROOT, 'node_modules/.bin/tsx');
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, ['infra/local/rebuild-site.ts', ...args], {
      cwd: ROOT,
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

beforeAll(async () => {
  const table = await freshTable();
  table.client.destroy();
  tableName = table.tableName;
  s3 = new S3Client(localS3Config(inject('s3Endpoint')));
  bucket = `gongshi-rebuild-aws-${randomUUID().slice(0, 8)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  documents = createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));
  site = new S3SiteBucket({ s3, bucket });
  deps = {
    store: new DynamoDecisionStore({ client: documents, tableName }),
    agencies: new DynamoAgencyDirectory({ client: documents, tableName }),
    calendar: createDefaultCalendar(),
    clock: systemClock,
    ids: ulidGenerator(systemClock),
    site,
    log: new DynamoTransparencyLog({ client: documents, tableName }),
    siteConfig: { siteUrl: SITE_URL, title: '行政执法决定公示', correctionFormUrl: 'correction.html' },
  };
});
afterAll(() => {
  s3.destroy();
  documents.destroy();
});

async function published(content: unknown): Promise<string> {
  const { view } = await submitDecision(deps, { actor: submitter, content: content as DecisionContent });
  await reviewDecision(deps, {
    actor: reviewer,
    id: view.id,
    ifMatch: view.version,
    outcome: 'approve',
    comment: '同意公开',
  });
  expect(
    await handleDecisionChange(deps, { id: view.id, oldStatus: 'pending_review', newStatus: 'publishing' }),
  ).toBe('published');
  return view.id;
}

describe('npm run rebuild-site on AWS', () => {
  it("rebuilds a stage's bucket from its table with the default AWS clients, starting nothing", async () => {
    const id = await published(companyPenalty());
    const page = (await site.read(`decisions/${id}.html`))?.body;
    expect(page).toBeDefined();
    await site.delete(`decisions/${id}.html`);
    const html = { contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=60' };
    await site.put({ key: 'stray.html', body: '<p>stray</p>', ...html });

    const run = await rebuildSite('--table', tableName, '--bucket', bucket, '--site-url', SITE_URL);
    expect(run.stderr).toContain(
      `Rebuilding ${SITE_URL} in ${bucket} from ${tableName} (AWS, ${LOCAL_REGION})`,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Rebuilt the site in ${bucket} from ${tableName} (AWS, ${LOCAL_REGION}):`);
    expect(run.stdout).toMatch(/decisions {2}1 /);
    expect((await site.read(`decisions/${id}.html`))?.body).toBe(page);
    expect(await site.read('stray.html')).toBeUndefined();
    expect((await site.read('atom.xml'))?.body).toContain(`${SITE_URL}decisions/${id}.html`);
  });

  it('says a table is missing in one line, with exit status 1', async () => {
    const run = await rebuildSite('--table', 'no-such-table', '--bucket', bucket, '--site-url', SITE_URL);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('rebuild-site: Table no-such-table was not found in cn-north-1');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an incomplete set of options with exit status 2, before touching anything', async () => {
    const run = await rebuildSite('--table', tableName, '--bucket', bucket);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--table, --bucket and --site-url go together');
    expect(run.stderr).toContain('npm run rebuild-site -- --help');
  });
});
