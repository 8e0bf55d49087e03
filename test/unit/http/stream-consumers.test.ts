import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/publish-site/handler.ts';
import { agencyKeys } from '../../../shared/adapters/dynamodb/agency-keys.ts';
import { catalogItemItem, catalogKeys } from '../../../shared/adapters/dynamodb/catalog-keys.ts';
import { decisionItem, decisionKeys } from '../../../shared/adapters/dynamodb/decision-keys.ts';
import { type Item, META_SK } from '../../../shared/adapters/dynamodb/table-keys.ts';
import { type CatalogChange, catalogPublicationAction } from '../../../shared/app/catalog-publish.ts';
import { type DecisionChange, publicationAction } from '../../../shared/app/publish.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import { CATALOG_STATUSES, type CatalogStatus, lawChangeDeadline } from '../../../shared/domain/catalog.ts';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import { DECISION_STATUSES, type DecisionStatus } from '../../../shared/domain/decision.ts';
import { STREAM_CONSUMERS } from '../../../shared/http/routes.ts';
import { matchesStreamFilters } from '../../../shared/http/stream-filter.ts';
import type { StoredCatalogItem, StoredDecision } from '../../../shared/ports.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';

// The real publish-site handler, so the records it acts on are found by its own reading of the stream; only
// the publishing itself (and the AWS clients it would need) is replaced by a note of the change it was given.
const changes = vi.hoisted(() => [] as DecisionChange[]);
const catalogChanges = vi.hoisted(() => [] as CatalogChange[]);
vi.mock('../../../functions/lib/publisher.ts', () => ({ publisherDeps: {} }));
vi.mock('../../../functions/lib/catalog-publisher.ts', () => ({ catalogPublisherDeps: {} }));
vi.mock('../../../shared/app/catalog-publish.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../shared/app/catalog-publish.ts')>();
  return {
    ...original,
    handleCatalogChange: async (_deps: unknown, change: CatalogChange) => {
      catalogChanges.push(change);
      return 'skipped';
    },
  };
});
vi.mock('../../../functions/lib/observability.ts', () => ({
  logger: { error: () => {}, resetKeys: () => {}, appendKeys: () => {}, addContext: () => {} },
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
  catalogChanges.length = 0;
});

const publishSite = STREAM_CONSUMERS.find((consumer) => consumer.function === 'publish-site');
const filters = publishSite?.filters ?? [];

/** Whether the publish-site handler publishes or withdraws anything for this record. */
async function handlerActsOn(record: DynamoDBRecord): Promise<boolean> {
  changes.length = 0;
  catalogChanges.length = 0;
  const response = await handler({ Records: [record] });
  expect(response.batchItemFailures).toEqual([]);
  return (
    changes.some((change) => publicationAction(change) !== undefined) ||
    catalogChanges.some((change) => catalogPublicationAction(change) !== undefined)
  );
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
      fc.constantFrom(
        decisionKeys.revision('D1', 1),
        decisionKeys.audit('D1', 1),
        decisionKeys.audit('D1', 2),
      ),
      fc.nat({ max: 99_999 }).map((n) => decisionKeys.revision('D1', n)),
      fc.nat({ max: 99_999_999 }).map((n) => decisionKeys.audit('D1', n)),
      fc.constant(decisionKeys.caseGuard('sp', '四工信罚〔2025〕12号')),
      fc.constant(decisionKeys.idempotency('sp', 'key-1')),
      fc.constant(agencyKeys.profile('sp')),
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
          [decisionKeys.revision('D1', 1), 'pending_review', 'publishing'],
          [decisionKeys.audit('D1', 1), undefined, 'publishing'],
          [decisionKeys.audit('D1', 7), 'published', 'withdrawn'],
        ],
      },
    );
  });
});

// ---- R10: catalogue items on the same stream ----------------------------------------------------------

const calendar = createDefaultCalendar();

function storedItem(status: CatalogStatus, due?: string): StoredCatalogItem {
  const lawChanges = due
    ? [
        {
          lawChangeId: 'L1',
          title: '《危险化学品安全管理条例》修订',
          kind: 'regulation',
          effectiveDate: due,
          recordedAt: '2025-09-26T02:00:00.000Z',
          deadline: lawChangeDeadline(due as LocalDate, calendar),
        },
      ]
    : [];
  return {
    item: {
      id: 'D1',
      agencyId: 'sp',
      kind: 'duties',
      status,
      version: 3,
      createdAt: '2025-09-28T02:00:00.000Z',
      updatedAt: '2025-09-29T02:00:00.000Z',
      revisions: [
        {
          number: 1,
          content: { title: '主要职责', body: '职责', legalBasis: [] },
          attachments: [],
          submittedBy: 'li.na',
          submittedAt: '2025-09-28T02:00:00.000Z',
        },
      ],
      lawChanges,
    },
    auditHead: { seq: 3, hash: 'h3' },
  } as unknown as StoredCatalogItem;
}

