/**
 * The deadline sweep's metrics as CloudWatch receives them (R5): the real handler module on a table of its
 * own, metrics enabled, its stdout captured and the embedded-metric-format line parsed. The alarms read these
 * values, so a wrong count or an extra dimension (a series per decision) would break them silently.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoConfig } from '../../infra/local/aws-config.ts';
import { DynamoAgencyDirectory } from '../../shared/adapters/dynamodb/agency-directory.ts';
import { DynamoCatalogStore } from '../../shared/adapters/dynamodb/catalog-store.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoCorrectionRequestStore } from '../../shared/adapters/dynamodb/correction-request-store.ts';
import { DynamoDecisionStore } from '../../shared/adapters/dynamodb/decision-store.ts';
import { DynamoInventoryStore } from '../../shared/adapters/dynamodb/inventory-store.ts';
import { reportInventory } from '../../shared/app/inventory.ts';
import { createDefaultCalendar } from '../../shared/domain/calendar/sources.ts';
import { catalogCreation, lawChangeWrite } from './catalog-store-contract.ts';
import { filing } from './correction-request-store-contract.ts';
import { change, creation, newAgency, PENALTY, publisher, reviewer } from './store-contract.ts';
import { freshTable } from './support/tables.ts';

const ENV = {
  TABLE_NAME: '',
  GONGSHI_DYNAMODB_ENDPOINT: '',
  AWS_REGION: LOCAL_REGION,
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  // Explicitly on: the other handler tests switch metrics off, and POWERTOOLS_DEV would too.
  POWERTOOLS_METRICS_DISABLED: 'false',
  POWERTOOLS_DEV: '',
};
const saved = Object.fromEntries(Object.keys(ENV).map((k) => [k, process.env[k]]));

type Handler = (event: unknown) => Promise<unknown>;
let handler: Handler;

beforeAll(async () => {
  const { client, tableName } = await freshTable();
  client.destroy();
  const documents = createDocumentClient(localDynamoConfig(inject('dynamoEndpoint')));
  const store = new DynamoDecisionStore({ client: documents, tableName });
  const agencyId = newAgency();
  // Legal-person penalties, 7 working days: decided 09-15 and 09-16 are overdue on 2025-09-29 (due 09-24 and
  // 09-25), decided 09-19 is due 09-30 (within 2 working days), decided 09-28 only after the holiday.
  const dates = ['2025-09-15', '2025-09-16', '2025-09-19', '2025-09-28'];
  for (const [i, date] of dates.entries()) {
    await store.save(
      creation({
        agencyId,
        content: { ...PENALTY, caseNumber: `四工信罚〔2025〕${i + 1}号`, decisionDate: date as never },
      }),
    );
  }
  // R3: an exemption for hampering enforcement confirmed, to be looked at again on 2025-09-26: due on 2025-09-29.
  const exempt = creation({
    agencyId,
    content: {
      ...PENALTY,
      caseNumber: '四工信罚〔2025〕9号',
      decisionDate: '2025-09-10' as never,
      exemption: { reason: 'hampers_enforcement', reviewOn: '2025-09-26' as never },
    },
  });
  await store.save(exempt);
  await store.save(change(exempt.next, { type: 'exempt', comment: '妨害正常执法活动' }, reviewer(agencyId)));
  // R8: a correction of a published decision submitted on 2025-09-28 (a 调休 working Sunday) was due for review
  // that day: overdue on 2025-09-29.
  const live = creation({ agencyId, content: { ...PENALTY, caseNumber: '四工信罚〔2025〕10号' } });
  await store.save(live);
  const approved = change(
    live.next,
    { type: 'approve', comment: '同意', projectionHash: 'a'.repeat(64) },
    reviewer(agencyId),
  );
  await store.save(approved);
  const shown = change(approved.next, { type: 'publish' }, publisher);
  await store.save(shown);
  await store.save(
    change(
      shown.next,
      {
        type: 'correct',
        content: { ...PENALTY, caseNumber: '四工信罚〔2025〕10号', result: '罚款人民币叁万元' },
        basisDate: PENALTY.decisionDate,
      },
      { kind: 'user', userId: 'li.na', agencyId, roles: ['submitter'] },
    ),
  );
  // R9: a correction request filed 2025-09-15 was due 2025-09-24 and is still open; one filed 2025-09-26 is not
  // yet due (2025-10-10).
  const requests = new DynamoCorrectionRequestStore({ client: documents, tableName });
  await requests.save(filing(agencyId, 'D-overdue', { at: '2025-09-15T02:00:00.000Z' }));
  await requests.save(filing(agencyId, 'D-due-later', { at: '2025-09-26T02:00:00.000Z' }));
  // R10: a catalogue item whose law change took effect 2025-08-01 was due 2025-08-29: overdue on 2025-09-29.
  const catalog = new DynamoCatalogStore({ client: documents, tableName });
  const item = catalogCreation(agencyId);
  await catalog.save(item);
  await catalog.saveLawChange(lawChangeWrite(agencyId, [item.next], '2025-08-01'));
  // R12: the case system inventoried 1号 (submitted above, written here in full-width digits) and 50号, decided
  // 2025-09-15 and never submitted: due 2025-09-24, so one unsubmitted on 2025-09-29.
  const inventories = new DynamoInventoryStore({ client: documents, tableName });
  await reportInventory(
    {
      store,
      agencies: new DynamoAgencyDirectory({ client: documents, tableName }),
      calendar: createDefaultCalendar(),
      clock: { now: () => new Date('2025-09-20T02:00:00Z') },
      inventories,
    },
    {
      actor: { kind: 'user', userId: 'case-system', agencyId, roles: ['submitter'] },
      inventory: {
        period: '2025-09-15',
        decisions: [
          { caseNumber: '四工信罚〔２０２５〕１号', actionType: 'penalty' },
          { caseNumber: '四工信罚〔2025〕50号', actionType: 'penalty' },
        ],
      },
    },
  );
  documents.destroy();
  // The handler modules read their configuration when first imported: the environment must hold it first.
  Object.assign(process.env, {
    ...ENV,
    TABLE_NAME: tableName,
    GONGSHI_DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
  });
  delete process.env.POWERTOOLS_DEV;
  handler = (await import('../../functions/deadline-sweep/handler.ts')).handler as Handler;
});

afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

/** Everything written to stdout (Powertools writes through a Console on process.stdout) and console.log. */
async function capture(run: () => Promise<unknown>): Promise<string[]> {
  const chunks: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    chunks.push(`${args.map(String).join(' ')}\n`);
  });
  try {
    await run();
  } finally {
    write.mockRestore();
    log.mockRestore();
  }
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

