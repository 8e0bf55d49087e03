/**
 * The reconcile sweep once when the local platform starts. A platform killed mid-publish leaves decisions in
 * `publishing` (and takedowns unconfirmed); its schedule would find them only at the next five-minute mark,
 * and only once they are two minutes old, since on AWS a younger one may still be on its way through the
 * stream. At start nothing is on its way (DynamoDB Local holds its -dbPath for this platform alone, so no
 * other publisher runs on the data), so the run stands for the instant that grace has passed: every record
 * left half-way is published now.
 */

import { STUCK_PUBLISHING_MS } from '../../shared/app/sweeps.ts';
import type { FunctionName } from '../../shared/manifest.ts';
import { SCHEDULES } from '../../shared/schedules.ts';
import { summaryLine } from './run-summary.ts';
import { importScheduledHandler, type ScheduledHandler, scheduleEvent } from './scheduler.ts';

const RECONCILE: FunctionName = 'reconcile-sweep';

export interface ReconcileAtStartOptions {
  readonly now?: Date;
  readonly load?: (name: FunctionName) => Promise<ScheduledHandler>;
  readonly log: (line: string) => void;
  readonly onError: (message: string, error: unknown) => void;
}

/** Never throws: a platform that cannot reconcile still starts, and its schedule tries again. */
export async function reconcileAtStart(options: ReconcileAtStartOptions): Promise<unknown> {
  const schedule = SCHEDULES.find((s) => s.function === RECONCILE);
  const time = new Date((options.now ?? new Date()).getTime() + STUCK_PUBLISHING_MS);
  try {
    const handler = await (options.load ?? importScheduledHandler)(RECONCILE);
    const result = await handler(scheduleEvent(time, schedule));
    options.log(`reconcile at start: ${summaryLine(RECONCILE, result, RECONCILE.length + 2)}`);
    return result;
  } catch (error) {
    options.onError('reconcile at start failed (its schedule tries again):', error);
    return undefined;
  }
}
