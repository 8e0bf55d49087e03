/**
 * R12: the activity items of records kept from before they were written with each change (docs/data-model.md):
 * every decision the site may show, from the rebuild's one Scan, read in full and its activity put again.
 * Idempotent, so it can run twice, or while the platform runs (a change meanwhile writes its own items).
 */
import type { ActivityBackfill, DecisionScanner, DecisionStore } from '../ports.ts';
import { mapLimited } from './pool.ts';

export interface BackfillDependencies {
  readonly scanner: DecisionScanner;
  readonly store: Pick<DecisionStore, 'get'>;
  readonly activity: ActivityBackfill;
}

export interface BackfillReport {
  readonly decisions: number;
  readonly items: number;
}

/** Reads in flight at once, per scanned batch: the table's capacity is shared with the running platform. */
const CONCURRENCY = 8;
const BATCH = 100;

export async function backfillActivity(deps: BackfillDependencies): Promise<BackfillReport> {
  let decisions = 0;
  let items = 0;
  let batch: string[] = [];
  const flush = async () => {
    const counts = await mapLimited(batch, CONCURRENCY, async (id) => {
      const stored = await deps.store.get(id);
      return stored ? await deps.activity.recordActivity(stored.decision) : 0;
    });
    decisions += counts.length;
    items += counts.reduce((sum, n) => sum + n, 0);
    batch = [];
  };
  for await (const ref of deps.scanner.scanPublicDecisions()) {
    batch.push(ref.id);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return { decisions, items };
}
