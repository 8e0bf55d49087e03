/**
 * The sweeps on the real emulators (R5, R6), time-travelling by the schedule event's `time`. A sweep at +5
 * years would take down every other test file's decisions on the shared table, so this file works on a table
 * and a site bucket of its own, with its own stream poller feeding the real publish-site handler: the same
 * handler modules, DynamoDB Local and S3 server, and nothing shared with the files running beside it.
 */
import { randomUUID } from 'node:crypto';
import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localDynamoConfig,
  localS3Config,
} from '../../infra/local/aws-config.ts';
import { ensureBuckets } from '../../infra/local/s3-local.ts';
import {
  type RunningStreamPoller,
  type StreamHandler,
  startStreamPoller,
} from '../../infra/local/stream-poller.ts';
import { createDocumentClient, DocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoDecisionStore } from '../../shared/adapters/dynamodb/decision-store.ts';
import { MemoryAuditArchive } from '../../shared/adapters/memory/audit-archive.ts';
import { MemoryTransparencyLog } from '../../shared/adapters/memory/transparency-log.ts';
import type { DecisionContent } from '../../shared/domain/decision.ts';
import type { Dependencies } from '../../shared/ports.ts';
import { agencyId, companyPenalty, personPenalty } from './fixtures/decisions.ts';
import { eventuallyWithin } from './support/eventually.ts';
import { freshTable } from './support/tables.ts';

const AGENCY = agencyId('siping-sweep');
const submitter = { kind: 'user', userId: 'li.na', agencyId: AGENCY, roles: ['submitter'] } as const;
const reviewer = { kind: 'user', userId: 'wang.fang', agencyId: AGENCY, roles: ['reviewer'] } as const;

let s3: S3Client;
let bucket: string;
let poller: RunningStreamPoller;
let deps: Dependencies;
let app: typeof import('../../shared/app/decisions.ts');
let sweep: (
  event: unknown,
) => Promise<{ due: number; withdrawn: number; skipped: number; complete: boolean }>;

beforeAll(async () => {
  const { client, tableName } = await freshTable();
  client.destroy();
  bucket = `gongshi-sweep-${randomUUID().slice(0, 8)}`;
  s3 = new S3Client(localS3Config(inject('s3Endpoint')));
  await ensureBuckets(s3, [bucket]);
  // The handlers read their configuration when first imported: this worker's environment must hold it first.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    SITE_BUCKET: bucket,
    // The publisher reads catalogue attachments from here (R10); this file publishes decisions only.
    UPLOADS_BUCKET: inject('uploadsBucket'),
    SITE_URL: 'http://127.0.0.1:3001/',
    GONGSHI_DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    GONGSHI_S3_ENDPOINT: inject('s3Endpoint'),
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  deps = (await import('../../functions/lib/dependencies.ts')).deps;
  app = await import('../../shared/app/decisions.ts');
  sweep = (await import('../../functions/withdrawal-sweep/handler.ts')).handler as typeof sweep;
  const publisher = (await import('../../functions/publish-site/handler.ts'))
    .handler as unknown as StreamHandler;
  poller = await startStreamPoller({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName,
    handler: publisher,
  });
});

afterAll(async () => {
  await poller?.stop();
  s3?.destroy();
});

const eventually = eventuallyWithin(30_000);

async function object(key: string): Promise<string | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await out.Body?.transformToString('utf-8');
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

async function publishedDecision(content: unknown) {
  const { view } = await app.submitDecision(deps, { actor: submitter, content: content as DecisionContent });
  await app.reviewDecision(deps, {
    actor: reviewer,
    id: view.id,
    ifMatch: view.version,
    outcome: 'approve',
    comment: '同意公开',
  });
  return eventually(async () => {
    const current = await app.getDecision(deps, { actor: submitter, id: view.id });
    expect(current.status).toBe('published');
    expect(await object(`decisions/${view.id}.html`)).toBeDefined();
    return current;
  });
}

/** publishedAt (Asia/Shanghai date) plus years and one day, at 00:05 Shanghai, as the daily schedule fires. */
function yearsLater(publishedAt: string, years: number): string {
  const day = new Date(Date.parse(publishedAt) + 8 * 3600_000);
  day.setUTCFullYear(day.getUTCFullYear() + years);
  day.setUTCDate(day.getUTCDate() + 1);
  return `${day.toISOString().slice(0, 10)}T00:05:00+08:00`;
}

