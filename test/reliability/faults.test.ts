/**
 * Faults: every AWS call of publish, withdraw and the sweeps made to fail in turn, on the emulators.
 * For each operation sequence its calls are counted in a fault-free run (n = 1..N); then, on a fresh decision
 * each time, the n-th call fails, before it reaches the service or after it did its work with the answer lost
 * (writes only: a lost read answer is a failed read). Then the retries the platform has run: the stream
 * redelivers the failed record (the publisher again), a client retries a request that failed, the next daily
 * sweep, and the reconcile sweep. After them every invariant must hold (support/invariants.ts): nothing
 * `published` that the site lacks, nothing stuck, no listing pointing at a missing page, no duplicate in a
 * listing or feed, every audit chain verified with the events its state implies.
 *
 * The use cases run in this worker against the platform's DynamoDB Local and S3 server, on a table and bucket
 * of their own per sequence, with one fault middleware on each SDK client (support/faults.ts).
 */
import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { localDynamoConfig, localS3Config } from '../../infra/local/aws-config.ts';
import { ensureBuckets } from '../../infra/local/s3-local.ts';
import { DynamoAgencyDirectory } from '../../shared/adapters/dynamodb/agency-directory.ts';
import { DynamoCatalogStore } from '../../shared/adapters/dynamodb/catalog-store.ts';
import { createDocumentClient, type DocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoCorrectionRequestStore } from '../../shared/adapters/dynamodb/correction-request-store.ts';
import { DynamoDecisionStore } from '../../shared/adapters/dynamodb/decision-store.ts';
import { DynamoTransparencyLog } from '../../shared/adapters/dynamodb/transparency-log.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/ids.ts';
import { S3SiteBucket } from '../../shared/adapters/s3/site-bucket.ts';
import { S3UploadStore } from '../../shared/adapters/s3/upload-store.ts';
import type { CatalogPublisherDependencies } from '../../shared/app/catalog-publish.ts';
import { reviewDecision, submitDecision, withdrawDecision } from '../../shared/app/decisions.ts';
import { handleDecisionChange, type PublisherDependencies } from '../../shared/app/publish.ts';
import type { CatalogStore, CorrectionRequestStore } from '../../shared/ports.ts';

type ReconcileDependencies = PublisherDependencies &
  Pick<CatalogPublisherDependencies, 'catalog' | 'uploads'>;

import { deadlineSweep, reconcileSweep, withdrawalSweep } from '../../shared/app/sweeps.ts';
import { createDefaultCalendar } from '../../shared/domain/calendar/sources.ts';
import type { DecisionContent } from '../../shared/domain/decision.ts';
import type { Dependencies } from '../../shared/ports.ts';
import { legalEventFor, versionOf } from '../fixtures/versions.ts';
import { agencyId, companyPenalty, personPenalty } from '../integration/fixtures/decisions.ts';
import { freshTable } from '../integration/support/tables.ts';
import { type FaultMode, FaultPlan } from './support/faults.ts';
import { brokenInvariants, type InvariantContext } from './support/invariants.ts';
import { recordSection } from './support/report.ts';

const AGENCY = agencyId('faults');
const submitter = { kind: 'user', userId: 'li.na', agencyId: AGENCY, roles: ['submitter'] } as const;
const reviewer = { kind: 'user', userId: 'wang.fang', agencyId: AGENCY, roles: ['reviewer'] } as const;
const SITE_CONFIG = {
  siteUrl: 'http://127.0.0.1:3001/',
  title: '行政执法决定公示',
  correctionFormUrl: 'correction.html',
};
const MINUTES = 60_000;
const WRITES = /\.(Put|TransactWrite|Update|Delete|DeleteObject|PutObject|BatchWrite)/;
/** The issue asks for every S3 write and every DynamoDB call; a failed read of the site's state objects is left out. */
const S3_READ = /^S3\.(GetObject|HeadObject|ListObjects)/;

interface World {
  readonly plan: FaultPlan;
  /** Through the fault middleware: what the operation under test uses. */
  readonly deps: Dependencies & { readonly requests: CorrectionRequestStore; readonly catalog: CatalogStore };
  publisher(): ReconcileDependencies;
  /** Without faults: setup, the retries and the checks. */
  readonly clean: Dependencies & {
    readonly requests: CorrectionRequestStore;
    readonly catalog: CatalogStore;
    readonly pub: () => ReconcileDependencies;
  };
  readonly check: InvariantContext;
  readonly clients: (DocumentClient | S3Client)[];
}

