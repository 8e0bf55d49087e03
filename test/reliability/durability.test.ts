/**
 * Durability: `npm start` itself (infra/local/start.ts) in a child process on a data folder of its own, a batch
 * submitted and approved, then kill -9 of the whole process group (the platform, its DynamoDB Local JVM and its
 * S3 server) while the publisher is half-way through; `npm start` again on the same folder. The stream poller
 * resumes from its checkpoint; `npm run invoke -- reconcile-sweep` beside it catches anything the stream missed.
 * Expected: every approved decision published on the site exactly once, nothing left publishing, and every
 * invariant of the faults suite over the whole table and bucket.
 */
import { spawn } from 'node:child_process';
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
import { type ChildPlatform, PROJECT_ROOT, startNpmStart } from './support/child-platform.ts';
import { brokenInvariants } from './support/invariants.ts';
import { eachLimited } from './support/raw-http.ts';
import { recordSection } from './support/report.ts';
import { eventually } from './support/state.ts';

const AGENCY = 'siping-gxj';
const BATCH = 40;
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

/** `npm run invoke -- FUNCTION --time ISO` beside the running platform, as an operator would. */
function invoke(name: string, time: Date): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'infra/local/invoke.ts', name, '--time', time.toISOString()],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          GONGSHI_DATA_DIR: dataDir,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`invoke ${name} exited ${code}: ${out}`)),
    );
  });
}

describe('kill -9 mid-publish, restart on the same data', () => {
  it('converges: every approved decision published exactly once, nothing stuck', async () => {
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

    // The approvals go in, 8 at a time, while a watcher kills the whole process group as soon as the first
    // decision is on the site: mid-publish, and likely mid-approval too.
    const acknowledged = new Set<string>();
    let publishedAtKill = 0;
    let killed = false;
    const watcher = (async () => {
      for (let i = 0; i < 2_400 && !killed; i++) {
        const now = await statuses(submitter, ids).catch(() => undefined);
        const published = now ? [...now.values()].filter((s) => s === 'published').length : 0;
        if (published > 0) {
          publishedAtKill = published;
          killed = true;
          await first.kill9();
          return;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    await eachLimited(ids, 8, async (id) => {
      if (killed) return;
      try {
        const reply = await api(
          'POST',
          `/v1/decisions/${id}/review`,
          reviewer,
          { outcome: 'approve', comment: '同意' },
          { 'if-match': `"${versions.get(id)}"` },
        );
        if (reply.status === 200) acknowledged.add(id);
      } catch {
        // the platform died under the request: its outcome is for the restarted platform to tell
      }
    });
    await watcher;
    expect(killed, 'no decision was published within a minute').toBe(true);

    // The same data folder, new ports; the platform file of the dead one is replaced by the new one's.
    platform = await startNpmStart(dataDir);
    const restarted = platform;
    // Approved = no longer waiting for review: every approval the API acknowledged, and any it committed
    // without managing to answer.
    const atRestart = await statuses(submitter, ids);
    expect([...atRestart.values()].filter((s) => s === 'missing')).toEqual([]);
    const approved = ids.filter((id) => atRestart.get(id) !== 'pending_review');
    for (const id of acknowledged) expect(approved, `acknowledged approval of ${id} lost`).toContain(id);
    expect(approved.length, 'the kill came after everything was published').toBeGreaterThan(publishedAtKill);
    const afterRestart = await eventually(
      async () => {
        const now = await statuses(submitter, approved);
        expect([...now.values()].every((s) => s === 'published')).toBe(true);
        return now;
      },
      60_000,
      500,
    ).catch(async () => statuses(submitter, approved));
    const publishedByStream = [...afterRestart.values()].filter((s) => s === 'published').length;

    // The reconcile sweep, as its schedule would run it a few minutes on.
    const sweep = await invoke('reconcile-sweep', new Date(Date.now() + 3 * 60_000));
    const final = await statuses(submitter, ids);
    // Every approved decision published; the rest never approved (their approval died with the platform
    // before it was committed), so still waiting for review; nothing in between.
    expect(
      approved.filter((id) => final.get(id) !== 'published'),
      sweep,
    ).toEqual([]);
    expect(ids.filter((id) => !approved.includes(id) && final.get(id) !== 'pending_review')).toEqual([]);

    // Exactly once on the site, and every invariant over the whole table and bucket.
    const client = createDocumentClient(localDynamoConfig(restarted.dynamoEndpoint));
    const s3 = new S3Client(localS3Config(restarted.s3Endpoint));
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
      let listed = 0;
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
      method: `npm start (infra/local/start.ts) on a data folder of its own; a batch of ${BATCH} submitted, then approved 8 at a time while a watcher kills the process group (platform, DynamoDB Local, S3 server) with kill -9 as soon as the first is published; every acknowledged approval must have survived; npm start again on the same folder; the stream resumes from its checkpoint, then npm run invoke -- reconcile-sweep; every decision published, listed once in its month and once in the feed, and the faults suite's invariants hold over the whole table and bucket.`,
      figures: {
        'decisions submitted': BATCH,
        'approvals acknowledged before the kill': acknowledged.size,
        'decisions approved (committed)': approved.length,
        'published when killed': publishedAtKill,
        'published by the stream after the restart': publishedByStream,
        'published after the reconcile sweep': approved.filter((id) => final.get(id) === 'published').length,
        'stuck in publishing': [...final.values()].filter((s) => s === 'publishing').length,
        'approvals lost with the platform (never acknowledged)': BATCH - approved.length,
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
