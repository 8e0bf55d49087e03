import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/publish-site/handler.ts';
import { decisionItem, type Item, keys, META_SK } from '../../../shared/adapters/dynamodb/keys.ts';
import { type DecisionChange, publicationAction } from '../../../shared/app/publish.ts';
import { DECISION_STATUSES, type DecisionStatus } from '../../../shared/domain/decision.ts';
import { STREAM_CONSUMERS } from '../../../shared/http/routes.ts';
import { matchesStreamFilters } from '../../../shared/http/stream-filter.ts';
import type { StoredDecision } from '../../../shared/ports.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';

// The real publish-site handler, so the records it acts on are found by its own reading of the stream; only
// the publishing itself (and the AWS clients it would need) is replaced by a note of the change it was given.
const changes = vi.hoisted(() => [] as DecisionChange[]);
vi.mock('../../../functions/lib/publisher.ts', () => ({ publisherDeps: {} }));
vi.mock('../../../shared/http/observability.ts', () => ({
  logger: { error: () => {} },
  metrics: { addMetric: () => {}, publishStoredMetrics: () => {} },
}));
vi.mock('../../../shared/app/publish.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../shared/app/publish.ts')>();
  return {
    ...original,
    handleDecisionChange: async (_deps: unknown, change: DecisionChange) => {
      changes.push(change);
      return 'skipped';
    },
  };
});

beforeEach(() => {
  changes.length = 0;
});

const publishSite = STREAM_CONSUMERS.find((consumer) => consumer.function === 'publish-site');
const filters = publishSite?.filters ?? [];

/** Whether the publish-site handler publishes or withdraws anything for this record. */
async function handlerActsOn(record: DynamoDBRecord): Promise<boolean> {
  changes.length = 0;
  const response = await handler({ Records: [record] });
  expect(response.batchItemFailures).toEqual([]);
  return changes.some((change) => publicationAction(change) !== undefined);
}

function storedWith(status: DecisionStatus): StoredDecision {
  return {
    decision: {
      id: 'D1',
      agencyId: 'sp',
      status,
      version: 3,
      createdAt: '2025-09-28T02:00:00.000Z',
      updatedAt: '2025-09-29T02:00:00.000Z',
      revisions: [{ number: 1, content: companyPenaltyContent() }],
    },
    auditHead: { seq: 3, hash: 'h3' },
    deadlines: {},
  } as unknown as StoredDecision;
}

/** The item as the stream shows it: enough of DynamoDB JSON for the keys, ids and statuses. */
function image(item: Item): Record<string, AttributeValue> {
  const entries = Object.entries(item).flatMap(([name, value]): [string, AttributeValue][] => {
    if (typeof value === 'string') return [[name, { S: value }]];
    if (typeof value === 'number') return [[name, { N: String(value) }]];
    return [];
  });
  return Object.fromEntries(entries);
}