const worlds: World[] = [];
afterAll(() => {
  for (const world of worlds) for (const client of world.clients) client.destroy();
});

async function world(): Promise<World> {
  const { client: raw, tableName } = await freshTable();
  raw.destroy();
  const bucket = `gongshi-faults-${randomUUID().slice(0, 8)}`;
  const plan = new FaultPlan();
  const make = (faulty: boolean) => {
    const client = createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));
    const s3 = new S3Client(localS3Config(inject('s3Endpoint')));
    if (faulty) {
      plan.attach(client.dynamo, 'DynamoDB');
      plan.attach(s3, 'S3');
    }
    const deps: Dependencies & { requests: CorrectionRequestStore; catalog: CatalogStore } = {
      store: new DynamoDecisionStore({ client, tableName }),
      requests: new DynamoCorrectionRequestStore({ client, tableName }),
      catalog: new DynamoCatalogStore({ client, tableName }),
      agencies: new DynamoAgencyDirectory({ client, tableName }),
      calendar: createDefaultCalendar(),
      clock: systemClock,
      ids: ulidGenerator(systemClock),
    };
    // A publisher as a fresh Lambda instance has it: its static-asset check not yet done.
    const pub = (): ReconcileDependencies => ({
      ...deps,
      uploads: new S3UploadStore({ s3, bucket }),
      log: new DynamoTransparencyLog({ client, tableName }),
      site: new S3SiteBucket({ s3, bucket }),
      siteConfig: SITE_CONFIG,
    });
    return { client, s3, deps, pub };
  };
  const faulty = make(true);
  const clean = make(false);
  await ensureBuckets(clean.s3, [bucket]);
  const built: World = {
    plan,
    deps: faulty.deps,
    publisher: faulty.pub,
    clean: { ...clean.deps, pub: clean.pub },
    check: { client: clean.client, tableName, store: clean.deps.store, site: clean.pub().site },
    clients: [faulty.client, faulty.s3, clean.client, clean.s3],
  };
  worlds.push(built);
  return built;
}

async function pending(w: World, content: unknown = companyPenalty()): Promise<string> {
  const { view } = await submitDecision(w.clean, { actor: submitter, content: content as DecisionContent });
  return view.id;
}
async function approved(w: World, content?: unknown): Promise<string> {
  const id = await pending(w, content);
  await reviewDecision(w.clean, {
    actor: reviewer,
    id,
    ifMatch: await versionOf(w.clean.store, id),
    outcome: 'approve',
    comment: '同意公开',
  });
  return id;
}
async function published(w: World, content?: unknown): Promise<string> {
  const id = await approved(w, content);
  await handleDecisionChange(w.clean.pub(), { id, oldStatus: 'pending_review', newStatus: 'publishing' });
  return id;
}

/** The stream redelivers what the table committed: the publisher again, without faults, for each record. */
async function redeliver(w: World, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const stored = await w.clean.store.get(id);
    const status = stored?.decision.status;
    if (status === 'publishing')
      await handleDecisionChange(w.clean.pub(), { id, oldStatus: 'pending_review', newStatus: 'publishing' });
    if (status === 'withdrawn' && stored?.decision.takedownConfirmedAt === undefined)
      await handleDecisionChange(w.clean.pub(), { id, oldStatus: 'published', newStatus: 'withdrawn' });
  }
}

interface Sequence {
  readonly name: string;
  /** A fresh subject for one run (no faults); returns what the operation acts on. */
  setup(w: World): Promise<{ ids: string[]; at: Date }>;
  /** The operation under faults, as the platform runs it: a use case and the publisher the stream feeds. */
  operation(w: World, subject: { ids: string[]; at: Date }): Promise<void>;
  /** The retries: a client's, the next scheduled run's; then the stream's redelivery and the reconcile sweep. */
  retry(w: World, subject: { ids: string[]; at: Date }): Promise<void>;
}

const figures: Record<string, number> = {};
const violations: string[] = [];

