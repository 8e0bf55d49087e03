/**
 * The full rebuild on the real emulators: DynamoDB Local's Scan (its projection and filter expressions)
 * and s3rver's listing. A table and a bucket of this file's own, on the platform's emulators: a rebuild
 * deletes what it did not write, which must never race the other files' publications in the shared bucket.
 */
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoConfig, localS3Config } from '../../infra/local/aws-config.ts';
import { DynamoAgencyDirectory } from '../../shared/adapters/dynamodb/agency-directory.ts';
import { createDocumentClient, SCAN_PAGE_ITEMS } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoDecisionStore } from '../../shared/adapters/dynamodb/decision-store.ts';
import { DynamoTransparencyLog } from '../../shared/adapters/dynamodb/transparency-log.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/ids.ts';
import { S3SiteBucket } from '../../shared/adapters/s3/site-bucket.ts';
import { reviewDecision, submitDecision, withdrawDecision } from '../../shared/app/decisions.ts';
import { handleDecisionChange } from '../../shared/app/publish.ts';
import { type RebuildDependencies, rebuildSite } from '../../shared/app/rebuild-site.ts';
import { syncLogToSite } from '../../shared/app/transparency.ts';
import { createDefaultCalendar } from '../../shared/domain/calendar/sources.ts';
import type { Actor, DecisionContent, DecisionStatus } from '../../shared/domain/decision.ts';
import type { DecisionRef, Dependencies } from '../../shared/ports.ts';
import { legalEventFor, versionOf } from '../fixtures/versions.ts';
import { companyPenalty, personPenalty } from './fixtures/decisions.ts';
import { allSiteObjects } from './support/site-objects.ts';
import { freshTable } from './support/tables.ts';

type User = Extract<Actor, { kind: 'user' }>;
const AGENCY = 'siping-rebuild';
const submitter: User = { kind: 'user', userId: 'li.na', agencyId: AGENCY, roles: ['submitter'] };
const reviewer: User = { kind: 'user', userId: 'wang.fang', agencyId: AGENCY, roles: ['reviewer'] };

let s3: S3Client;
let deps: Dependencies & RebuildDependencies;
let site: S3SiteBucket;
let table: string;
let bucket: string;