const CATALOG_STATUSES_OR_NONE = [...CATALOG_STATUSES, undefined];
const DUES = [undefined, '2025-09-26'];
const CATALOG_TRANSITIONS = CATALOG_STATUSES_OR_NONE.flatMap((oldStatus) =>
  CATALOG_STATUSES_OR_NONE.flatMap((newStatus) =>
    DUES.flatMap((oldDue) => DUES.map((newDue) => ({ oldStatus, newStatus, oldDue, newDue }))),
  ),
).filter(({ oldStatus, newStatus }) => oldStatus !== undefined || newStatus !== undefined);

function catalogRecord(
  oldStatus: CatalogStatus | undefined,
  newStatus: CatalogStatus | undefined,
  oldDue?: string,
  newDue?: string,
) {
  return streamRecord(
    oldStatus && catalogItemItem(storedItem(oldStatus, oldDue)),
    newStatus && catalogItemItem(storedItem(newStatus, newDue)),
  );
}

describe('catalogue items on the stream of publish-site (R10)', () => {
  it.each(CATALOG_TRANSITIONS)(
    'passes a catalogue META item from $oldStatus ($oldDue) to $newStatus ($newDue) if the publisher acts on it',
    async ({ oldStatus, newStatus, oldDue, newDue }) => {
      const record = catalogRecord(oldStatus, newStatus, oldDue, newDue);
      if (await handlerActsOn(record)) expect(matchesStreamFilters(filters, record)).toBe(true);
    },
  );

  it('sends catalogue items to the catalogue path only, and decisions to the decision path only', async () => {
    await handler({ Records: [catalogRecord('pending_review', 'publishing')] });
    expect(catalogChanges).toEqual([
      {
        id: 'D1',
        oldStatus: 'pending_review',
        newStatus: 'publishing',
        oldDue: undefined,
        newDue: undefined,
      },
    ]);
    expect(changes).toEqual([]);
    catalogChanges.length = 0;
    await handler({ Records: [metaRecord('pending_review', 'publishing')] });
    expect(changes).toEqual([{ id: 'D1', oldStatus: 'pending_review', newStatus: 'publishing' }]);
    expect(catalogChanges).toEqual([]);
  });

  it('publishes an item entering publishing, refreshes a published one whose update deadline changed, nothing else', async () => {
    expect(await handlerActsOn(catalogRecord('pending_review', 'publishing'))).toBe(true);
    expect(await handlerActsOn(catalogRecord('published', 'publishing', '2025-09-26', undefined))).toBe(true);
    expect(await handlerActsOn(catalogRecord('published', 'published', undefined, '2025-09-26'))).toBe(true);
    // The publisher's own confirmation, a revision under review, a rejection: the page stays as it is.
    expect(await handlerActsOn(catalogRecord('publishing', 'published'))).toBe(false);
    expect(await handlerActsOn(catalogRecord('published', 'published', '2025-09-26', '2025-09-26'))).toBe(
      false,
    );
    expect(await handlerActsOn(catalogRecord('pending_review', 'rejected'))).toBe(false);
  });

  it('drops the revisions, audit events and law changes of the catalogue (property)', async () => {
    const otherKey = fc.oneof(
      fc.nat({ max: 99_999 }).map((n) => catalogKeys.revision('D1', n)),
      fc.nat({ max: 99_999_999 }).map((n) => catalogKeys.audit('D1', n)),
      fc.constant(catalogKeys.lawChangeAudit('L1', 1)),
    );
    const status = fc.constantFrom(...CATALOG_STATUSES_OR_NONE);
    await fc.assert(
      fc.asyncProperty(otherKey, status, status, async (key, oldStatus, newStatus) => {
        fc.pre(oldStatus !== undefined || newStatus !== undefined);
        const item = (s: CatalogStatus | undefined) =>
          s && { ...key, id: 'D1', type: 'catalog_item', status: s };
        const record = streamRecord(item(oldStatus), item(newStatus));
        expect(matchesStreamFilters(filters, record)).toBe(false);
        expect(await handlerActsOn(record)).toBe(false);
      }),
    );
    // A law change's own META item has no status and names no catalogue item: never published.
    const law = { ...catalogKeys.lawChange('L1'), type: 'law_change', id: 'L1' };
    expect(matchesStreamFilters(filters, streamRecord(undefined, law))).toBe(false);
    expect(await handlerActsOn(streamRecord(undefined, law))).toBe(false);
  });
});