async function exercise(sequence: Sequence): Promise<void> {
  const w = await world();
  // n = 1..N: N counted on a fault-free run of the same sequence, after a first one that wrote the static
  // assets and the month's first files (each later run of the sequence makes the same calls as the second).
  let commands: string[] = [];
  let probe = { ids: [] as string[], at: new Date() };
  for (let warm = 0; warm < 2; warm++) {
    probe = await sequence.setup(w);
    w.plan.arm(undefined);
    await sequence.operation(w, probe);
    commands = [...w.plan.commands];
  }
  expect(commands.length).toBeGreaterThan(0);
  expect(await brokenInvariants(w.check, probe.ids)).toEqual([]);
  let injected = 0;
  for (const mode of ['before', 'after'] as FaultMode[]) {
    for (let n = 1; n <= commands.length; n++) {
      const command = commands[n - 1] ?? '';
      if (S3_READ.test(command) || (mode === 'after' && !WRITES.test(command))) continue;
      const subject = await sequence.setup(w);
      w.plan.arm(n, mode);
      let error: unknown;
      try {
        await sequence.operation(w, subject);
      } catch (caught) {
        error = caught;
      }
      w.plan.disarm();
      const fired = w.plan.fired;
      if (fired) injected += 1;
      if (error && error !== fired && !(error instanceof Error && error.message.includes('injected fault')))
        violations.push(`${sequence.name} ${mode} #${n}: an error that is not the fault: ${String(error)}`);
      await sequence.retry(w, subject);
      const broken = await brokenInvariants(w.check, subject.ids);
      for (const problem of broken)
        violations.push(
          `${sequence.name}, ${mode} call ${n} (${fired?.command ?? 'none fired'}): ${problem}`,
        );
    }
  }
  // The whole table and bucket, once more, at the end of the sequence.
  for (const problem of await brokenInvariants(w.check))
    violations.push(`${sequence.name}, at the end: ${problem}`);
  figures[`${sequence.name}: calls`] = commands.length;
  figures[`${sequence.name}: S3 writes and DynamoDB calls`] = commands.filter((c) => !S3_READ.test(c)).length;
  figures[`${sequence.name}: faults`] = injected;
}

const now = () => new Date();
const later = (at: Date, minutes: number) => new Date(at.getTime() + minutes * MINUTES);

const PUBLISH: Sequence = {
  name: 'publish',
  setup: async (w) => ({ ids: [await approved(w)], at: now() }),
  operation: async (w, { ids }) => {
    for (const id of ids)
      await handleDecisionChange(w.publisher(), { id, oldStatus: 'pending_review', newStatus: 'publishing' });
  },
  retry: async (w, { ids }) => {
    await redeliver(w, ids);
    await reconcileSweep(w.clean.pub(), later(now(), 3));
  },
};

const WITHDRAW: Sequence = {
  name: 'withdraw',
  // A natural person's decision: revoked with a notice (R7). Every other run: published in error, removed (R8).
  setup: async (w) => ({ ids: [await published(w, personPenalty())], at: now() }),
  operation: async (w, { ids }) => {
    for (const id of ids) {
      await withdrawDecision(w.deps, {
        actor: submitter,
        id,
        // The version the client read beforehand (R2): a read outside the faults injected into the withdrawal.
        ifMatch: await versionOf(w.clean.store, id),
        ...(Number.parseInt(id.slice(-1), 36) % 2 === 0
          ? { reason: 'revoked' as const, ...(await legalEventFor(w.clean.store, id, 'revoked')) }
          : { reason: 'published_in_error' as const }),
        explanation: '原处罚决定已被行政复议决定撤销',
      });
      await handleDecisionChange(w.publisher(), { id, oldStatus: 'published', newStatus: 'withdrawn' });
    }
  },
  retry: async (w, { ids }) => {
    for (const id of ids) {
      // The client whose request failed sends it again; one that was committed is refused (409) and left.
      if ((await w.clean.store.get(id))?.decision.status === 'published') {
        await withdrawDecision(w.clean, {
          actor: submitter,
          id,
          ifMatch: await versionOf(w.clean.store, id),
          reason: 'revoked',
          ...(await legalEventFor(w.clean.store, id, 'revoked')),
          explanation: '重试撤下',
        });
      }
    }
    await redeliver(w, ids);
    await reconcileSweep(w.clean.pub(), later(now(), 3));
  },
};