beforeAll(async () => {
  const { client, tableName } = await freshTable();
  client.destroy();
  table = tableName;
  s3 = new S3Client(localS3Config(inject('s3Endpoint')));
  bucket = `gongshi-rebuild-${randomUUID().slice(0, 8)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  // As functions/lib/dependencies.ts and publisher.ts compose them, on this file's table and bucket.
  const documents = createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));
  const store = new DynamoDecisionStore({ client: documents, tableName });
  site = new S3SiteBucket({ s3, bucket });
  deps = {
    store,
    scanner: store,
    agencies: new DynamoAgencyDirectory({ client: documents, tableName }),
    calendar: createDefaultCalendar(),
    clock: systemClock,
    ids: ulidGenerator(systemClock),
    site,
    log: new DynamoTransparencyLog({ client: documents, tableName }),
    siteConfig: {
      siteUrl: 'http://127.0.0.1:3001/',
      title: '行政执法决定公示',
      correctionFormUrl: 'correction.html',
    },
  };
});
afterAll(() => s3.destroy());

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

async function withdrawn(id: string, reason: 'revoked' | 'published_in_error'): Promise<void> {
  await withdrawDecision(deps, {
    actor: submitter,
    id,
    ifMatch: await versionOf(deps.store, id),
    reason,
    ...(await legalEventFor(deps.store, id, reason)),
    explanation: '原决定已被撤销',
  });
  const change = { id, oldStatus: 'published' as DecisionStatus, newStatus: 'withdrawn' as DecisionStatus };
  expect(await handleDecisionChange(deps, change)).toBe('withdrawn');
}

const everything = () => allSiteObjects(s3, bucket);

describe('rebuilding the site on S3 from DynamoDB', () => {
  it('scans only what the public side may hold, with the few attributes it needs', async () => {
    const kept = await published(companyPenalty());
    const pending = (await submitDecision(deps, { actor: submitter, content: companyPenalty() as never }))
      .view.id;
    const refs: DecisionRef[] = [];
    for await (const ref of deps.scanner.scanPublicDecisions()) refs.push(ref);
    expect(refs.map((r) => r.id)).toContain(kept);
    expect(refs.map((r) => r.id)).not.toContain(pending);
    expect(refs.find((r) => r.id === kept)).toEqual({
      id: kept,
      status: 'published',
      publishedAt: expect.any(String),
      publicRevision: 1,
    });
  });

  it('puts a lost decision page back, removes what must not be there, and leaves the rest as it was', async () => {
    const page = await published(companyPenalty());
    await published(personPenalty());
    await withdrawn(await published(companyPenalty()), 'revoked');
    const removed = await published(companyPenalty());
    await withdrawn(removed, 'published_in_error');
    // As the site stands once the reconcile run has passed: publishers leave transparency/head.json to it.
    await syncLogToSite(deps);
    const before = await everything();

    await site.delete(`decisions/${page}.html`);
    const object = { contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=60' };
    await site.put({ key: `decisions/${removed}.html`, body: '<p>restored from an old copy</p>', ...object });
    await site.put({ key: 'stray.html', body: '<p>stray</p>', ...object });

    const report = await rebuildSite(deps);
    // Three here (one of them a notice), one of the test above.
    expect(report).toMatchObject({ decisions: 4, removed: 1, skipped: 0 });
    const after = await everything();
    // The rebuild also writes the month's 双公示 export, which the publisher leaves to its schedule (ADR 0018).
    const exported = [...after.keys()].filter((key) => key.startsWith('exports/'));
    expect(exported.some((key) => key.endsWith('.xlsx'))).toBe(true);
    for (const key of exported) after.delete(key);
    for (const key of [...before.keys()]) if (key.startsWith('exports/')) before.delete(key);
    expect(after.get(`decisions/${page}.html`)).toBe(before.get(`decisions/${page}.html`));
    expect(after.has(`decisions/${removed}.html`)).toBe(false);
    expect(after.has('stray.html')).toBe(false);
    expect([...after.keys()]).toEqual([...before.keys()]);
    // Only the removed decision's takedown is gone from the feeds.
    const differing = [...before.keys()].filter((key) => before.get(key) !== after.get(key));
    expect(differing.sort()).toEqual(['atom.xml', 'feed.json']);
    expect(before.get('atom.xml')).toContain(`decisions/${removed}.html`);
    expect(after.get('atom.xml')).not.toContain(`decisions/${removed}.html`);
  });

  it('scans SCAN_PAGE_ITEMS items a request, past pages where nothing matches (DynamoDB Local ran out of heap without a Limit)', async () => {
    const kept = await published(companyPenalty());
    const documents = createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));
    // The SDK's document client, for the batches of fillers only: the adapters have no batch write.
    const filling = DynamoDBDocumentClient.from(documents.dynamo);
    for (let n = 0; n < 2 * SCAN_PAGE_ITEMS + 100; n += 25) {
      const fillers = Array.from({ length: 25 }, (_, k) => ({
        PutRequest: { Item: { pk: `FILLER#${n + k}`, sk: 'META', type: 'filler', status: 'published' } },
      }));
      await filling.send(new BatchWriteCommand({ RequestItems: { [table]: fillers } }));
    }
    const limits: (number | undefined)[] = [];
    documents.dynamo.middlewareStack.add(
      (next) => async (args) => {
        limits.push((args.input as { Limit?: number }).Limit);
        return next(args);
      },
      { step: 'initialize' },
    );
    const refs: DecisionRef[] = [];
    const store = new DynamoDecisionStore({ client: documents, tableName: table });
    for await (const ref of store.scanPublicDecisions()) refs.push(ref);
    documents.destroy();
    expect(refs.map((r) => r.id)).toContain(kept);
    expect(refs.every((r) => !r.id.startsWith('FILLER'))).toBe(true);
    expect(limits.length).toBeGreaterThanOrEqual(3);
    expect(new Set(limits)).toEqual(new Set([SCAN_PAGE_ITEMS]));
  });
});
