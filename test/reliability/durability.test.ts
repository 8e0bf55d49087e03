/**
 * Durability: `npm start` itself (infra/local/start.ts) in a child process on a data folder of its own, a batch
 * submitted and approved, then kill -9 of the whole process group (the platform, its DynamoDB Local JVM and its
 * S3 server) the moment the tenth approval is acknowledged, with more under way and the publisher at work;
 * `npm start` again on the same folder, which runs the reconcile sweep once before it is ready.
 * Expected: no acknowledged approval lost, every approved decision published on the site exactly once by the
 * time the restarted platform is ready, and every invariant of the faults suite over the whole table and bucket.
 * Second: the sweep at start on its own, for a decision put back to `publishing` while the platform was down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { localDynamoConfig, localS3Config } from '../../infra/local/aws-config.ts';
import { loadOrCreateDevKeys, mintToken } from '../../infra/local/dev-keys.ts';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { decisionItem } from '../../shared/adapters/dynamodb/decision-keys.ts';
import { DynamoDecisionStore } from '../../shared/adapters/dynamodb/decision-store.ts';
import { S3SiteBucket } from '../../shared/adapters/s3/site-bucket.ts';
import { companyPenalty } from '../integration/fixtures/decisions.ts';
import { type ChildPlatform, startNpmStart } from './support/child-platform.ts';
import { brokenInvariants } from './support/invariants.ts';
import { eachLimited } from './support/raw-http.ts';
import { recordSection } from './support/report.ts';
import { eventually } from './support/state.ts';

const AGENCY = 'siping-gxj';
const BATCH = 40;
/** The issue's case: ten acknowledged approvals, then kill -9. */
const KILL_AFTER = 10;
const dataDir = mkdtempSync(join(tmpdir(), 'gongshi-durable-'));
let platform: (ChildPlatform & { output: () => string }) | undefined;

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function api(
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${platform?.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function statuses(token: string, ids: readonly string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await api('GET', `/v1/decisions?limit=100${cursor ? `&cursor=${cursor}` : ''}`, token);
    for (const item of page.body.items as { id: string; status: string }[]) result.set(item.id, item.status);
    cursor = page.body.cursor;
  } while (cursor);
  return new Map(ids.map((id) => [id, result.get(id) ?? 'missing']));
}

describe('kill -9 right after acknowledged approvals, restart on the same data', () => {
  it('loses no acknowledged write and converges: every approved decision published exactly once', async () => {
    const started = Date.now();
    platform = await startNpmStart(dataDir);
    const keys = await loadOrCreateDevKeys(dataDir);
    const submitter = await mintToken(keys, { agency: AGENCY, roles: ['submitter'], user: 'li.na' });
    const reviewer = await mintToken(keys, { agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });

    const batch = await api('POST', '/v1/decisions/batch', submitter, {
      items: Array.from({ length: BATCH }, () => companyPenalty()),
    });
    expect(batch.status).toBe(207);
    expect(batch.body.accepted).toBe(BATCH);
    const results = batch.body.results as { id: string; version: number }[];
    const ids = results.map((r) => r.id);
    const versions = new Map(results.map((r) => [r.id, r.version]));
    const first = platform;

    // The approvals go in, 8 at a time; the moment the KILL_AFTER-th is acknowledged (its status line in, its
    // body not even read) the whole process group dies with kill -9: the write just acknowledged is the one a
    // store that answers before it commits would lose, 7 more are under way, and the publisher is at work.
    const acknowledged = new Set<string>();
    let killing: Promise<void> | undefined;
    await eachLimited(ids, 8, async (id) => {
      if (killing) return;
      try {
        const response = await fetch(`${first.apiUrl}/v1/decisions/${id}/review`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${reviewer}`,
            'content-type': 'application/json',
            'if-match': `"${versions.get(id)}"`,
          },
          body: JSON.stringify({ outcome: 'approve', comment: '同意' }),
        });
        if (response.status !== 200 || killing) return;
        acknowledged.add(id);
        if (acknowledged.size === KILL_AFTER) killing = first.kill9();
      } catch {
        // the platform died under the request: its outcome is for the restarted platform to tell
      }
    });
    await killing;
    expect(acknowledged.size, 'the kill came before enough approvals were acknowledged').toBe(KILL_AFTER);

    // The same data folder, new ports; the platform file of the dead one is replaced by the new one's. Ready
    // means the reconcile sweep at start has run: what the kill left in `publishing` is published already.
    platform = await startNpmStart(dataDir);
    const restarted = platform;
    const atStart = /reconcile at start: reconcile-sweep +stuck (\d+) · retried (\d+) · failed (\d+)/.exec(
      restarted.output(),
    );
    expect(atStart, restarted.output()).not.toBeNull();
    const atRestart = await statuses(submitter, ids);
    expect([...atRestart.values()].filter((s) => s === 'missing')).toEqual([]);
    // Approved = no longer waiting for review: every approval the API acknowledged, and any it committed
    // without managing to answer.
    const approved = ids.filter((id) => atRestart.get(id) !== 'pending_review');
    const lost = [...acknowledged].filter((id) => !approved.includes(id));
    expect(lost, 'acknowledged approvals lost with the kill').toEqual([]);
    expect(
      approved.filter((id) => atRestart.get(id) !== 'published'),
      `approved but not published when the restarted platform was ready (${atStart?.[0]}); its errors: ${restarted
        .output()
        .split('\n')
        .filter((line) => /error|fail/i.test(line))
        .slice(-5)
        .join('\n')}`,
    ).toEqual([]);
    expect(ids.filter((id) => !approved.includes(id) && atRestart.get(id) !== 'pending_review')).toEqual([]);

    // Exactly once on the site, and every invariant over the whole table and bucket.
    const client = createDocumentClient(localDynamoConfig(restarted.dynamoEndpoint));
    const s3 = new S3Client(localS3Config(restarted.s3Endpoint));
    let listed = 0;
    let inFeed = 0;
    try {
      const site = new S3SiteBucket({ s3, bucket: restarted.siteBucket });
      const broken = await brokenInvariants({
        client,
        tableName: restarted.tableName,
        store: new DynamoDecisionStore({ client, tableName: restarted.tableName }),
        site,
      });
      expect(broken).toEqual([]);
      const feed = JSON.parse((await site.read('feed.json'))?.body ?? '{}') as {
        items: { _gongshi: { id: string } }[];
      };
      for (const id of approved) expect(feed.items.filter((i) => i._gongshi.id === id)).toHaveLength(1);
      inFeed = approved.length;
      for await (const key of site.list('data/')) {
        if (!key.endsWith('.ndjson')) continue;
        const lines = ((await site.read(key))?.body ?? '').split('\n').filter(Boolean);
        listed += lines.filter((l) => ids.includes((JSON.parse(l) as { id: string }).id)).length;
      }
      expect(listed).toBe(approved.length);
    } finally {
      client.destroy();
      s3.destroy();
    }
    recordSection('durability', {
      title: 'Durability',
      method: `npm start (infra/local/start.ts) on a data folder of its own; a batch of ${BATCH} submitted, then approved 8 at a time; the moment the ${KILL_AFTER}th approval is acknowledged, kill -9 of the process group (platform, DynamoDB Local, S3 server); npm start again on the same folder, which runs the reconcile sweep once before it is ready; every acknowledged approval must be there, every approved decision published when the restarted platform is ready, listed once in its month and once in the feed, and the faults suite's invariants hold over the whole table and bucket. DynamoDB Local on disk answers a TransactWriteItems before its COMMIT has run; the platform reaches it through a commit barrier (infra/local/commit-barrier.ts) that holds each write's answer until a read has been through the emulator's queue behind it.`,
      figures: {
        'decisions submitted': BATCH,
        'approvals acknowledged before the kill': acknowledged.size,
        'acknowledged writes lost': lost.length,
        'decisions approved (committed)': approved.length,
        'left publishing by the kill, published by the sweep at start': Number(atStart?.[1] ?? 0),
        'stuck in publishing': approved.filter((id) => atRestart.get(id) === 'publishing').length,
        'approvals under way at the kill, never committed': BATCH - approved.length,
        'listed once in their month': listed,
        'in the feed once': inFeed,
        result: 'converged',
        seconds: Math.round((Date.now() - started) / 1000),
      },
    });
  });
});

describe('a restart publishes what was left publishing', () => {
  const folder = mkdtempSync(join(tmpdir(), 'gongshi-restart-'));
  let running: (ChildPlatform & { output: () => string }) | undefined;
  afterAll(async () => {
    await running?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs the reconcile sweep once at start, before the schedule would', async () => {
    running = await startNpmStart(folder);
    const keys = await loadOrCreateDevKeys(folder);
    const submitter = await mintToken(keys, { agency: AGENCY, roles: ['submitter'], user: 'li.na' });
    const reviewer = await mintToken(keys, { agency: AGENCY, roles: ['reviewer'], user: 'wang.fang' });
    const call = async (method: string, path: string, token: string, body?: unknown, ifMatch?: number) => {
      const response = await fetch(`${running?.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(ifMatch ? { 'if-match': `"${ifMatch}"` } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return {
        status: response.status,
        body: (await response.json()) as { id: string; version: number; status: string },
      };
    };
    const submitted = await call('POST', '/v1/decisions', submitter, companyPenalty());
    expect(submitted.status).toBe(201);
    const { id } = submitted.body;
    const approved = await call(
      'POST',
      `/v1/decisions/${id}/review`,
      reviewer,
      { outcome: 'approve', comment: '同意' },
      submitted.body.version,
    );
    expect(approved.status).toBe(200);
    await eventually(
      async () => expect((await call('GET', `/v1/decisions/${id}`, submitter)).body.status).toBe('published'),
      60_000,
      250,
    );
    await running.stop();

    // With the platform down, the record goes back to `publishing`, as a platform killed between the site's
    // write and the status's would leave it (its index entries with it: decisionItem writes them all).
    const dynamo = await startDynamoDbLocal({ dbPath: join(folder, 'dynamodb') });
    const client = createDocumentClient(localDynamoConfig(dynamo.endpoint));
    try {
      const store = new DynamoDecisionStore({ client, tableName: 'gongshi' });
      const stored = await store.get(id);
      if (!stored) throw new Error(`${id} is not in the table`);
      await client.put({
        TableName: 'gongshi',
        Item: decisionItem({ ...stored, decision: { ...stored.decision, status: 'publishing' } }),
      });
    } finally {
      client.destroy();
      await dynamo.stop();
    }

    // Ready means platform.json is written, which comes after the sweep at start: no waiting, no schedule.
    running = await startNpmStart(folder);
    expect((await call('GET', `/v1/decisions/${id}`, submitter)).body.status).toBe('published');
    expect(running.output()).toMatch(/reconcile at start: reconcile-sweep +stuck 1 · retried 1 · failed 0/);
  });
});