/** R6: the daily sweep, six years on: every decision published so far is past its expiry. */
const EXPIRY: Sequence = {
  name: 'withdrawal sweep (R6)',
  setup: async (w) => ({ ids: [await published(w)], at: new Date(Date.now() + 6 * 366 * 24 * 60 * MINUTES) }),
  operation: async (w, { ids, at }) => {
    await withdrawalSweep(w.deps, at);
    // The stream delivers each withdrawal the sweep committed.
    for (const id of ids) {
      if ((await w.clean.store.get(id))?.decision.status === 'withdrawn')
        await handleDecisionChange(w.publisher(), { id, oldStatus: 'published', newStatus: 'withdrawn' });
    }
  },
  retry: async (w, { ids, at }) => {
    await withdrawalSweep(w.clean, later(at, 24 * 60));
    await redeliver(w, ids);
    await reconcileSweep(w.clean.pub(), later(at, 24 * 60 + 3));
  },
};

/** The reconcile sweep's two duties: a decision whose stream record was lost (left publishing) … */
const RECONCILE_PUBLISH: Sequence = {
  name: 'reconcile sweep, stuck publication',
  setup: async (w) => ({ ids: [await approved(w)], at: later(now(), 3) }),
  operation: async (w, { at }) => reconcileOnce(w, at),
  retry: async (w, { at }) => {
    await reconcileSweep(w.clean.pub(), later(at, 5));
  },
};

/** … and a withdrawal whose takedown never ran (R7). */
const RECONCILE_TAKEDOWN: Sequence = {
  name: 'reconcile sweep, unconfirmed takedown',
  setup: async (w) => {
    const id = await published(w);
    await withdrawDecision(w.clean, {
      actor: submitter,
      id,
      ifMatch: await versionOf(w.clean.store, id),
      reason: 'revoked',
      ...(await legalEventFor(w.clean.store, id, 'revoked')),
      explanation: '已撤销',
    });
    return { ids: [id], at: later(now(), 3) };
  },
  operation: async (w, { at }) => reconcileOnce(w, at),
  retry: async (w, { at }) => {
    await reconcileSweep(w.clean.pub(), later(at, 5));
  },
};

async function reconcileOnce(w: World, at: Date): Promise<void> {
  const result = await reconcileSweep(w.publisher(), at);
  // The sweep counts a failed retry rather than throwing: the next run (every 5 minutes) takes it again.
  if (result.failed > 0) throw new Error(`injected fault: ${result.failed} failed`);
}

const DEADLINES: Sequence = {
  name: 'deadline sweep',
  setup: async (w) => ({ ids: [await pending(w)], at: later(now(), 30 * 24 * 60) }),
  operation: async (w, { at }) => {
    const faulty = await deadlineSweep(w.deps, at);
    const truth = await deadlineSweep(w.clean, at);
    if (JSON.stringify(faulty) !== JSON.stringify(truth))
      throw new Error('the sweep miscounted instead of failing');
  },
  retry: async () => {},
};

describe('a failure of any one AWS call', () => {
  // Each sequence on its own table, bucket and fault plan: they run side by side.
  it.concurrent.each(
    [PUBLISH, WITHDRAW, EXPIRY, RECONCILE_PUBLISH, RECONCILE_TAKEDOWN, DEADLINES].map(
      (s) => [s.name, s] as const,
    ),
  )('%s: every invariant holds after the retries', async (_name, sequence) => {
    await exercise(sequence);
    expect(violations.slice(0, 30)).toEqual([]);
  });

  it('records the figures', () => {
    expect(violations).toEqual([]);
    const faults = Object.entries(figures)
      .filter(([k]) => k.endsWith(': faults'))
      .reduce((sum, [, v]) => sum + v, 0);
    recordSection('faults', {
      title: 'Faults',
      method:
        'the AWS calls of publish, withdraw (use case and publisher), the withdrawal, reconcile and deadline sweeps counted in a fault-free run (N each); then for n = 1..N, on a fresh decision, the n-th call made to fail before it reaches the service, and each write also after it did its work (the answer lost); then the retries (the client, the next scheduled run, the stream redelivery, the reconcile sweep) and the invariants: nothing published that the site lacks, nothing left publishing or with an unconfirmed takedown, no listing pointing at a missing page, no duplicate in listings, feeds or sitemaps, every audit chain verifies and holds the events its state implies.',
      figures: { ...figures, 'faults injected': faults, 'invariant violations': violations.length },
    });
  });
});