describe('the withdrawal sweep on the emulators (R6)', () => {
  it("takes a natural person's decision down after 2 years and a legal person's after 5; both stay in the archive", async () => {
    const person = await publishedDecision(personPenalty());
    const company = await publishedDecision(companyPenalty());
    const publishedAt = String(person.publishedAt);

    await expect(sweep({})).rejects.toThrow(/time/);
    await expect(sweep({ time: 'yesterday' })).rejects.toThrow(/time/);

    const twoYears = await sweep({
      time: new Date(yearsLater(publishedAt, 2)).toISOString(),
      source: 'test',
    });
    expect(twoYears).toMatchObject({ withdrawn: 1 });
    await eventually(async () => {
      expect(await object(`decisions/${person.id}.html`)).toBeUndefined();
      const atom = (await object('atom.xml')) ?? '';
      expect(atom).toMatch(new RegExp(`<at:deleted-entry ref="[^"]*${person.id}[^"]*"`));
    });
    const personNow = await app.getDecision(deps, { actor: submitter, id: person.id });
    expect(personNow.status).toBe('withdrawn');
    expect(JSON.stringify(personNow)).toContain('expired');
    expect(await object(`decisions/${company.id}.html`)).toBeDefined();
    expect((await app.getDecision(deps, { actor: submitter, id: company.id })).status).toBe('published');

    // The same day again: nothing left to do.
    expect(await sweep({ time: new Date(yearsLater(publishedAt, 2)).toISOString() })).toEqual({
      due: 0,
      withdrawn: 0,
      skipped: 0,
      complete: true,
    });

    const fiveYears = await sweep({
      time: new Date(yearsLater(String(company.publishedAt), 5)).toISOString(),
    });
    expect(fiveYears).toMatchObject({ withdrawn: 1 });
    await eventually(async () => {
      expect(await object(`decisions/${company.id}.html`)).toBeUndefined();
      expect((await object('atom.xml')) ?? '').toMatch(
        new RegExp(`<at:deleted-entry ref="[^"]*${company.id}`),
      );
    });

    for (const id of [person.id, company.id]) {
      // The publisher confirms the takedown (R7) once the site's transparency log shows it too, a moment after
      // the pages and feeds changed.
      await eventually(async () => {
        const trail = await app.getAuditTrail(
          { ...deps, anchors: { log: new MemoryTransparencyLog(), archive: new MemoryAuditArchive() } },
          { actor: submitter, id },
        );
        expect(trail.verification).toMatchObject({ valid: true });
        // The sweep withdrew it; then the publisher confirmed the takedown (R7).
        expect(trail.events.at(-2)?.actor).toMatchObject({ userId: 'system:withdrawal-sweep' });
        expect(trail.events.at(-1)).toMatchObject({
          action: 'confirm_takedown',
          actor: { userId: 'system:publisher' },
        });
      });
    }
  });
});

describe('a sweep reads only what is due', () => {
  it('with 200 decisions not yet due, listDue returns only the due ones', async () => {
    const { client, tableName } = await freshTable();
    const documents = createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));
    // Counts every item a query hands back: what the sweep read, not what it kept.
    let itemsRead = 0;
    const counting = new DocumentClient({
      send: async (command: unknown) => {
        const out = (await documents.dynamo.send(command as never)) as { Items?: unknown[] };
        if (command instanceof QueryCommand) itemsRead += out.Items?.length ?? 0;
        return out;
      },
    } as unknown as DynamoDBClient);
    const store = new DynamoDecisionStore({ client: counting, tableName });
    const local = { ...deps, store };
    const notDue: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) {
      notDue.push(
        app.submitDecision(local, {
          actor: submitter,
          content: companyPenalty() as unknown as DecisionContent,
        }),
      );
      if (notDue.length >= 20) await Promise.all(notDue.splice(0));
    }
    await Promise.all(notDue);
    // Three decided long ago: their publication deadlines have passed.
    for (const date of ['2025-03-03', '2025-03-10', '2025-04-01']) {
      await app.submitDecision(local, {
        actor: submitter,
        content: companyPenalty({ decisionDate: date }) as unknown as DecisionContent,
      });
    }
    itemsRead = 0;
    const due: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listDue('publication', '2025-09-01' as never, cursor, 2);
      due.push(...page.items.map((i) => i.due));
      cursor = page.cursor;
    } while (cursor);
    expect(due).toHaveLength(3);
    // Pages of 2 read one item ahead each: at most one extra item per page, none of the 200.
    expect(itemsRead).toBeLessThanOrEqual(due.length + 2);
    console.info(`listDue: ${itemsRead} items read for ${due.length} due, 200 not due in the table`);
    client.destroy();
    documents.destroy();
  });
});