function streamRecord(oldItem: Item | undefined, newItem: Item | undefined): DynamoDBRecord {
  const some = newItem ?? oldItem;
  if (!some) throw new Error('a stream record has an old or a new image');
  return {
    eventID: 'e1',
    eventName: !oldItem ? 'INSERT' : !newItem ? 'REMOVE' : 'MODIFY',
    eventSource: 'aws:dynamodb',
    eventVersion: '1.1',
    awsRegion: 'cn-north-1',
    dynamodb: {
      Keys: { pk: { S: String(some.pk) }, sk: { S: String(some.sk) } },
      ...(oldItem ? { OldImage: image(oldItem) } : {}),
      ...(newItem ? { NewImage: image(newItem) } : {}),
      SequenceNumber: '1000',
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: 'arn:aws-cn:dynamodb:cn-north-1:111122223333:table/gongshi/stream/x',
  };
}

const STATUSES_OR_NONE = [...DECISION_STATUSES, undefined];
/** Every INSERT, MODIFY and REMOVE of a decision's META item: each old status (or none) to each new one. */
const META_TRANSITIONS = STATUSES_OR_NONE.flatMap((oldStatus) =>
  STATUSES_OR_NONE.filter((newStatus) => oldStatus !== undefined || newStatus !== undefined).map(
    (newStatus) => ({ oldStatus, newStatus }),
  ),
);

function metaRecord(oldStatus: DecisionStatus | undefined, newStatus: DecisionStatus | undefined) {
  return streamRecord(
    oldStatus && decisionItem(storedWith(oldStatus)),
    newStatus && decisionItem(storedWith(newStatus)),
  );
}

describe('the stream filter of publish-site', () => {
  it('is defined, as Lambda event filtering patterns in plain JSON', () => {
    expect(publishSite).toBeDefined();
    expect(filters.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(filters))).toEqual(filters);
  });

  it.each(META_TRANSITIONS)(
    'passes a META item going from $oldStatus to $newStatus if the publisher acts on it',
    async ({ oldStatus, newStatus }) => {
      const record = metaRecord(oldStatus, newStatus);
      if (await handlerActsOn(record)) expect(matchesStreamFilters(filters, record)).toBe(true);
    },
  );

  it('acts on some transitions at all (the check above is not vacuous)', async () => {
    expect(await handlerActsOn(metaRecord('pending_review', 'publishing'))).toBe(true);
    expect(await handlerActsOn(metaRecord('published', 'withdrawn'))).toBe(true);
    expect(await handlerActsOn(metaRecord('publishing', 'withdrawn'))).toBe(true);
  });

  it('passes exactly the META items whose new status is publishing or withdrawn, REMOVEs never', () => {
    const passed = META_TRANSITIONS.filter(({ oldStatus, newStatus }) =>
      matchesStreamFilters(filters, metaRecord(oldStatus, newStatus)),
    );
    expect(passed).toEqual(
      META_TRANSITIONS.filter(({ newStatus }) => newStatus === 'publishing' || newStatus === 'withdrawn'),
    );
    expect(decisionItem(storedWith('publishing'))).toMatchObject({ sk: META_SK, status: 'publishing' });
  });

  it('never drops a record the publisher acts on, whatever else the item holds (property)', async () => {
    const status = fc.constantFrom(...STATUSES_OR_NONE);
    const extra = fc.dictionary(
      fc
        .string({ minLength: 1, maxLength: 8 })
        .filter((name) => !['pk', 'sk', 'id', 'status'].includes(name)),
      fc.oneof(fc.string({ maxLength: 8 }), fc.integer()),
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(status, status, extra, extra, async (oldStatus, newStatus, oldExtra, newExtra) => {
        fc.pre(oldStatus !== undefined || newStatus !== undefined);
        const item = (s: DecisionStatus | undefined, more: Item) =>
          s && { ...more, ...decisionItem(storedWith(s)) };
        const record = streamRecord(item(oldStatus, oldExtra), item(newStatus, newExtra));
        if (await handlerActsOn(record)) expect(matchesStreamFilters(filters, record)).toBe(true);
      }),
    );
  });

  it('drops every item that is not a META item: revisions, audit events, guards, agencies (property)', async () => {
    const otherKey = fc.oneof(
      fc.constantFrom(keys.revision('D1', 1), keys.audit('D1', 1), keys.audit('D1', 2)),
      fc.nat({ max: 99_999 }).map((n) => keys.revision('D1', n)),
      fc.nat({ max: 99_999_999 }).map((n) => keys.audit('D1', n)),
      fc.constant(keys.caseGuard('sp', '四工信罚〔2025〕12号')),
      fc.constant(keys.idempotency('sp', 'key-1')),
      fc.constant(keys.agency('sp')),
    );
    // Even one that carried a decision's id and a publishing status would not reach the publisher.
    const status = fc.constantFrom(...STATUSES_OR_NONE);
    await fc.assert(
      fc.asyncProperty(otherKey, status, status, async (key, oldStatus, newStatus) => {
        fc.pre(oldStatus !== undefined || newStatus !== undefined);
        const item = (s: DecisionStatus | undefined) => s && { ...key, id: 'D1', status: s };
        const record = streamRecord(item(oldStatus), item(newStatus));
        expect(matchesStreamFilters(filters, record)).toBe(false);
        expect(await handlerActsOn(record)).toBe(false);
      }),
      {
        examples: [
          [keys.revision('D1', 1), 'pending_review', 'publishing'],
          [keys.audit('D1', 1), undefined, 'publishing'],
          [keys.audit('D1', 7), 'published', 'withdrawn'],
        ],
      },
    );
  });
});
