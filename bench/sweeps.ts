/**
 * Row 6: the scheduled sweeps (shared/app/sweeps.ts) on the seeded table, with every item DynamoDB returns to
 * them counted (Query, GetItem: index entries, decisions, agencies), against what they report as due.
 */

import { DynamoCatalogStore } from '../shared/adapters/dynamodb/catalog-store.ts';
import { DynamoCorrectionRequestStore } from '../shared/adapters/dynamodb/correction-request-store.ts';
import { deadlineSweep, withdrawalSweep } from '../shared/app/sweeps.ts';
import { type DynamoCounts, difference, snapshot } from './counting.ts';
import type { BenchEnvironment } from './local.ts';

export interface SweepMeasure {
  readonly sweep: 'deadline' | 'withdrawal';
  readonly tableDecisions: number;
  readonly due: number;
  readonly counts: DynamoCounts;
  readonly ms: number;
}

export async function measureDeadlineSweep(
  env: BenchEnvironment,
  tableDecisions: number,
): Promise<SweepMeasure> {
  const requests = new DynamoCorrectionRequestStore({ client: env.client, tableName: env.tableName });
  const catalog = new DynamoCatalogStore({ client: env.client, tableName: env.tableName });
  const before = snapshot(env.dynamoCounts);
  const t0 = performance.now();
  const result = await deadlineSweep({ ...env.deps, requests, catalog }, new Date());
  const ms = performance.now() - t0;
  const due =
    result.overdue +
    result.dueSoon +
    result.overdueTakedowns +
    result.overdueCorrectionRequests +
    result.overdueCatalogItems;
  return { sweep: 'deadline', tableDecisions, due, counts: difference(env.dynamoCounts, before), ms };
}

/** R6 at `now`: withdraws what expired by then (it writes: run it last). */
export async function measureWithdrawalSweep(
  env: BenchEnvironment,
  tableDecisions: number,
  now: Date,
): Promise<SweepMeasure & { readonly withdrawn: number }> {
  const before = snapshot(env.dynamoCounts);
  const t0 = performance.now();
  const result = await withdrawalSweep(env.deps, now);
  const ms = performance.now() - t0;
  return {
    sweep: 'withdrawal',
    tableDecisions,
    due: result.due,
    withdrawn: result.withdrawn,
    counts: difference(env.dynamoCounts, before),
    ms,
  };
}