interface Emf {
  readonly _aws: {
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
    }[];
  };
  readonly [key: string]: unknown;
}

describe('the deadline sweep handler', () => {
  it('publishes the overdue, due-soon, overdue-takedown, unconfirmed-withdrawal, overdue-correction-review, overdue-correction-request, overdue-catalogue, exemption-review and unsubmitted-inventoried counts as one EMF line, with the service as the only dimension', async () => {
    const lines = await capture(() => handler({ time: '2025-09-29T02:00:00Z' }));
    const emf = lines
      .map((line) => JSON.parse(line) as Partial<Emf>)
      .filter((entry): entry is Emf => entry._aws !== undefined);
    expect(emf).toHaveLength(1);
    const [line] = emf as [Emf];
    expect(line.OverdueDecisions).toBe(2);
    expect(line.DecisionsDueSoon).toBe(1);
    expect(line.OverdueTakedowns).toBe(0);
    expect(line.UnconfirmedWithdrawals).toBe(0);
    expect(line.OverdueCorrectionReviews).toBe(1);
    expect(line.OverdueCorrectionRequests).toBe(1);
    expect(line.OverdueCatalogItems).toBe(1);
    expect(line.ExemptionReviewsDue).toBe(1);
    expect(line.UnsubmittedInventoried).toBe(1);
    expect(line.service).toBe('gongshi');
    const [directive] = line._aws.CloudWatchMetrics;
    expect(directive?.Namespace).toBe('Gongshi');
    expect(directive?.Dimensions).toEqual([['service']]);
    expect(directive?.Metrics.map((m) => m.Name).sort()).toEqual([
      'DecisionsDueSoon',
      'ExemptionReviewsDue',
      'OverdueCatalogItems',
      'OverdueCorrectionRequests',
      'OverdueCorrectionReviews',
      'OverdueDecisions',
      'OverdueTakedowns',
      'UnconfirmedWithdrawals',
      'UnsubmittedInventoried',
    ]);
  });
});
